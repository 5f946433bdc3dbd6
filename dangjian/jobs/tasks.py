"""The one task the worker runs: a Job, by its kind (Django's tasks API: any backend will do)."""

import logging

from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks import task

from .models import Job, JobStatus
from .registry import KINDS

log = logging.getLogger(__name__)


@task()
def run_job(job_id: int) -> None:
    """Idempotent: a job that is not queued any more (run already, or delivered twice) is left alone."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), stage="开始运行", progress=1
    )
    if not claimed:
        return
    job = Job.objects.select_related("school", "created_by").get(pk=job_id)

    def report(progress: int, stage: str) -> None:
        Job.objects.filter(pk=job_id).update(progress=max(0, min(99, progress)), stage=stage[:200])

    try:
        result_url, summary = KINDS[job.kind].run(job, report)
    except ValidationError as exc:
        _finish(job_id, JobStatus.FAILED, error="；".join(exc.messages))
    except Exception:
        log.exception("job %s (%s) failed", job_id, job.kind)
        _finish(job_id, JobStatus.FAILED, error="运行出错，已记录日志；请稍后重试或联系管理员。")
    else:
        _finish(job_id, JobStatus.DONE, result_url=result_url, stage=summary or "已完成")


def _finish(job_id: int, status: str, *, error: str = "", result_url: str = "", stage: str = "失败") -> None:
    Job.objects.filter(pk=job_id).update(
        status=status,
        error=error,
        result_url=result_url,
        finished_at=timezone.now(),
        stage=stage[:200],
        progress=100 if status == JobStatus.DONE else 0,
    )
