"""The annual report as a background job (jobs.registry): its figures take seconds to compute on a real school."""

from django.core.exceptions import ValidationError

from dangjian.jobs.services import job_attach_file
from dangjian.school.models import SchoolYear

from . import report

FORMATS = {"docx": ("学年党建工作报告", report.annual_docx), "xlsx": ("学年党建数据", report.annual_xlsx)}


def annual(job, progress) -> tuple[str, str]:
    """``params``: year (its start year), format (docx or xlsx)."""
    year = SchoolYear.objects.filter(start_year=job.params.get("year")).first()
    if year is None or job.params.get("format") not in FORMATS:
        raise ValidationError("学年或格式不存在。")
    title, render = FORMATS[job.params["format"]]
    progress(20, f"正在统计 {year} 学年的各项数据")
    data = report.report_data(job.school, year)
    progress(70, "正在生成文件")
    name = f"{job.school.name}{year.code}{title}.{job.params['format']}"
    return job_attach_file(job, name=name, body=render(data)), f"已生成：{name}"
