"""Semester checks of student support (帮好每名贫困生、每名特殊生) for a large school.

    python bench/support.py                  # 3,000 students, 400 registered, and a tenth of that
    python bench/support.py --students 3000 --registered 400

Each size is built in a fresh SQLite database under /tmp (bulk inserts, no demo data), then the
semester checks (the secretary's view: every registered student paired, the three kinds for poor
students, the 30-day contact for special students) run 15 times. Also timed: the helper proposal for
a semester with nobody paired yet, and the person-times figures. Target: checks under 200 ms with the
same number of queries at both sizes. Exits 1 if the query counts differ or the target is missed."""

import argparse
import json
import statistics
import sys
import time

from harness import run_worker, setup_django

RUNS = 15
TARGET_MS = 200


def build(students: int, registered: int):
    import datetime as dt
    import random

    from dangjian.school.enums import PoliticalStatus
    from dangjian.school.models import (
        County,
        Enrollment,
        Grade,
        School,
        SchoolClass,
        SchoolYear,
        Semester,
        Skill,
        Staff,
        StaffYear,
        Student,
    )
    from dangjian.support.models import AidEntry, Pairing, PoorStudentRecord, SpecialStudentCase, SupportRecord

    rng = random.Random("bench-support")
    county = County.objects.create(code="bench", name="基准县")
    school = School.objects.create(county=county, code="bench", name="基准中学")
    year = SchoolYear.objects.create(start_year=2022, starts_on=dt.date(2022, 9, 1), ends_on=dt.date(2023, 8, 31))
    last = Semester.objects.create(
        school_year=year, term=1, starts_on=dt.date(2022, 9, 1), ends_on=dt.date(2023, 1, 31)
    )
    nxt = Semester.objects.create(school_year=year, term=2, starts_on=dt.date(2023, 2, 1), ends_on=dt.date(2023, 7, 15))
    grades = [Grade.objects.create(school=school, school_year=year, level=level) for level in (1, 2, 3)]
    per_class = 50
    classes = SchoolClass.objects.bulk_create(
        [SchoolClass(grade=grades[i % 3], number=i // 3 + 1) for i in range((students + per_class - 1) // per_class)]
    )
    people = Student.objects.bulk_create(
        [Student(school=school, student_number=f"B{i:06d}", name=f"学生{i}", gender="M") for i in range(students)]
    )
    Enrollment.objects.bulk_create(
        [Enrollment(student=s, school_year=year, school_class=classes[i // per_class]) for i, s in enumerate(people)]
    )
    staff = Staff.objects.bulk_create(
        [
            Staff(
                school=school,
                staff_number=f"T{i:04d}",
                name=f"教师{i}",
                gender="F",
                political_status=PoliticalStatus.PARTY_MEMBER if i % 5 < 2 else PoliticalStatus.MASSES,
            )
            for i in range(max(25, students // 12))
        ]
    )
    members = [s for s in staff if s.political_status == PoliticalStatus.PARTY_MEMBER]
    StaffYear.objects.bulk_create(
        [StaffYear(staff=s, school_year=year, grade=grades[i % 3]) for i, s in enumerate(staff)]
    )
    cert = Skill.objects.get(name="心理咨询师证书")
    for s in members[::6]:
        s.skills.add(cert)
    chosen = rng.sample(people, registered)
    n_special = registered // 5
    special, poor = chosen[:n_special], chosen[n_special:]
    PoorStudentRecord.objects.bulk_create(
        [
            PoorStudentRecord(
                school=school,
                school_year=year,
                student=s,
                type="filed",
                recognized_on=dt.date(2022, 9, 5),
                family_note="家庭情况说明",
            )
            for s in poor
        ]
    )
    SpecialStudentCase.objects.bulk_create(
        [
            SpecialStudentCase(
                school=school,
                school_year=year,
                student=s,
                categories="psychological",
                description="简要情况",
                referred_on=dt.date(2022, 9, 5),
            )
            for s in special
        ]
    )
    pairings = []
    for i, s in enumerate(chosen[: -registered // 40 or None]):  # a few left unpaired
        helper = members[i % len(members)]
        pairings.append(
            Pairing(school=school, semester=last, student=s, helper=helper, kind="special" if s in special else "poor")
        )
    pairings = Pairing.objects.bulk_create(pairings)
    records = []
    for p in pairings:
        kinds = (
            ["talk", "tutoring", "aid"]
            if p.kind == "poor"
            else ["education", "home_visit", "counselling", "encouragement"]
        )
        for k in kinds[: rng.randint(2, len(kinds))]:
            records.append(
                SupportRecord(
                    pairing=p, kind=k, date=dt.date(2022, 9, 1) + dt.timedelta(days=rng.randint(5, 140)), notes="记录"
                )
            )
    records = SupportRecord.objects.bulk_create(records)
    AidEntry.objects.bulk_create(
        [AidEntry(record=r, amount=500, fund_source="personal") for r in records if r.kind == "aid"]
    )
    return school, last, nxt, len(records)


def measure(students: int, registered: int) -> dict:
    setup_django()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from dangjian.support import queries, services

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with transaction.atomic():
        school, semester, next_semester, records = build(students, registered)
    build_s = time.perf_counter() - started
    today = dt.date(2022, 12, 1)
    queries.semester_checks(school, semester, today=today)  # warm-up (URL resolvers)

    def timed(fn):
        times, count, result = [], 0, None
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                result = fn()
                times.append((time.perf_counter() - t) * 1000)
            count = len(ctx.captured_queries)
        return statistics.median(times), count, result

    checks_ms, checks_q, findings = timed(lambda: queries.semester_checks(school, semester, today=today))
    figures_ms, figures_q, data = timed(lambda: queries.figures(school))
    t = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx, transaction.atomic():
        proposals = services.pairings_propose(
            school=school, semester=next_semester, kinds=["poor", "special"], actor=None
        )
        transaction.set_rollback(True)
    propose_ms, propose_q = (time.perf_counter() - t) * 1000, len(ctx.captured_queries)
    return {
        "students": students,
        "registered": registered,
        "records": records,
        "build_s": build_s,
        "checks": {"ms": checks_ms, "queries": checks_q, "findings": len(findings)},
        "figures": {"ms": figures_ms, "queries": figures_q, "person_times": data["total"].combined},
        "propose": {"ms": propose_ms, "queries": propose_q, "proposals": len(proposals)},
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=3000)
    parser.add_argument("--registered", type=int, default=400)
    parser.add_argument("--worker", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(*args.worker)))
        return 0
    runs = [
        run_worker(__file__, students, registered)
        for students, registered in ((args.students // 10, args.registered // 10), (args.students, args.registered))
    ]
    print("size".ljust(34) + "checks ms  queries  findings | figures ms  queries | propose ms  queries")
    for r in runs:
        c, fg, p = r["checks"], r["figures"], r["propose"]
        size = f"{r['students']} students, {r['registered']} registered"
        print(
            size.ljust(34)
            + f"{c['ms']:>9.1f} {c['queries']:>8} {c['findings']:>9} | {fg['ms']:>10.1f} {fg['queries']:>8} | "
            + f"{p['ms']:>10.1f} {p['queries']:>8}"
        )
    big = runs[-1]
    same = len({r["checks"]["queries"] for r in runs}) == 1 and len({r["figures"]["queries"] for r in runs}) == 1
    fast = big["checks"]["ms"] < TARGET_MS
    print(
        f"{big['students']} students / {big['registered']} registered / {big['records']} records: semester checks "
        f"median {big['checks']['ms']:.1f} ms (target < {TARGET_MS} ms, median of {RUNS}); "
        f"query counts {'equal' if same else 'DIFFER'} across sizes"
    )
    return 0 if same and fast else 1


if __name__ == "__main__":
    sys.exit(main())
