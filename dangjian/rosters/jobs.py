"""Large imports as background jobs (jobs.registry): a file of more than JOB_ROWS rows, once previewed, is applied
by the worker (a proxy would cut a request of a minute), all or nothing as in the request."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from dangjian.jobs.services import job_start

from . import queries, uploads

JOB_ROWS = 2000  # previewed rows above which the confirm step hands the import to the worker
CHANGED = "数据在预览后发生了变化，出现了问题，未写入任何数据。请核对后重新上传。"


def start_if_large(request, *, job_kind: str, school, token: str, meta: dict, **params):
    """The import's job when the previewed file is large (the upload leaves the session for the job), else None."""
    if meta.get("rows", 0) <= JOB_ROWS:
        return None
    params = {"token": token, "filename": meta["filename"], "period": meta["period"], "rows": meta["rows"], **params}
    uploads.hand_over(request, token)
    return job_start(kind=job_kind, school=school, actor=request.user, params=params, request=request)


def read_upload(job, progress) -> bytes:
    data = uploads.take(job.created_by_id, job.params.get("token", ""))
    if data is None:
        raise ValidationError("上传的文件已过期或不存在，请重新上传。")
    progress(10, f"正在核对并写入 {job.params['rows']} 行（全部成功才写入）")
    return data


def refused(plan) -> ValidationError:
    return ValidationError([CHANGED, *(str(p) for p in plan.problems[:5])])


def apply(job, progress) -> tuple[str, str]:
    """``params``: kind, token, filename, period (school year or semester id), rows, add_unknown."""
    from .services import roster_import

    params = job.params
    data = read_upload(job, progress)
    plan, applied = roster_import(
        kind=params["kind"],
        school=job.school,
        data=data,
        filename=params["filename"],
        actor=job.created_by,
        add_unknown=params.get("add_unknown", False),
        **queries.period_of(params["kind"], params["period"]),
    )
    if not applied:
        raise refused(plan)
    return reverse(queries.list_page(params["kind"]), args=[job.school.code]), "导入完成：" + plan.summary()
