"""The optimizer as a background job (jobs.registry): it may run for minutes, longer than a proxy waits."""

from dangjian.school.models import Semester

from . import services
from .models import OptimizerRun


def optimize(job, report) -> tuple[str, str]:
    """``params``: semester (id), time_limit, pins; or rerun_of (a run whose semester and pins to reuse)."""
    params = job.params
    report(10, "正在读取本学期的班级、教师和任课安排")
    if params.get("rerun_of"):
        previous = OptimizerRun.objects.select_related("school", "semester").get(
            pk=params["rerun_of"], school=job.school
        )
        semester, pins, limit = previous.semester, previous.pins, params.get("time_limit") or previous.time_limit
    else:
        semester = Semester.objects.get(pk=params["semester"])
        pins, limit = params.get("pins") or [], params.get("time_limit")
    report(30, f"正在求解（时限 {limit or '按设置'} 秒）")
    run = services.optimizer_run(
        school=job.school, semester=semester, actor=job.created_by, pins=pins, time_limit=limit
    )
    return run.get_absolute_url(), f"{run.get_status_display()}：{semester}"
