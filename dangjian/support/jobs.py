"""A large register import (poor or special students) applied by the worker, as rosters.jobs does for rosters."""

from django.urls import reverse

from dangjian.rosters.jobs import read_upload, refused
from dangjian.school.models import SchoolYear

from . import services


def apply(job, progress) -> tuple[str, str]:
    """``params``: register, token, filename, period (the school year's id), rows."""
    params = job.params
    data = read_upload(job, progress)
    year = SchoolYear.objects.get(pk=params["period"])
    plan, applied = services.register_import(
        register=params["register"],
        school=job.school,
        school_year=year,
        data=data,
        filename=params["filename"],
        actor=job.created_by,
    )
    if not applied:
        raise refused(plan)
    target = "support:poor_list" if params["register"] == "poor" else "support:special_list"
    return reverse(target, args=[job.school.code]) + f"?year={year.start_year}", "导入完成：" + plan.summary()
