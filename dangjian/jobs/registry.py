"""The kinds of background job: each a plain function ``run(job, report) -> (result URL, summary)`` of its
module.

``report(progress, stage)`` records how far it has got (0–100 and a Chinese sentence); an exception ends the
job as failed with its message (a ValidationError's messages, or a generic sentence for anything else)."""

from dataclasses import dataclass

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class JobKind:
    label: str
    function: str  # dotted path of run(job, report) -> (result URL, summary)

    def run(self, job, report) -> tuple[str, str]:
        return import_string(self.function)(job, report)


KINDS = {
    "staffing.optimize": JobKind("任课安排优化", "dangjian.staffing.jobs.optimize"),
    "mentoring.match": JobKind("导师智能配对", "dangjian.mentoring.jobs.match"),
    "rosters.import": JobKind("名册导入", "dangjian.rosters.jobs.apply"),
    "support.import": JobKind("帮扶名册导入", "dangjian.support.jobs.apply"),
    "reports.annual": JobKind("年度党建工作报告", "dangjian.reports.jobs.annual"),
}
