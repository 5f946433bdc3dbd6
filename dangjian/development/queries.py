"""Reads of development files, each a fixed number of queries."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch

from dangjian.lib import clock
from dangjian.school.models import School

from . import rules
from .enums import Stage
from .models import DevelopmentFile, DevelopmentPlan, DevelopmentStep
from .services import rule_step


@dataclass
class FileRow:
    file: DevelopmentFile
    steps: list[DevelopmentStep]
    stage: str
    next: rules.NextStep | None
    stage_dates: dict[str, dt.date]
    overdue: bool
    due_soon: bool

    @property
    def has_left(self) -> bool:
        return self.file.has_left

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label

    @property
    def last_step(self) -> DevelopmentStep | None:
        return self.steps[-1] if self.steps else None


def file_row(file: DevelopmentFile, steps: list[DevelopmentStep], today: dt.date) -> FileRow:
    for step in steps:
        step.file = file
    facts = [rule_step(step) for step in steps]
    nxt = None if file.has_left else rules.next_step(facts, today)
    return FileRow(
        file=file,
        steps=steps,
        stage=rules.stage(facts) or Stage.APPLICANT,
        next=nxt,
        stage_dates=rules.stage_dates(facts),
        overdue=bool(nxt and nxt.is_overdue(today)),
        due_soon=bool(nxt and nxt.is_due_soon(today)),
    )


def pipeline(files, today: dt.date | None = None) -> list[FileRow]:
    """Every file of the queryset ``files`` with its stage and next step: two queries."""
    today = today or clock.today()
    qs = files.select_related("staff__party_record", "student", "branch").prefetch_related(
        Prefetch("steps", queryset=DevelopmentStep.objects.order_by("date", "pk"))
    )
    return [file_row(file, list(file.steps.all()), today) for file in qs.order_by("branch__order", "branch", "pk")]


def year_range(year: int) -> tuple[dt.date, dt.date]:
    """The school year starting in September of ``year``."""
    return dt.date(year, 9, 1), dt.date(year + 1, 8, 31)


def entered_in_year(rows: list[FileRow], year: int) -> Counter:
    """(branch id, stage) -> files that entered the stage in the school year ``year``."""
    first, last = year_range(year)
    counts = Counter()
    for row in rows:
        for stage, day in row.stage_dates.items():
            if first <= day <= last:
                counts[row.file.branch_id, stage] += 1
    return counts


def development_figures(school: School, year: int) -> dict[str, int]:
    """Members developed in the school year ``year`` (1 September to 31 August), by stage: the files of the
    school that entered each stage in it (a 预备党员 from the assembly's vote, a 正式党员 from the end of
    probation). Staff and 推优学生 files alike: both are development work. Two queries."""
    counts = entered_in_year(pipeline(DevelopmentFile.objects.filter(school=school)), year)
    by_stage = Counter()
    for (_, stage), n in counts.items():
        by_stage[stage] += n
    return {stage: by_stage[stage] for stage in Stage.values if stage != Stage.CANCELLED}


@dataclass
class PlanRow:
    branch: object
    target: int | None
    admitted: int


def plan_vs_actual(branches, rows: list[FileRow], year: int) -> list[PlanRow]:
    """Per branch: the year's target and the 预备党员 admitted in the year. One query."""
    targets = dict(DevelopmentPlan.objects.filter(branch__in=branches, year=year).values_list("branch_id", "target"))
    counts = entered_in_year(rows, year)
    return [PlanRow(b, targets.get(b.pk), counts[b.pk, Stage.PROBATIONARY]) for b in branches]


def by_stage(rows: list[FileRow]) -> list[tuple[str, str, list[FileRow]]]:
    """The rows grouped by stage, in the stages' order: (value, label, rows)."""
    groups = defaultdict(list)
    for row in rows:
        groups[row.stage].append(row)
    return [(value, label, groups[value]) for value, label in Stage.choices]
