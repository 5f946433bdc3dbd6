"""/api/v1/jobs: the state of a background job (an optimizer run, a matching) started through the API or a page."""

import datetime as dt
from typing import Annotated

from ninja import Path, Router, Schema

from dangjian.jobs.models import Job
from dangjian.jobs.permissions import get_job_for_user

from .common import ERRORS, school_of

router = Router(tags=["后台任务"])
JobId = Annotated[int, Path(..., ge=1, le=2_147_483_647, title="任务编号")]


class JobOut(Schema):
    id: int
    kind: str
    label: str
    status: str
    status_display: str
    stage: str
    progress: int
    result_url: str
    error: str
    created_at: dt.datetime
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_status_display(obj):
        return obj.get_status_display()


@router.get("/{job_id}", response={200: JobOut, **ERRORS}, summary="后台任务状态（排队中/运行中/已完成/失败）")
def job_detail(request, job_id: JobId):
    school = school_of(request.user, Job, job_id)
    return get_job_for_user(request.user, school, job_id)
