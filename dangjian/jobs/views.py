from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render

from dangjian.lib.access import not_found
from dangjian.lib.downloads import DOCX_CONTENT_TYPE, XLSX_CONTENT_TYPE
from dangjian.school.permissions import get_member_school_for_user

from .models import JobStatus
from .permissions import get_job_for_user

FILE_TYPES = {".docx": DOCX_CONTENT_TYPE, ".xlsx": XLSX_CONTENT_TYPE}


@login_required
def detail(request, code, pk):
    """While the job runs, its progress (polled); once done, its result (a page; a file is offered for download)."""
    school = get_member_school_for_user(request.user, code)
    job = get_job_for_user(request.user, school, pk)
    if job.status == JobStatus.DONE and job.result_url and not job.result_file:
        messages.success(request, f"{job.label}：{job.stage}")
        return redirect(job.result_url)
    return render(request, "jobs/detail.html", {"school": school, "job": job})


@login_required
def status(request, code, pk):
    """The status card, polled by htmx while the job runs; a finished job sends the browser to its result."""
    school = get_member_school_for_user(request.user, code)
    job = get_job_for_user(request.user, school, pk)
    if job.finished and job.result_url and not job.result_file and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = job.result_url
        return response
    return render(request, "jobs/_status.html", {"school": school, "job": job})


@login_required
def file(request, code, pk):
    """A finished job's result file, to those who may see the job."""
    school = get_member_school_for_user(request.user, code)
    job = get_job_for_user(request.user, school, pk)
    return job_file_response(job)


def job_file_response(job) -> FileResponse:
    if job.status != JobStatus.DONE or not job.result_file:
        not_found()
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError:
        not_found()
    name = job.result_name or job.result_file.name
    content_type = FILE_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
