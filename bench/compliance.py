"""三会一课 compliance for a whole county: 100 schools × 5 branches × 5 years of records.

    python bench/compliance.py                # 100 schools, in a fresh SQLite database under /tmp
    python bench/compliance.py --schools 20

Target: the county's compliance for one year (every branch, every period, every kind, and every school's
lecturers) in under 2 s on a 2-core machine, with the same number of queries whatever the size.
Exits 1 if the query count differs between the full county and a single school."""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
YEARS = range(2018, 2023)  # five calendar years of records
BRANCHES, MEMBERS = 5, 20


def setup(var: str):
    os.environ["DANGJIAN_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.test_settings")
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(schools: int) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from dangjian.meetings.models import Activity, ActivityKind, Attendance
    from dangjian.party.models import Organization, PartyMember
    from dangjian.school.models import County, School, SchoolYear, Semester, Staff

    tz = timezone.get_current_timezone()
    with transaction.atomic():
        county = County.objects.create(code="bench", name="基准县")
        for start in range(2017, 2023):
            year = SchoolYear.objects.create(
                start_year=start, starts_on=dt.date(start, 9, 1), ends_on=dt.date(start + 1, 8, 31)
            )
            Semester.objects.create(
                school_year=year, term=1, starts_on=dt.date(start, 9, 1), ends_on=dt.date(start + 1, 1, 31)
            )
            Semester.objects.create(
                school_year=year, term=2, starts_on=dt.date(start + 1, 2, 1), ends_on=dt.date(start + 1, 7, 15)
            )
        school_rows = School.objects.bulk_create(
            [School(county=county, code=f"s{i:03d}", name=f"基准第{i}中学") for i in range(schools)]
        )
        generals = Organization.objects.bulk_create(
            [Organization(school=s, kind="general_branch", name="党总支") for s in school_rows]
        )
        branches = Organization.objects.bulk_create(
            [
                Organization(
                    school=s, parent=g, kind="branch", name=f"第{b + 1}党支部", established_on=dt.date(2015, 9, 1)
                )
                for s, g in zip(school_rows, generals, strict=True)
                for b in range(BRANCHES)
            ]
        )
        staff = Staff.objects.bulk_create(
            [
                Staff(
                    school_id=branch.school_id,
                    staff_number=f"B{branch.pk}-{m:02d}",
                    name=f"党员{m}",
                    gender="F",
                    political_status="party",
                    leader_post="vice_principal" if m == 0 else "",
                )
                for branch in branches
                for m in range(MEMBERS)
            ],
            batch_size=2000,
        )
        PartyMember.objects.bulk_create(
            [PartyMember(staff=s, branch=branches[i // MEMBERS], status="full") for i, s in enumerate(staff)],
            batch_size=2000,
        )
        activities, kinds = [], []
        for b, branch in enumerate(branches):
            for year in YEARS:
                for month in (1, 3, 4, 5, 6, 9, 10, 11, 12):
                    if (b + year + month) % 23 == 0:
                        continue  # a gap now and then
                    kind = ["theme_day"] + (["general_meeting"] if month in (3, 6, 9, 12) else [])
                    activities.append((branch, dt.datetime(year, month, 10, 15, tzinfo=tz), kind, None))
                for month in (3, 5, 9, 11):
                    lecturer = staff[b * MEMBERS].pk
                    activities.append((branch, dt.datetime(year, month, 20, 15, tzinfo=tz), ["lesson"], lecturer))
                activities.append((branch, dt.datetime(year, 12, 22, 14, tzinfo=tz), ["life_meeting", "review"], None))
                activities.append((branch, dt.datetime(year, 11, 5, 16, tzinfo=tz), ["talk"], None))
        rows = Activity.objects.bulk_create(
            [
                Activity(
                    school_id=branch.school_id,
                    organization=branch,
                    topic="基准活动",
                    status="held",
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=1),
                    lecturer_id=lecturer,
                )
                for branch, start, _, lecturer in activities
            ],
            batch_size=2000,
        )
        ActivityKind.objects.bulk_create(
            [
                ActivityKind(activity=row, kind=k)
                for row, (_, _, ks, _) in zip(rows, activities, strict=True)
                for k in ks
            ],
            batch_size=5000,
        )
        member_ids = {}
        for i, s in enumerate(staff):
            member_ids.setdefault(branches[i // MEMBERS].pk, []).append(s.pk)
        kinds = [
            Attendance(activity=row, staff_id=pk, status="present")
            for row, (branch, _, ks, _) in zip(rows, activities, strict=True)
            if "talk" in ks
            for pk in member_ids[branch.pk]
        ]
        Attendance.objects.bulk_create(kinds, batch_size=5000)
    return {
        "schools": schools,
        "branches": len(branches),
        "members": len(staff),
        "activities": len(rows),
        "attendance": len(kinds),
    }


def measure(school_ids) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangjian.meetings.queries import compliance

    today = dt.date(2023, 3, 1)
    times, queries, rows = [], 0, 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            data = compliance(school_ids, 2022, today)
            times.append(time.perf_counter() - start)
        queries = len(ctx.captured_queries)
        rows = sum(len(o.rows) for o in data.orgs)
    return statistics.median(times), queries, rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dangjian-bench-compliance-") as var:
        setup(var)
        from dangjian.school.models import School

        start = time.perf_counter()
        size = generate(args.schools)
        built = time.perf_counter() - start
        ids = list(School.objects.order_by("pk").values_list("pk", flat=True))
        one_time, one_queries, _ = measure(ids[:1])
        all_time, all_queries, rows = measure(ids)
    print(
        f"data: {size['schools']} schools, {size['branches']} branches, {size['members']} members, "
        f"{size['activities']} activities over {len(YEARS)} years, {size['attendance']} attendance rows "
        f"(generated in {built:.1f} s)"
    )
    print(f"one school : median {one_time * 1000:.0f} ms, {one_queries} queries")
    print(f"the county : median {all_time * 1000:.0f} ms, {all_queries} queries, {rows} compliance rows for 2022")
    ok = all_queries == one_queries
    print(
        f"target < 2 s: {'met' if all_time < 2 else 'MISSED'}; "
        f"query count {'constant' if ok else 'DIFFERS'} (median of {RUNS} runs)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
