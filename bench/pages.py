"""Render the main pages at demo scale and at 10x demo scale; print the median time and query count.

    python bench/pages.py            # both scales, each in a fresh SQLite database under /tmp
    python bench/pages.py --scales 1 # demo scale only

Target: median under 50 ms per page at demo scale on a 2-core machine, and the same query count at both
scales. Exits 1 if a page's query count differs between scales."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 15


def measure(scale: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.test_settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
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
    results = {}
    for name, url in pages.items():
        client.get(url)  # warm-up
        times = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        results[name] = {"median_ms": statistics.median(times), "queries": len(ctx.captured_queries)}
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
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(args.worker)))
        return 0
    runs = []
    for scale in [int(s) for s in args.scales.split(",")]:
        with tempfile.TemporaryDirectory(prefix="dangjian-bench-") as var:
            env = {
                **os.environ,
                "DANGJIAN_VAR_DIR": var,
                "DJANGO_SETTINGS_MODULE": "dangjian.test_settings",
                "DJANGO_ALLOWED_HOSTS": "testserver",
            }
            env.pop("DATABASE_URL", None)
            out = subprocess.run(
                [sys.executable, __file__, "--worker", str(scale)],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))
    for run in runs:
        size = run["size"]
        print(
            f"scale {run['scale']}x: {size['staff']} staff, {size['students']} students (all years), "
            f"{size['classes']} classes (all years); median of {RUNS} renders"
        )
    header = "page".ljust(22) + "".join(f"{r['scale']:>4}x ms  queries" for r in runs)
    print(header)
    same = True
    for name in runs[0]["pages"]:
        cells = [(r["pages"][name]["median_ms"], r["pages"][name]["queries"]) for r in runs]
        same &= len({q for _, q in cells}) == 1
        print(name.ljust(22 - (len(name.encode()) - len(name)) // 2) + "".join(f"{ms:>8.1f} {q:>8}" for ms, q in cells))
    demo = runs[0]["pages"].values()
    print(
        f"demo scale: slowest median {max(p['median_ms'] for p in demo):.1f} ms (target < 50 ms); "
        f"query counts {'equal' if same else 'DIFFER'} across scales"
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
