"""Reads of student support with their joins: a constant number of queries whatever the data size."""

import datetime as dt

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse

from dangjian.accounts.access import get_access
from dangjian.accounts.models import AuditLog
from dangjian.lib import clock
from dangjian.lib.listing import int_or_none
from dangjian.school.current import current_semester
from dangjian.school.enums import StudentStatus
from dangjian.school.models import Enrollment, School, SchoolYear, Semester, Staff, Student

from . import permissions as perms
from .checks import Finding, PairingFacts, Registered, semester_findings
from .enums import FundSource, PairingKind, PairingStatus
from .figures import AidFact, PairingFact, aid_grand_total, aid_totals, person_times, person_times_by
from .models import (
    AidEntry,
    Collaborator,
    Pairing,
    PoorStudentRecord,
    SpecialStudentCase,
    StudentOutcome,
    SupportRecord,
    SupportSettings,
)

LIVE = Q(records__deleted_at__isnull=True, records__by_collaborator=False)  # the helper's own contacts


# Calendar -----------------------------------------------------------------------------------------


def semester_from_param(value: str | None) -> Semester | None:
    """``2022-2023-1`` (or ``2022-1``) from a query string, falling back to the current semester."""
    parts = str(value or "").split("-")
    if len(parts) in (2, 3) and parts[0].isdigit() and parts[-1] in ("1", "2"):
        semester = (
            Semester.objects.select_related("school_year")
            .filter(school_year__start_year=int(parts[0][:4]), term=int(parts[-1]))
            .first()
        )
        if semester:
            return semester
    return current_semester()


def year_from_param(value: str | None) -> SchoolYear | None:
    start = int_or_none(str(value or "").split("-")[0])
    year = SchoolYear.objects.filter(start_year=start).first() if start else None
    if year:
        return year
    semester = current_semester()
    return semester.school_year if semester else SchoolYear.objects.first()


def semester_in_year(year: SchoolYear) -> Semester | None:
    """The current semester if it belongs to ``year``, else the year's last semester."""
    current = current_semester()
    if current and current.school_year_id == year.pk:
        return current
    return Semester.objects.filter(school_year=year).select_related("school_year").order_by("-term").first()


def all_semesters() -> QuerySet[Semester]:
    return Semester.objects.select_related("school_year").order_by("-starts_on")


def settings_for(school: School) -> SupportSettings:
    return SupportSettings.objects.filter(school=school).first() or SupportSettings(school=school)


def reference_day(semester: Semester, today: dt.date | None = None) -> dt.date:
    """Checks look at the semester as of today, or as of its last day once it is over."""
    return min(today or clock.today(), semester.ends_on)


def student_url_prefix(school: School) -> str:
    return reverse("support:home", args=[school.code]) + "students/"


# Registers ----------------------------------------------------------------------------------------


def _with_class_and_helper(qs, year: SchoolYear, semester: Semester | None, kind: str):
    enrollment = Enrollment.objects.filter(student_id=OuterRef("student_id"), school_year=year)
    pairing = Pairing.objects.filter(student_id=OuterRef("student_id"), semester=semester, kind=kind)
    return qs.select_related("student", "school_year").annotate(
        grade_level=Subquery(enrollment.values("school_class__grade__level")[:1]),
        class_number=Subquery(enrollment.values("school_class__number")[:1]),
        helper_name=Subquery(pairing.values("helper__name")[:1]),
        pairing_status=Subquery(pairing.values("status")[:1]),
    )


def _register_filters(qs, *, q="", paired="", left=""):
    if q:
        qs = qs.filter(Q(student__name__icontains=q) | Q(student__student_number__icontains=q))
    if paired == "1":
        qs = qs.filter(pairing_status=PairingStatus.CONFIRMED)
    elif paired == "0":
        qs = qs.exclude(pairing_status=PairingStatus.CONFIRMED)
    if left == "1":
        qs = qs.exclude(student__status=StudentStatus.ENROLLED)
    elif left == "0":
        qs = qs.filter(student__status=StudentStatus.ENROLLED)
    return qs.order_by("student__student_number")


def poor_register(visible, year, semester, *, q="", type="", paired="", left=""):
    qs = _with_class_and_helper(visible.filter(school_year=year), year, semester, PairingKind.POOR)
    if type:
        qs = qs.filter(type=type)
    return _register_filters(qs, q=q, paired=paired, left=left)


def special_register(visible, year, semester, *, q="", category="", outcome="", paired="", left=""):
    qs = _with_class_and_helper(visible.filter(school_year=year), year, semester, PairingKind.SPECIAL)
    if category:
        qs = qs.filter(categories__contains=category)
    if outcome:
        qs = qs.filter(outcome=outcome)
    return _register_filters(qs, q=q, paired=paired, left=left)


# Pairings -----------------------------------------------------------------------------------------


def with_record_counts(qs: QuerySet[Pairing]) -> QuerySet[Pairing]:
    return qs.annotate(record_count=Count("records", filter=LIVE), last_contact=Max("records__date", filter=LIVE))


def pairing_list(visible, semester, *, kinds, q="", kind="", status="") -> QuerySet[Pairing]:
    qs = visible.filter(semester=semester, kind__in=kinds).select_related("student", "helper")
    if kind in kinds:
        qs = qs.filter(kind=kind)
    if status in PairingStatus.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(
            Q(student__name__icontains=q) | Q(student__student_number__icontains=q) | Q(helper__name__icontains=q)
        )
    return with_record_counts(qs).order_by("-status", "kind", "student__student_number")  # proposals first


def my_pairings(school: School, staff_id: int | None, semester: Semester | None) -> list[Pairing]:
    if not staff_id or semester is None:
        return []
    qs = Pairing.objects.filter(school=school, semester=semester, helper_id=staff_id, status=PairingStatus.CONFIRMED)
    return list(with_record_counts(qs.select_related("student")).order_by("kind", "student__student_number"))


def my_cases(school: School, staff_id: int | None, year: SchoolYear | None) -> list[SpecialStudentCase]:
    """Cases the teacher collaborates on (not as helper)."""
    if not staff_id or year is None:
        return []
    return list(
        SpecialStudentCase.objects.filter(school=school, school_year=year, collaborators__staff_id=staff_id)
        .select_related("student")
        .distinct()
        .order_by("student__student_number")
    )


# A student's support file ---------------------------------------------------------------------------


def student_file(user, school: School, student: Student) -> dict:
    live_records = (
        SupportRecord.objects.alive()
        .select_related("created_by")
        .prefetch_related("aid_entries")
        .order_by("-date", "-pk")
    )
    pairings = list(
        perms.visible_pairings(user, school)
        .filter(student=student)
        .select_related("semester__school_year", "helper")
        .prefetch_related(Prefetch("records", queryset=live_records, to_attr="live_records"))
        .order_by("-semester__starts_on", "kind")
    )
    cases = list(
        perms.visible_cases(user, school)
        .filter(student=student)
        .select_related("school_year")
        .prefetch_related(
            Prefetch("collaborators", queryset=Collaborator.objects.select_related("staff", "department"))
        )
        .order_by("-school_year__start_year")
    )
    poor = list(
        perms.visible_poor(user, school)
        .filter(student=student)
        .select_related("school_year")
        .order_by("-school_year__start_year")
    )
    enrollment = (
        Enrollment.objects.filter(student=student)
        .select_related("school_year", "school_class__grade")
        .order_by("-school_year__start_year")
        .first()
    )
    return {
        "pairings": pairings,
        "cases": cases,
        "poor_records": poor,
        "outcomes": list(
            StudentOutcome.objects.filter(school=school, student=student)
            .select_related("school_year")
            .order_by("-school_year__start_year")
        ),
        "enrollment": enrollment,
    }


# Checks ---------------------------------------------------------------------------------------------


def semester_facts(
    school: School,
    semester: Semester,
    *,
    today: dt.date | None = None,
    helper_id: int | None = None,
    kinds: tuple[str, ...] = tuple(PairingKind.values),
) -> tuple[list[Registered], list[PairingFacts]]:
    """The facts the checks need, in at most five queries. With ``helper_id`` only that helper's
    confirmed pairings (a helper is not told about students they do not support)."""
    day = reference_day(semester, today)
    only_enrolled = (today or clock.today()) <= semester.ends_on
    prefix = student_url_prefix(school)
    registered: list[Registered] = []
    if helper_id is None:
        sources = (
            (PoorStudentRecord, PairingKind.POOR, "recognized_on"),
            (SpecialStudentCase, PairingKind.SPECIAL, "referred_on"),
        )
        for model, kind, since_field in sources:
            if kind not in kinds:
                continue
            qs = model.objects.filter(school=school, school_year_id=semester.school_year_id)
            if only_enrolled:
                qs = qs.filter(student__status=StudentStatus.ENROLLED)
            registered += [
                Registered(sid, name, kind, f"{prefix}{sid}/", since)
                for sid, name, since in qs.values_list("student_id", "student__name", since_field).order_by(
                    "student__student_number"
                )
            ]
    pairings = Pairing.objects.filter(school=school, semester=semester, kind__in=kinds)
    if helper_id is not None:
        pairings = pairings.filter(helper_id=helper_id, status=PairingStatus.CONFIRMED)
    if only_enrolled:
        pairings = pairings.filter(student__status=StudentStatus.ENROLLED)
    rows = list(
        pairings.order_by("student__student_number", "kind").values_list(
            "pk", "student_id", "student__name", "kind", "status", "helper_id", "helper__name"
        )
    )
    if not rows:
        return registered, []
    kinds_of: dict[int, set[str]] = {}
    for pairing_id, kind in (
        SupportRecord.objects.of_helpers()
        .filter(pairing__in=pairings.values("pk"), date__gte=semester.starts_on, date__lte=semester.ends_on)
        .order_by()
        .values_list("pairing_id", "kind")
        .distinct()
    ):
        kinds_of.setdefault(pairing_id, set()).add(kind)
    last: dict[int, dt.date] = {}
    if any(r[3] == PairingKind.SPECIAL for r in rows):
        last = dict(
            SupportRecord.objects.of_helpers()
            .filter(
                pairing__school=school,
                pairing__kind=PairingKind.SPECIAL,
                pairing__student__in=pairings.filter(kind=PairingKind.SPECIAL).values("student_id"),
                date__lte=day,
            )
            .values("pairing__student_id")
            .annotate(last=Max("date"))
            .values_list("pairing__student_id", "last")
        )
    facts = [
        PairingFacts(
            pairing_id=pk,
            student_id=sid,
            name=name,
            kind=kind,
            status=status,
            helper_id=helper,
            helper_name=helper_name,
            url=f"{prefix}{sid}/",
            record_kinds=frozenset(kinds_of.get(pk, ())),
            last_contact=last.get(sid) if kind == PairingKind.SPECIAL else None,
        )
        for pk, sid, name, kind, status, helper, helper_name in rows
    ]
    return registered, facts


def semester_checks(
    school: School,
    semester: Semester,
    *,
    today: dt.date | None = None,
    helper_id: int | None = None,
    kinds: tuple[str, ...] = tuple(PairingKind.values),
    interval_days: int | None = None,
) -> list[Finding]:
    if interval_days is None:
        interval_days = settings_for(school).contact_interval_days
    registered, facts = semester_facts(school, semester, today=today, helper_id=helper_id, kinds=kinds)
    return semester_findings(
        registered,
        facts,
        today=reference_day(semester, today),
        semester_start=semester.starts_on,
        semester_over=(today or clock.today()) > semester.ends_on,
        interval_days=interval_days,
    )


def checks_for(user, school: School, semester: Semester | None = None) -> list[Finding] | None:
    """The findings this user should see, or None when support checks are not theirs to see."""
    access = get_access(user)
    if not access.is_member_of(school.pk):
        return None
    semester = semester or current_semester()
    if semester is None:
        return None
    if perms.is_secretary(user, school):
        return semester_checks(school, semester)
    staff_id = perms.own_staff_id(user, school)
    findings: list[Finding] = []
    applicable = False
    if perms.can_read_all_special(user, school):
        applicable = True
        findings += semester_checks(school, semester, kinds=(PairingKind.SPECIAL,))
    if staff_id:
        mine = semester_checks(school, semester, helper_id=staff_id)
        seen = {(f.student_id, f.message) for f in findings}
        if (
            mine
            or Pairing.objects.filter(
                school=school, semester=semester, helper_id=staff_id, status=PairingStatus.CONFIRMED
            ).exists()
        ):
            applicable = True
        findings += [f for f in mine if (f.student_id, f.message) not in seen]
    return findings if applicable else None


def findings_for(user, school: School) -> list[tuple[str, str, str]]:
    """(level, message, url) of the overdue support items for the user's home page: a helper's own
    students, the counselling centre's special students, all of the school for the secretary."""
    return [(f.level, f.message, f.url) for f in checks_for(user, school) or []]


# Figures ------------------------------------------------------------------------------------------


def pairing_facts(school: School) -> list[PairingFact]:
    rows = (
        Pairing.objects.filter(school=school)
        .values("student_id", "semester_id", "kind", "status")
        .annotate(records=Count("records", filter=LIVE))
        .order_by()
    )
    return [PairingFact(r["student_id"], r["semester_id"], r["kind"], r["status"], r["records"]) for r in rows]


def aid_facts(school: School, *, school_year: SchoolYear | None = None) -> list[AidFact]:
    qs = AidEntry.objects.filter(record__pairing__school=school, record__deleted_at__isnull=True)
    if school_year is not None:
        qs = qs.filter(record__pairing__semester__school_year=school_year)
    return [
        AidFact(*row)
        for row in qs.values_list(
            "record__pairing__student_id",
            "record__pairing__helper_id",
            "record__pairing__semester_id",
            "fund_source",
            "amount",
            "goods_value",
        ).order_by("pk")
    ]


def aid_entries(school: School, school_year: SchoolYear | None) -> QuerySet[AidEntry]:
    qs = AidEntry.objects.filter(record__pairing__school=school, record__deleted_at__isnull=True)
    if school_year is not None:
        qs = qs.filter(record__pairing__semester__school_year=school_year)
    return qs.select_related(
        "record__pairing__student", "record__pairing__helper", "record__pairing__semester__school_year"
    ).order_by("-record__date", "-pk")


# Audit log ----------------------------------------------------------------------------------------


def audit_entries(school: School, *, action="", user="", date_from=None, date_to=None) -> QuerySet[AuditLog]:
    qs = AuditLog.objects.filter(school=school).select_related("user")
    if action:
        qs = qs.filter(action__startswith=action)
    if user:
        qs = qs.filter(
            Q(user__username__icontains=user) | Q(user__last_name__icontains=user) | Q(user__first_name__icontains=user)
        )
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs.order_by("-at", "-pk")


def aid_summary(school: School, school_year: SchoolYear | None) -> dict:
    """The aid ledger's totals per semester, fund source, helper and student (four queries)."""
    facts = aid_facts(school, school_year=school_year)
    semesters = {s.pk: str(s) for s in all_semesters()}
    helpers = dict(Staff.objects.filter(pk__in={f.helper_id for f in facts}).values_list("pk", "name"))
    students = {
        pk: f"{name}（{number}）"
        for pk, name, number in Student.objects.filter(pk__in={f.student_id for f in facts}).values_list(
            "pk", "name", "student_number"
        )
    }
    sources = dict(FundSource.choices)

    def rows(key, labels):
        totals = aid_totals(facts, key)
        return sorted(((labels.get(k, str(k)), t) for k, t in totals.items()), key=lambda r: (-r[1].total, r[0]))

    return {
        "total": aid_grand_total(facts),
        "by_semester": sorted(
            ((semesters.get(k, ""), t) for k, t in aid_totals(facts, lambda f: f.semester_id).items()),
            key=lambda r: r[0],
        ),
        "by_source": rows(lambda f: f.fund_source, sources),
        "by_helper": rows(lambda f: f.helper_id, helpers),
        "by_student": rows(lambda f: f.student_id, students),
    }


def figures(school: School) -> dict:
    """Person-times per semester and school year, registered counts per year, aid per year (counts
    only: this is what the county committee sees)."""
    semesters = list(all_semesters().order_by("starts_on"))
    year_of = {s.pk: s.school_year for s in semesters}
    facts = pairing_facts(school)
    by_semester = person_times_by(facts, lambda sid: sid)
    by_year = person_times_by(facts, lambda sid: year_of[sid].start_year)
    poor = dict(
        PoorStudentRecord.objects.filter(school=school)
        .values("school_year__start_year")
        .annotate(n=Count("pk"))
        .values_list("school_year__start_year", "n")
    )
    special = dict(
        SpecialStudentCase.objects.filter(school=school)
        .values("school_year__start_year")
        .annotate(n=Count("pk"))
        .values_list("school_year__start_year", "n")
    )
    aid = aid_totals(aid_facts(school), lambda f: year_of[f.semester_id].start_year)
    years = sorted({s.school_year.start_year for s in semesters})
    return {
        "semesters": [(s, by_semester.get(s.pk)) for s in semesters if s.pk in by_semester],
        "years": [
            {
                "start_year": y,
                "code": f"{y}-{y + 1}",
                "poor_registered": poor.get(y, 0),
                "special_registered": special.get(y, 0),
                "person_times": by_year.get(y),
                "aid": aid.get(y),
            }
            for y in years
            if y in by_year or y in poor or y in special
        ],
        "total": person_times(facts),
        "facts": facts,
        "year_of": year_of,
    }


def period_person_times(data: dict, first: int, last: int):
    return person_times(f for f in data["facts"] if first <= data["year_of"][f.semester_id].start_year <= last)
