"""Mentoring matching as a background job (jobs.registry)."""

from django.urls import reverse

from dangjian.school.models import SchoolYear

from . import services


def match(job, report) -> tuple[str, str]:
    """``params``: school_year (id)."""
    year = SchoolYear.objects.get(pk=job.params["school_year"])
    report(20, f"正在为 {year} 的青年教师配对导师")
    proposal, created = services.matching_run(school=job.school, school_year=year, actor=job.created_by)
    kept = sum(1 for p in proposal.new_pairs() if p.origin == "kept")
    url = reverse("mentoring:match", args=[job.school.code]) + f"?year={year.start_year}"
    summary = (
        f"已生成拟定配对 {len(created)} 对（其中延续上学年 {kept} 对）；仍有 {len(proposal.unmatched)} 个导师空缺。"
    )
    return url, summary
