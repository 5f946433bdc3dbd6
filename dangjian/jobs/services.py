from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from dangjian.accounts.services import audit

from .models import Job
from .registry import KINDS
from .tasks import run_job


def job_start(*, kind: str, school, actor, params: dict, request=None) -> Job:
    """Record the job and hand it to the worker (with the immediate backend of the tests it runs at once)."""
    if kind not in KINDS:
        raise ValueError(kind)
    with transaction.atomic():
        job = Job.objects.create(
            school=school,
            kind=kind,
            params=params,
            created_by=actor if actor is not None and actor.is_authenticated else None,
            stage="排队等待后台运行",
        )
        audit(actor, "jobs.start", job, school=school, summary=f"{KINDS[kind].label}：提交后台运行", request=request)
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def job_attach_file(job: Job, *, name: str, body: bytes) -> str:
    """Keep a job's result file (served only through ``jobs:file``, after the access check); its download URL."""
    job.result_file.save(name, ContentFile(body), save=False)
    Job.objects.filter(pk=job.pk).update(result_file=job.result_file.name, result_name=name[:200])
    return reverse("jobs:file", args=[job.school.code, job.pk])
