"""Reads of the subject links and activities with their joins: a fixed number of queries per page."""

import datetime as dt
from collections import defaultdict

from django.db.models import Avg, Count, Q, QuerySet

from dangjian.lib.listing import int_or_none
from dangjian.party.membership import PARTY_HERE
from dangjian.school.enums import ProfessionalTitle
from dangjian.school.models import School, SchoolYear, Semester, Staff, Subject

from . import checks
from .enums import ActivityKind, LinkStatus
from .models import LessonEvaluation, SubjectActivity, SubjectLink, SubjectRules

KEY_TITLES = (ProfessionalTitle.SENIOR, ProfessionalTitle.SENIOR_PLUS)

CADRE_Q = Q(leader_post__gt="") | (PARTY_HERE & (Q(key_teacher_level__gt="") | Q(title__in=KEY_TITLES)))


def eligible_cadres(school: School) -> QuerySet[Staff]:
    """School leaders and key Party teachers in service (checks.is_eligible_cadre, in SQL)."""
    return (
        Staff.objects.filter(school=school, is_active=True)
        .filter(CADRE_Q)
        .prefetch_related("subjects")
        .order_by("-leader_post", "staff_number")
    )


def minimum_for(school: School) -> checks.Minimum:
    rules = SubjectRules.objects.filter(school=school).first()
    if rules is None:
        return checks.Minimum()
    return checks.Minimum(activities=rules.min_activities, demo_lessons=rules.min_demo_lessons)


def terms_of(school_year: SchoolYear | None) -> list[checks.TermWindow]:
    if school_year is None:
        return []
    return [
        checks.TermWindow(term, start, end)
        for term, start, end in Semester.objects.filter(school_year=school_year)
        .order_by("term")
        .values_list("term", "starts_on", "ends_on")
    ]


def year_links(school: School, school_year: SchoolYear | None) -> list[SubjectLink]:
    return list(
        SubjectLink.objects.filter(school=school, school_year=school_year)
        .select_related("cadre", "subject")
        .order_by("subject__order", "subject__name", "cadre__staff_number")
    )


def findings_of(subjects, links) -> list[checks.Finding]:
    return checks.link_findings(
        [(s.pk, s.name) for s in subjects],
        [checks.LinkFacts(link.cadre_id, link.cadre.name, link.subject_id, link.subject.name) for link in links],
    )


def overview(school: School, school_year: SchoolYear | None, today: dt.date, *, links_qs=None) -> dict:
    """The year's links, warnings, figures per subject and per cadre, who is behind and the
    year-on-year chart. ``links_qs`` narrows the cadre figures (a teacher sees their own)."""
    subjects = list(Subject.objects.filter(school=school).order_by("order", "name"))
    links = year_links(school, school_year)
    terms = terms_of(school_year)
    minimum = minimum_for(school)
    facts = list(
        SubjectActivity.objects.filter(link__school=school, link__school_year=school_year).values_list(
            "link__cadre_id", "link__subject_id", "kind", "date"
        )
    )
    by_cadre = checks.tally((checks.ActivityFact(c, k, d) for c, _, k, d in facts), terms)
    by_subject = checks.tally((checks.ActivityFact(s, k, d) for _, s, k, d in facts), terms)
    published = [link for link in links if link.status == LinkStatus.PUBLISHED]
    cadres: dict[int, list] = {}
    for link in published:
        cadres.setdefault(link.cadre_id, [link.cadre, []])[1].append(link.subject.name)
    visible_ids = None
    if links_qs is not None:
        visible_ids = set(links_qs.filter(school_year=school_year).values_list("cadre_id", flat=True))
    cadre_rows = [
        {"cadre": cadre, "subjects": "、".join(names), "tally": by_cadre.get(cadre.pk, checks.YearTally())}
        for cadre, names in sorted(cadres.values(), key=lambda item: item[0].staff_number)
        if visible_ids is None or cadre.pk in visible_ids
    ]
    behind = checks.behind(
        [(row["cadre"].pk, row["cadre"].name, row["subjects"]) for row in cadre_rows], by_cadre, minimum, terms, today
    )
    cadres_of_subject: dict[int, list[str]] = defaultdict(list)
    for link in published:
        cadres_of_subject[link.subject_id].append(link.cadre.name)
    subject_rows = [
        {
            "subject": subject,
            "cadres": "、".join(cadres_of_subject.get(subject.pk, [])),
            "tally": by_subject.get(subject.pk, checks.YearTally()),
        }
        for subject in subjects
    ]
    return {
        "subjects": subjects,
        "links": links,
        "draft_count": sum(1 for link in links if link.status == LinkStatus.DRAFT),
        "findings": findings_of(subjects, links),
        "subject_rows": subject_rows,
        "cadre_rows": cadre_rows,
        "behind": behind,
        "minimum": minimum,
        "terms": terms,
        "chart": year_on_year(school, subjects, school_year),
    }


def year_on_year(school: School, subjects: list[Subject], school_year: SchoolYear | None, span: int = 5) -> dict:
    """Activities per subject in the selected year and the years before it (at most ``span``)."""
    last = school_year.start_year if school_year else None
    rows = SubjectActivity.objects.filter(link__school=school)
    if last is not None:
        rows = rows.filter(link__school_year__start_year__lte=last, link__school_year__start_year__gt=last - span)
    counts = (
        rows.values("link__school_year__start_year", "link__subject__name")
        .annotate(n=Count("pk"))
        .values_list("link__school_year__start_year", "link__subject__name", "n")
    )
    by_key = {(f"{year}-{year + 1}", name): n for year, name, n in counts}
    years = sorted({year for year, _ in by_key})
    return checks.year_on_year_option([s.name for s in subjects], years, by_key)


# Lists ------------------------------------------------------------------------------------------


def search_links(qs: QuerySet[SubjectLink], school_year: SchoolYear | None, *, q="", subject="", status=""):
    qs = qs.filter(school_year=school_year)
    if q:
        qs = qs.filter(Q(cadre__name__icontains=q) | Q(cadre__staff_number__icontains=q))
    if (subject := int_or_none(subject)) is not None:
        qs = qs.filter(subject_id=subject)
    if status in LinkStatus.values:
        qs = qs.filter(status=status)
    return (
        qs.select_related("school", "school_year", "cadre", "subject")
        .annotate(
            activity_count=Count("activities", distinct=True),
            demo_count=Count("activities", filter=Q(activities__kind=ActivityKind.DEMO_LESSON), distinct=True),
        )
        .order_by("subject__order", "subject__name", "cadre__staff_number")
    )


def search_activities(
    qs: QuerySet[SubjectActivity], school_year: SchoolYear | None, *, q="", kind="", subject="", cadre="", term=""
):
    qs = qs.filter(link__school_year=school_year)
    if q:
        qs = qs.filter(Q(topic__icontains=q) | Q(link__cadre__name__icontains=q))
    if kind in ActivityKind.values:
        qs = qs.filter(kind=kind)
    if (subject := int_or_none(subject)) is not None:
        qs = qs.filter(link__subject_id=subject)
    if (cadre := int_or_none(cadre)) is not None:
        qs = qs.filter(link__cadre_id=cadre)
    if term in ("1", "2") and school_year is not None:
        window = Semester.objects.filter(school_year=school_year, term=int(term)).first()
        if window:
            qs = qs.filter(date__range=(window.starts_on, window.ends_on))
    return (
        qs.select_related("link__school", "link__school_year", "link__cadre", "link__subject")
        .annotate(
            participant_count=Count("participants", distinct=True),
            evaluation_count=Count("evaluations", distinct=True),
            average_score=Avg("evaluations__score"),
        )
        .order_by("-date", "-pk")
    )


def subject_group(subject: Subject) -> QuerySet[Staff]:
    """The subject's teaching-research group: staff in service who teach it."""
    return Staff.objects.filter(school_id=subject.school_id, is_active=True, subjects=subject).order_by("staff_number")


def activity_detail(activity: SubjectActivity) -> dict:
    evaluations = list(
        LessonEvaluation.objects.filter(activity=activity).select_related("evaluator").order_by("-score", "pk")
    )
    scores = [e.score for e in evaluations]
    return {
        "participants": list(activity.participants.order_by("staff_number")),
        "evaluations": evaluations,
        "average_score": round(sum(scores) / len(scores), 1) if scores else None,
    }


def link_activities(link: SubjectLink) -> QuerySet[SubjectActivity]:
    return (
        link.activities.select_related("link__school")
        .annotate(participant_count=Count("participants", distinct=True))
        .order_by("-date", "-pk")
    )


def grid(school: School, school_year: SchoolYear | None) -> dict:
    """Cadres × subjects for the link editor: which cells are linked (and how), which subjects each
    cadre teaches, and the links that already carry activities (they cannot be removed)."""
    subjects = list(Subject.objects.filter(school=school).order_by("order", "name"))
    links = year_links(school, school_year)
    linked_ids = {link.cadre_id for link in links}
    cadres = list(eligible_cadres(school))
    extra = [link.cadre for link in links if link.cadre_id not in {c.pk for c in cadres}]
    seen = set()
    for cadre in extra:  # linked earlier, no longer eligible: still shown so the link can be removed
        if cadre.pk not in seen:
            seen.add(cadre.pk)
            cadres.append(cadre)
    cells = {(link.cadre_id, link.subject_id): link for link in links}
    with_activities = set(
        SubjectActivity.objects.filter(link__in=[link.pk for link in links]).values_list("link_id", flat=True)
    )
    taught = {c.pk: {s.pk for s in c.subjects.all()} for c in cadres if hasattr(c, "_prefetched_objects_cache")}
    rows = []
    for cadre in cadres:
        row = []
        for subject in subjects:
            link = cells.get((cadre.pk, subject.pk))
            row.append(
                {
                    "subject": subject,
                    "value": f"{cadre.pk}-{subject.pk}",
                    "link": link,
                    "locked": bool(link and link.pk in with_activities),
                    "teaches": subject.pk in taught.get(cadre.pk, set()),
                }
            )
        rows.append({"cadre": cadre, "cells": row, "linked": cadre.pk in linked_ids})
    column_counts = [sum(1 for link in links if link.subject_id == s.pk) for s in subjects]
    return {
        "subjects": subjects,
        "rows": rows,
        "column_counts": column_counts,
        "links": links,
        "findings": findings_of(subjects, links),
        "draft_count": sum(1 for link in links if link.status == LinkStatus.DRAFT),
    }
