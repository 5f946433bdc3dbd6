"""抓好一个学科 and 帮好一个团支部 at demo scale: seed timing, data size, and the median render time and
query count of every list and figure page (and the API lists).

    python bench/subjects_league.py             # scales 1 and 3, each in a fresh SQLite database under /tmp
    python bench/subjects_league.py --scales 1

Target: median under 100 ms per page at demo scale on a 2-core machine, and the same query count at every
scale. Exits 1 if a page's query count differs between scales."""

import argparse
import json
import sys
import time

from harness import print_scales, run_worker, setup_django, time_get

RUNS = 9


def measure(scale: int) -> dict:
    setup_django()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from dangjian.accounts.models import User
    from dangjian.league import demo as league_demo
    from dangjian.league.models import LeagueBranch, LeagueLesson, Recommendation, ThemeActivity, ThemeSeries
    from dangjian.school.models import School, SchoolYear
    from dangjian.subjects import demo as subjects_demo
    from dangjian.subjects.models import LessonEvaluation, SubjectActivity, SubjectLink

    call_command("migrate", verbosity=0)
    call_command("seed_demo", scale=scale, quiet=True)
    code = "sfyz"
    school = School.objects.get(code=code)
    years = {y.start_year: y for y in SchoolYear.objects.all()}
    # Seed timing of the two modules alone: wipe their rows for this school, then seed again.
    ThemeActivity.objects.filter(series__school=school).delete()
    LeagueLesson.objects.filter(school=school).delete()
    Recommendation.objects.filter(school=school).delete()
    LeagueBranch.objects.filter(school=school).delete()
    LessonEvaluation.objects.filter(activity__link__school=school).delete()
    SubjectActivity.objects.filter(link__school=school).delete()
    SubjectLink.objects.filter(school=school).delete()
    start = time.perf_counter()
    subjects_demo.seed(school=school, years=years)
    subjects_seconds = time.perf_counter() - start
    start = time.perf_counter()
    league_demo.seed(school=school, years=years)
    league_seconds = time.perf_counter() - start

    client = Client()
    client.force_login(User.objects.get(username="secretary"))
    activity = SubjectActivity.objects.filter(link__school=school, kind="demo_lesson").order_by("-date").first()
    branch = LeagueBranch.objects.filter(school=school).order_by("-pk").first()
    series = ThemeSeries.objects.filter(school=school).first()
    pages = {
        "学科：概况与统计": reverse("subjects:overview", args=[code]),
        "学科：设置挂钩": reverse("subjects:link_grid", args=[code]),
        "学科：挂钩名单": reverse("subjects:link_list", args=[code]),
        "学科：活动记录": reverse("subjects:activity_list", args=[code]),
        "学科：活动详情": reverse("subjects:activity_detail", args=[code, activity.pk]),
        "学科：活动导出": reverse("subjects:activity_export", args=[code]),
        "团支部：覆盖": reverse("league:overview", args=[code]),
        "团支部：详情": reverse("league:branch_detail", args=[code, branch.pk]),
        "团支部：党员团课": reverse("league:lesson_list", args=[code]),
        "团支部：主题教育": reverse("league:series_list", args=[code]),
        "团支部：系列详情": reverse("league:series_detail", args=[code, series.pk]),
        "团支部：推优入党": reverse("league:recommendation_list", args=[code]),
        "团支部：导出": reverse("league:branch_export", args=[code]),
        "API 学科统计": f"/api/v1/subjects/figures?school={code}",
        "API 学科活动": f"/api/v1/subjects/activities?school={code}",
        "API 团支部": f"/api/v1/league/branches?school={code}",
    }
    results = {name: time_get(client, url, RUNS) for name, url in pages.items()}
    size = {
        "links": SubjectLink.objects.filter(school=school).count(),
        "activities": SubjectActivity.objects.filter(link__school=school).count(),
        "evaluations": LessonEvaluation.objects.filter(activity__link__school=school).count(),
        "branches": LeagueBranch.objects.filter(school=school).count(),
        "lessons": LeagueLesson.objects.filter(school=school).count(),
        "theme_activities": ThemeActivity.objects.filter(series__school=school).count(),
        "recommendations": Recommendation.objects.filter(school=school).count(),
        "seed_subjects_s": round(subjects_seconds, 2),
        "seed_league_s": round(league_seconds, 2),
    }
    return {"scale": scale, "size": size, "pages": results}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,3")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.worker)))
        return 0
    runs = [run_worker(__file__, int(scale)) for scale in args.scales.split(",")]
    for run in runs:
        s = run["size"]
        print(
            f"scale {run['scale']}x (sfyz, all 5 years): {s['links']} links, {s['activities']} subject activities, "
            f"{s['evaluations']} evaluations; {s['branches']} League branches, {s['lessons']} Party-member lessons, "
            f"{s['theme_activities']} themed activities, {s['recommendations']} recommendations; "
            f"seed {s['seed_subjects_s']} s (subjects) + {s['seed_league_s']} s (league); median of {RUNS} renders"
        )
    return 0 if print_scales(runs, target_ms=100) else 1


if __name__ == "__main__":
    sys.exit(main())
