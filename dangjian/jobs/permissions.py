"""A job (and its result file) is seen by the members of its school who may start its kind, and by whoever
started it (an import: only whoever uploaded the file); 404 else."""

from dangjian.lib.access import not_found
from dangjian.school.models import School

from .models import Job


def get_job_for_user(user, school: School, pk: int) -> Job:
    from dangjian.mentoring.permissions import can_manage
    from dangjian.reports.permissions import can_view_dashboard
    from dangjian.staffing.permissions import can_manage_staffing

    job = Job.objects.filter(school=school, pk=pk).select_related("school").first()
    if job is None:
        not_found()
    may = {
        "staffing.optimize": can_manage_staffing,
        "mentoring.match": can_manage,
        "reports.annual": can_view_dashboard,
    }.get(job.kind)
    if not (job.created_by_id == user.pk or (may is not None and may(user, school))):
        not_found()
    return job
