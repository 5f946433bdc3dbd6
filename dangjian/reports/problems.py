"""The findings of the module apps for the annual report's 问题与下一步, from those apps' own rule functions:
抓好一个学科 (subjects without a linked cadre, cadres behind the semester minimum), 帮好一个团支部 (branches
without enough Party-member lessons) and student support (unpaired students, overdue contacts — counts only:
a report leaves the school, so it never names a student)."""

import datetime as dt

from dangjian.league.queries import year_summary
from dangjian.meetings.compliance import row_findings
from dangjian.meetings.queries import compliance_by_year
from dangjian.school.models import School, SchoolYear, Semester
from dangjian.subjects.queries import overview
from dangjian.support import checks as support_checks
from dangjian.support.queries import reference_day, semester_facts, settings_for

TERM_LABELS = {1: "第一学期", 2: "第二学期"}
LIMIT = 10  # lines per module; the report is a draft the secretary edits


def _capped(lines: list[str], prefix: str) -> list[str]:
    if len(lines) <= LIMIT:
        return lines
    return [*lines[:LIMIT], f"{prefix}另有 {len(lines) - LIMIT} 项未列出，详见系统中的对应页面。"]


def compliance_problems(school: School, year: SchoolYear, today: dt.date) -> list[str]:
    """Overdue 三会一课 of the school year only: the periods that end inside it (its autumn months of one
    calendar year and its spring months of the next), and the leaders' and branch secretaries' 党课 of the
    calendar year that ends inside it."""
    calendar_years = [cal for cal in (year.start_year, year.start_year + 1) if dt.date(cal, 1, 1) <= today]
    lines = []
    for cal, data in compliance_by_year([school.pk], calendar_years, today).items():  # in year order
        for item in data.orgs:
            rows = [r for r in item.rows if year.starts_on <= r.period.ends_on <= year.ends_on]
            lines.extend(f.message for f in row_findings(item.org, rows) if f.level == "danger")
        if year.starts_on <= dt.date(cal, 12, 31) <= year.ends_on:
            lines.extend(f.message for f in data.lecturer_findings.get(school.pk, []) if f.level == "danger")
    return list(dict.fromkeys(lines))[:20]


def subject_problems(school: School, year: SchoolYear, today: dt.date) -> list[str]:
    data = overview(school, year, today)
    lines = [f"抓好一个学科：{f.message}。" for f in data["findings"] if f.level == "danger"]
    lines += [f"抓好一个学科：{row.cadre_name}（{row.subject_names}）{row.message}。" for row in data["behind"]]
    return _capped(lines, "抓好一个学科：")


def league_problems(school: School, year: SchoolYear, today: dt.date) -> list[str]:
    lines = [f"帮好一个团支部：{f.message}。" for f in year_summary(school, year, today)["findings"]]
    return _capped(lines, "帮好一个团支部：")


def support_problems(school: School, year: SchoolYear, today: dt.date) -> list[str]:
    """Per semester that has begun: how many registered students have no confirmed pairing and how many
    special students are overdue for a contact. Counts of distinct students, never their names."""
    interval = settings_for(school).contact_interval_days
    lines = []
    for semester in Semester.objects.filter(school_year=year, starts_on__lte=today).order_by("term"):
        registered, facts = semester_facts(school, semester, today=today)
        findings = support_checks.semester_findings(
            registered,
            facts,
            today=reference_day(semester, today),
            semester_start=semester.starts_on,
            semester_over=today > semester.ends_on,
            interval_days=interval,
        )
        unpaired = support_checks.unpaired(registered, facts)
        missing = support_checks.poor_missing_kinds(facts, semester_over=today > semester.ends_on)
        overdue = set(findings) - set(unpaired) - set(missing)
        label = TERM_LABELS.get(semester.term, f"第{semester.term}学期")
        no_pairing = {f.student_id for f in unpaired if f.level == "danger"}
        proposed = {f.student_id for f in unpaired if f.level != "danger"} - no_pairing
        if no_pairing:
            lines.append(f"帮好每名贫困生、特殊生：{label}有 {len(no_pairing)} 名登记学生尚未结对帮扶。")
        if proposed:
            lines.append(f"帮好每名贫困生、特殊生：{label}有 {len(proposed)} 名学生的结对建议尚待确认。")
        if overdue:
            students = len({f.student_id for f in overdue})
            lines.append(f"帮好每名贫困生、特殊生：{label}有 {students} 名特殊生超过 {interval} 天未联系。")
        lacking = {f.student_id for f in missing if f.level == "danger"}
        if lacking:
            lines.append(
                f"帮好每名贫困生、特殊生：{label}有 {len(lacking)} 名贫困生未开展全部三类帮扶（思想交流、学习辅导、钱物资助）。"
            )
    return lines


def module_problems(school: School, year: SchoolYear, today: dt.date) -> list[str]:
    return [
        *subject_problems(school, year, today),
        *league_problems(school, year, today),
        *support_problems(school, year, today),
    ]
