from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from dangjian.school.permissions import get_member_school_for_user

from .models import JobStatus
from .permissions import get_job_for_user


@login_required
def detail(request, code, pk):
    """While the job runs, its progress (polled); once done, its result."""
    school = get_member_school_for_user(request.user, code)
    job = get_job_for_user(request.user, school, pk)
    if job.status == JobStatus.DONE and job.result_url:
        messages.success(request, f"{job.label}：{job.stage}")
        return redirect(job.result_url)
    return render(request, "jobs/detail.html", {"school": school, "job": job})


@login_required
def status(request, code, pk):
    """The status card, polled by htmx while the job runs; a finished job sends the browser to its result."""
    school = get_member_school_for_user(request.user, code)
    job = get_job_for_user(request.user, school, pk)
    if job.finished and job.result_url and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = job.result_url
        return response
    return render(request, "jobs/_status.html", {"school": school, "job": job})
