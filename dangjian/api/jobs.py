"""/api/v1/jobs: the state of a background job (an optimizer run, a matching, the annual report) started through
the API or a page, and the file a job made."""

import datetime as dt
from typing import Annotated

from ninja import Field, Path, Router, Schema

from dangjian.jobs.models import Job
from dangjian.jobs.permissions import get_job_for_user
from dangjian.jobs.views import job_file_response
from dangjian.lib.downloads import DOCX_CONTENT_TYPE, XLSX_CONTENT_TYPE

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
    result_name: str = Field(description="结果文件名（生成文件的任务）；文件由 /jobs/{id}/file 下载")
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


FILE_TYPES = {"description": "任务生成的文件", "content": {DOCX_CONTENT_TYPE: {}, XLSX_CONTENT_TYPE: {}}}


@router.get(
    "/{job_id}/file",
    response={200: None, **ERRORS},
    summary="下载任务生成的文件（已完成的报告等）",
    openapi_extra={"responses": {200: FILE_TYPES}},
)
def job_file(request, job_id: JobId):
    school = school_of(request.user, Job, job_id)
    return job_file_response(get_job_for_user(request.user, school, job_id))
