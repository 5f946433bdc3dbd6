"""Pages render with real data; lists keep a constant query count; exports open in openpyxl."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from dangjian.development.models import DevelopmentStep
from dangjian.development.services import development_file_create
from dangjian.league.models import LeagueBranch, LeagueLesson, ThemeSeries
from dangjian.tests import factories as f


def _add(world, ldata, n):
    series = ThemeSeries.objects.get(school=world.school)
    for _ in range(n):
        grade = f.GradeFactory(school=world.school, school_year=world.year, level=2)
        school_class = f.SchoolClassFactory(grade=grade)
        student = f.EnrollmentFactory(
            student__school=world.school, student__is_league_member=True, school_class=school_class
        ).student
        branch = f.LeagueBranchFactory(school_class=school_class, secretary=student)
        f.LeagueLessonFactory(
            school=world.school, school_year=world.year, lecturer=ldata.lecturer, attendance=1, branches=[branch]
        )
        f.ThemeActivityFactory(
            series=series, school_year=world.year, guide=ldata.lecturer, participants=1, branches=[branch]
        )
        student.birth_date = dt.date(2004, 1, 1)
        student.save()
        f.RecommendationFactory(branch=branch, student=student, status="accepted")  # offered a development file


LISTS = {
    "overview": ("league:overview", LeagueBranch),
    "lesson_list": ("league:lesson_list", LeagueLesson),
    "series_list": ("league:series_list", LeagueBranch),
    "theme_activity_list": ("league:theme_activity_list", None),
    "recommendation_list": ("league:recommendation_list", None),
    "branch_export": ("league:branch_export", None),
    "lesson_export": ("league:lesson_export", None),
    "theme_activity_export": ("league:theme_activity_export", None),
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_query_count_is_constant(world, ldata, client_for, django_assert_max_num_queries, name):
    client = client_for("secretary")
    url = reverse(LISTS[name][0], args=["a"])
    client.get(url)
    with django_assert_max_num_queries(30) as one:
        assert client.get(url).status_code == 200
    _add(world, ldata, 4)
    with django_assert_max_num_queries(len(one.captured_queries)) as five:
        assert client.get(url).status_code == 200
    assert len(five.captured_queries) == len(one.captured_queries)


def test_overview_shows_members_and_coverage(world, ldata, client_for):
    response = client_for("teacher").get(reverse("league:overview", args=["a"]))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary["branch_count"], summary["students"], summary["members"]) == (2, 5, 2)
    assert [r["cells"] for r in response.context["rows"]] == [[(1, True), (0, False)], [(0, False), (0, False)]]
    assertContains(response, "第一学期还有 1 个团支部没有达到党员团课要求：高一（2）班团支部")
    assertContains(response, "张团员")  # the branch secretary


def test_branch_detail_roster_only_for_office_roles(world, ldata, client_for):
    url = reverse("league:branch_detail", args=["a", ldata.branch.pk])
    assertContains(client_for("counsellor").get(url), "王同学")
    response = client_for("teacher").get(url)
    assertNotContains(response, "王同学")
    assertContains(response, "团史第一课")
    assertContains(response, "端午诗会")


def test_ensure_branches_for_classes_without_one(world, ldata, client_for):
    f.SchoolClassFactory(grade=ldata.branch.school_class.grade, number=3)
    response = client_for("secretary").post(
        reverse("league:branches_ensure", args=["a"]), {"year": "2022"}, follow=True
    )
    assertContains(response, "已为 1 个班级建立团支部。")
    assert LeagueBranch.objects.filter(school=world.school).count() == 3
    assert LeagueBranch.objects.filter(name="高一（3）班团支部").exists()


def test_series_seed_adds_the_four_series_of_the_article(world, ldata, client_for):
    client_for("secretary").post(reverse("league:series_seed", args=["a"]))
    names = list(ThemeSeries.objects.filter(school=world.school).order_by("order", "pk").values_list("name", flat=True))
    # 我们的节日 existed already (order 0) and is kept; the other three are added in the article's order
    assert names == ["我们的节日", "少年传承中华传统美德", "遵规守纪立德树人", "系好人生第一粒扣子"]


def test_series_detail_lists_uncovered_classes(world, ldata, client_for):
    f.LeagueBranchFactory(school_class=f.SchoolClassFactory(grade=ldata.branch.school_class.grade, number=3))
    response = client_for("teacher").get(reverse("league:series_detail", args=["a", ldata.series.pk]))
    assertContains(response, "1/3 个班级尚未参加本系列活动：</strong>高一（3）班团支部")


def test_lesson_with_a_foreign_branch_saves_nothing(world, ldata, client_for):
    response = client_for("secretary").post(
        reverse("league:lesson_create", args=["a"]),
        {
            "status": "held",
            "date": "2022-10-12",
            "topic": "x",
            "lecturer": ldata.lecturer.pk,
            "branches": [ldata.other_branch.pk],
            "attendance": 1,
        },
    )
    assert response.status_code == 200
    assertContains(response, "所选团支部不是本校 2022-2023学年 的团支部。")
    assert LeagueLesson.objects.count() == 1


def test_lecturer_marks_own_lesson_held_but_cannot_hand_it_over(world, ldata, client_for):
    other = f.StaffFactory(school=world.school, political_status="party")
    response = client_for("teacher").post(
        reverse("league:lesson_edit", args=["a", ldata.lesson.pk]),
        {
            "status": "held",
            "date": "2022-10-20",
            "topic": "团史第一课（修订）",
            "lecturer": other.pk,
            "branches": [ldata.branch.pk],
            "attendance": 2,
        },
    )
    assert response.status_code == 302
    ldata.lesson.refresh_from_db()
    assert (ldata.lesson.topic, ldata.lesson.lecturer, ldata.lesson.attendance) == (
        "团史第一课（修订）",
        ldata.lecturer,
        2,
    )


def test_branch_export_opens_in_openpyxl(world, ldata, client_for):
    response = client_for("secretary").get(reverse("league:branch_export", args=["a"]))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == (
        "学年",
        "团支部",
        "年段",
        "班号",
        "团支部书记",
        "在读学生",
        "团员",
        "第一学期党员团课",
        "第一学期",
        "第二学期党员团课",
        "第二学期",
    )
    assert rows[1] == ("2022-2023学年", "高一（1）班团支部", "高一", 1, "张团员", 3, 2, 1, "达标", 0, "未达标")


def test_lesson_and_recommendation_exports_open_in_openpyxl(world, ldata, client_for):
    client = client_for("secretary")
    lessons = list(
        load_workbook(BytesIO(client.get(reverse("league:lesson_export", args=["a"])).content)).active.iter_rows(
            values_only=True
        )
    )
    assert lessons[1][1:6] == ("已开展", "团史第一课", "王老师", "高一（1）班团支部", 3)
    recs = list(
        load_workbook(
            BytesIO(client.get(reverse("league:recommendation_export", args=["a"])).content)
        ).active.iter_rows(values_only=True)
    )
    assert recs[1][1] == "李团员"
    themes = list(
        load_workbook(
            BytesIO(client.get(reverse("league:theme_activity_export", args=["a"])).content)
        ).active.iter_rows(values_only=True)
    )
    assert themes[1][1:6] == ("我们的节日", "端午诗会", "高一（1）班团支部、高一（2）班团支部", 5, "王老师")


def test_recommendation_list_offers_a_development_file_to_those_who_open_files(world, ldata, client_for, settings):
    settings.DANGJIAN_TODAY = "2023-05-01"
    states = {}
    for name, born in [
        ("已满十八", dt.date(2004, 1, 1)),
        ("无生日", None),
        ("未满十八", dt.date(2006, 1, 1)),
        ("已建档", dt.date(2004, 1, 1)),
    ]:
        rec = f.RecommendationFactory(
            branch=ldata.branch,
            student__school=world.school,
            student__name=name,
            student__birth_date=born,
            status="accepted",
        )
        states[name] = rec.student
    file = development_file_create(
        school=world.school,
        student=states["已建档"],
        branch=world.branch,
        application=DevelopmentStep(date=dt.date(2023, 4, 25)),
        actor=None,
    )
    url = reverse("league:recommendation_list", args=["a"]) + "?year=2022"
    response = client_for("secretary").get(url)
    shown = {r.student.name: r.development for r in response.context["page_obj"].object_list}
    assert shown["李团员"] is None  # not accepted yet
    assert (shown["已满十八"].may_open, shown["无生日"].reason, shown["未满十八"].reason) == (
        True,
        "请先填写出生日期",
        "未满 18 周岁",
    )
    assert shown["已建档"].file == file
    assertContains(response, reverse("development:file_create", args=["a"]) + f"?student={states['已满十八'].pk}")
    assertContains(response, reverse("development:file_detail", args=["a", file.pk]))
    counsellor = client_for("counsellor").get(url)  # sees 推优 records, not development files
    assert {r.development for r in counsellor.context["page_obj"].object_list} == {None}
    assertNotContains(counsellor, "建立发展档案")
    assertNotContains(counsellor, reverse("development:file_detail", args=["a", file.pk]))
