"""Render the Party-building pages (党建之窗) at demo scale and with 10,000 news items; print the median
time and the query count per page.

    python bench/publicity.py              # demo data, then 10,000 more news items, in a fresh SQLite under /tmp
    python bench/publicity.py --items 2000 # a smaller second step

Target: median under 50 ms per page on a 2-core machine, and the same query count at both sizes.
Exits 1 if a page's query count differs between the two sizes."""

import argparse
import json
import os
import sys
import time

from harness import ROOT, run_worker, time_get

RUNS = 15
CODE = "sfyz"


def _measure_pages(client_factory, pages: dict) -> dict:
    results = {}
    for name, (url, fresh) in pages.items():
        client = client_factory(name)
        # fresh: a new visitor each time, so the view is counted and a session is created
        results[name] = time_get(client, url, RUNS, before_each=client.cookies.clear if fresh else None)
    return results


def _pages(school, item_pk: int) -> dict:
    from django.urls import reverse

    def url(name, *args):
        return reverse(f"publicity:{name}", args=[school.code, *args])

    return {
        "公开首页": (url("home"), False),
        "党建动态列表": (url("news_list"), False),
        "党建动态列表（第5页）": (url("news_list") + "?page=5", False),
        "党建动态搜索": (url("news_list") + "?q=主题党日", False),
        "文章页（回访）": (url("news_detail", item_pk), False),
        "文章页（新访客计数）": (url("news_detail", item_pk), True),
        "荣誉": (url("honours"), False),
        "管理：动态列表": (url("manage_news"), False),
        "管理：编辑页": (url("manage_news_edit", item_pk), False),
        "API 动态列表": (f"/api/v1/publicity/news?school={school.code}", False),
    }


def _add_items(school, count: int) -> None:
    import datetime as dt
    import random

    from dangjian.publicity.enums import NewsStatus
    from dangjian.publicity.models import NewsItem

    rng = random.Random("bench-publicity")
    start = dt.datetime(2010, 1, 1, 8, 0, tzinfo=dt.UTC)
    body = "".join(f"<p>第{i}段：党员教师结对帮扶，<strong>重点</strong>工作稳步推进。</p>" for i in range(12))
    rows = [
        NewsItem(
            school=school,
            title=f"测试动态{i}：{rng.choice(['主题党日', '党课', '团课', '结对帮扶', '示范课'])}",
            summary="党员教师结对帮扶，重点工作稳步推进。",
            body=body,
            source=f"{school.name}党总支",
            author_name="党建办公室",
            published_at=start + dt.timedelta(hours=7 * i),
            status=NewsStatus.PUBLISHED if i % 10 else NewsStatus.DRAFT,
            view_count=rng.randint(0, 2000),
        )
        for i in range(count)
    ]
    NewsItem.objects.bulk_create(rows, batch_size=1000)


def measure(items: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.test_settings")
    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from dangjian.accounts.models import User
    from dangjian.publicity.models import NewsItem
    from dangjian.school.models import School

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", quiet=True)
    seed_seconds = time.perf_counter() - started
    school = School.objects.get(code=CODE)
    secretary = User.objects.get(username="secretary")

    def client_factory(name):
        client = Client()
        if name.startswith("管理"):
            client.force_login(secretary)
        return client

    runs = []
    for step in ("demo", "bulk"):
        if step == "bulk":
            _add_items(school, items)
        published = NewsItem.objects.filter(school=school, status="published").order_by("-published_at", "-pk")
        middle = published[published.count() // 2]
        runs.append(
            {
                "news": NewsItem.objects.filter(school=school).count(),
                "published": published.count(),
                "pages": _measure_pages(client_factory, _pages(school, middle.pk)),
            }
        )
    return {"seed_seconds": seed_seconds, "runs": runs}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(args.worker)))
        return 0
    result = run_worker(__file__, args.items)
    runs = result["runs"]
    print(f"seed_demo (all modules) took {result['seed_seconds']:.1f} s; median of {RUNS} renders per page")
    for label, run in zip(("demo data", f"+{args.items} items"), runs, strict=True):
        print(f"  {label}: {run['news']} news items of {CODE}, {run['published']} published")
    print("page".ljust(24) + "".join(f"{label:>18}" for label in ("demo ms  queries", "bulk ms  queries")))
    same = True
    for name in runs[0]["pages"]:
        cells = [(r["pages"][name]["median_ms"], r["pages"][name]["queries"]) for r in runs]
        same &= len({q for _, q in cells}) == 1
        print(
            name.ljust(24 - (len(name.encode()) - len(name)) // 2) + "".join(f"{ms:>10.1f} {q:>7}" for ms, q in cells)
        )
    slowest = max(p["median_ms"] for r in runs for p in r["pages"].values())
    print(
        f"slowest median {slowest:.1f} ms (target < 50 ms); query counts {'equal' if same else 'DIFFER'} across sizes"
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
