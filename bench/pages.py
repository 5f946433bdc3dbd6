"""Render the main pages at demo scale and at 10x demo scale; print the median time and query count.

    python bench/pages.py            # both scales, each in a fresh SQLite database under /tmp
    python bench/pages.py --scales 1 # demo scale only

Target: median under 50 ms per page at demo scale on a 2-core machine, and the same query count at both
scales. Exits 1 if a page's query count differs between scales."""

import argparse
import json
import sys

from harness import print_scales, run_worker, setup_django, time_get

RUNS = 15


def measure(scale: int) -> dict:
    setup_django()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from dangjian.accounts.models import User
    from dangjian.party.models import Organization
    from dangjian.school.models import SchoolClass, Staff, Student

    call_command("migrate", verbosity=0)
    call_command("seed_demo", scale=scale, quiet=True)
    client = Client()
    client.force_login(User.objects.get(username="secretary"))
    code = "sfyz"
    branch = Organization.objects.filter(school__code=code, kind="branch").order_by("pk").first()
    staff = Staff.objects.filter(school__code=code).order_by("pk").first()
    student = Student.objects.filter(school__code=code).order_by("-pk").first()
    school_class = SchoolClass.objects.filter(grade__school__code=code).order_by("-pk").first()
    pages = {
        "学校首页": reverse("school:home", args=[code]),
        "党组织树": reverse("party:org_tree", args=[code]),
        "支部详情": reverse("party:org_detail", args=[code, branch.pk]),
        "教职工列表": reverse("school:staff_list", args=[code]),
        "教职工列表（党员筛选）": reverse("school:staff_list", args=[code]) + "?political_status=party_any",
        "教职工详情": reverse("school:staff_detail", args=[code, staff.pk]),
        "学生列表": reverse("school:student_list", args=[code]),
        "学生详情": reverse("school:student_detail", args=[code, student.pk]),
        "班级列表": reverse("school:class_list", args=[code]),
        "班级详情": reverse("school:class_detail", args=[code, school_class.pk]),
        "API 教职工": f"/api/v1/staff?school={code}",
    }
    results = {name: time_get(client, url, RUNS) for name, url in pages.items()}
    size = {
        "staff": Staff.objects.filter(school__code=code).count(),
        "students": Student.objects.filter(school__code=code).count(),
        "classes": SchoolClass.objects.filter(grade__school__code=code).count(),
    }
    return {"scale": scale, "size": size, "pages": results}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.worker)))
        return 0
    runs = [run_worker(__file__, int(scale)) for scale in args.scales.split(",")]
    for run in runs:
        size = run["size"]
        print(
            f"scale {run['scale']}x: {size['staff']} staff, {size['students']} students (all years), "
            f"{size['classes']} classes (all years); median of {RUNS} renders"
        )
    return 0 if print_scales(runs, target_ms=50) else 1


if __name__ == "__main__":
    sys.exit(main())
