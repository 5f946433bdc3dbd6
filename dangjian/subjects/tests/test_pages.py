"""Pages render with real data; lists keep a constant query count; exports open in openpyxl."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from dangjian.subjects.models import SubjectActivity, SubjectLink
from dangjian.tests import factories as f


def _add_links(world, n):
    for i in range(n):
        subject = f.SubjectFactory(school=world.school, name=f"学科{i}")
        link = f.SubjectLinkFactory(school=world.school, school_year=world.year, subject=subject)
        activity = f.SubjectActivityFactory(link=link)
        teacher = f.StaffFactory(school=world.school)
        teacher.subjects.set([subject])
        activity.participants.set([teacher])
        f.LessonEvaluationFactory(activity=activity, evaluator=teacher)


PAGES = {
    "overview": "subjects:overview",
    "link_list": "subjects:link_list",
    "activity_list": "subjects:activity_list",
    "link_grid": "subjects:link_grid",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_query_count_is_constant(world, client_for, django_assert_max_num_queries, name):
    client = client_for("secretary")
    url = reverse(PAGES[name], args=["a"])
    _add_links(world, 1)
    client.get(url)
    with django_assert_max_num_queries(30) as one:
        assert client.get(url).status_code == 200
    _add_links(world, 4)
    with django_assert_max_num_queries(len(one.captured_queries)) as five:
        assert client.get(url).status_code == 200
    if name != "link_grid":
        assert SubjectLink.objects.count() == 5
    assert len(five.captured_queries) == len(one.captured_queries)


def test_overview_shows_findings_figures_and_chart(world, sdata, client_for):
    f.SubjectActivityFactory(link=sdata.link, date=dt.date(2022, 10, 10))
    response = client_for("secretary").get(reverse("subjects:overview", args=["a"]))
    assert response.status_code == 200
    assertContains(response, "化学：没有挂钩干部")
    assertContains(response, 'data-echarts="yoy-chart"')
    assertContains(response, '<script id="yoy-chart" type="application/json">')
    physics = next(r for r in response.context["subject_rows"] if r["subject"] == sdata.physics)
    assert physics["tally"].total.activities == 1
    assertContains(response, "第二学期未达标")  # 2022-2023 has ended: nothing logged in term 2


def test_teacher_overview_shows_only_their_part(world, sdata, client_for):
    activity = f.SubjectActivityFactory(link=sdata.link, topic="电磁感应示范课")
    activity.participants.set([sdata.group_member])
    response = client_for("teacher").get(reverse("subjects:overview", args=["a"]))
    assert response.status_code == 200
    assert response.context["full"] is False
    assert response.context["cadre_rows"] == []
    assertContains(response, "电磁感应示范课")
    assertNotContains(response, "yoy-chart")


def test_cadre_overview_offers_logging_in_their_link(world, sdata, client_for):
    response = client_for("cadre").get(reverse("subjects:overview", args=["a"]))
    assertContains(response, reverse("subjects:activity_create", args=["a", sdata.link.pk]))


def test_draft_link_cannot_be_logged_by_the_cadre(world, sdata, client_for):
    SubjectLink.objects.filter(pk=sdata.link.pk).update(status="draft")
    response = client_for("cadre").get(reverse("subjects:activity_create", args=["a", sdata.link.pk]))
    assert response.status_code == 404


def test_grid_post_then_publish(world, sdata, client_for):
    client = client_for("secretary")
    url = reverse("subjects:link_grid", args=["a"])
    cells = [f"{sdata.cadre.pk}-{sdata.physics.pk}", f"{sdata.cadre.pk}-{sdata.chemistry.pk}"]
    response = client.post(url + "?year=2022", {"cells": cells}, follow=True)
    assertContains(response, "新增 1 条挂钩（草稿）")
    assertContains(response, "赵校长 挂钩了 2 个学科（化学、物理），应只挂钩一个")
    response = client.post(reverse("subjects:links_publish", args=["a"]), {"year": "2022"}, follow=True)
    assertContains(response, "已发布 2022-2023学年 学科挂钩 1 条。")
    assert SubjectLink.objects.filter(status="draft").count() == 0


def test_grid_post_with_a_foreign_subject_saves_nothing(world, sdata, client_for):
    response = client_for("secretary").post(
        reverse("subjects:link_grid", args=["a"]), {"cells": [f"{sdata.cadre.pk}-{sdata.other_school_subject.pk}"]}
    )
    assert response.status_code == 200
    assertContains(response, "不是可挂钩的组合")
    assert list(SubjectLink.objects.values_list("subject__name", flat=True)) == ["物理"]


def test_cadre_logs_an_activity_and_a_teacher_evaluates_it(world, sdata, client_for):
    client = client_for("cadre")
    response = client.post(
        reverse("subjects:activity_create", args=["a", sdata.link.pk]),
        {"kind": "demo_lesson", "date": "2022-11-02", "topic": "平抛运动", "participants": [sdata.group_member.pk]},
    )
    activity = SubjectActivity.objects.get()
    assert response.status_code == 302
    assert response.url == activity.get_absolute_url()
    client = client_for("teacher")
    page = client.get(activity.get_absolute_url())
    assertContains(page, "填写评课")
    response = client.post(
        reverse("subjects:evaluation_save", args=["a", activity.pk]),
        {"evaluator": sdata.group_member.pk, "score": 95, "comment": "很好"},
        follow=True,
    )
    assertContains(response, "已保存评课：王老师 95 分。")
    response = client.post(
        reverse("subjects:evaluation_save", args=["a", activity.pk]),
        {"evaluator": sdata.group_member.pk, "score": 88, "comment": "改评"},
        follow=True,
    )
    assert list(activity.evaluations.values_list("score", "comment")) == [(88, "改评")]


def test_bad_activity_input_is_shown_and_nothing_saved(world, sdata, client_for):
    response = client_for("cadre").post(
        reverse("subjects:activity_create", args=["a", sdata.link.pk]),
        {"kind": "demo_lesson", "date": "2021-11-02", "topic": ""},
    )
    assert response.status_code == 200
    assertContains(response, "日期应在 2022-2023学年 内")
    assertContains(response, "这个字段是必填项。")
    assert SubjectActivity.objects.count() == 0


def test_activity_export_opens_in_openpyxl(world, sdata, client_for):
    activity = f.SubjectActivityFactory(link=sdata.link, date=dt.date(2022, 10, 10), topic="示范课：圆周运动")
    activity.participants.set([sdata.group_member])
    f.LessonEvaluationFactory(activity=activity, evaluator=sdata.group_member, score=91)
    response = client_for("secretary").get(reverse("subjects:activity_export", args=["a"]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "日期",
        "学期",
        "学科",
        "挂钩干部",
        "活动类型",
        "主题",
        "参加人数",
        "评课人数",
        "平均分",
        "内容记录",
    )
    assert rows[1][1:9] == ("第一学期", "物理", "赵校长", "示范课", "示范课：圆周运动", 1, 1, 91)


def test_link_export_opens_in_openpyxl(world, sdata, client_for):
    f.SubjectActivityFactory(link=sdata.link)
    response = client_for("jiaowu").get(reverse("subjects:link_export", args=["a"]))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows == [
        ("学年", "学科", "挂钩干部", "工号", "校级职务", "状态", "活动次数", "示范课次数"),
        ("2022-2023学年", "物理", "赵校长", sdata.cadre.staff_number, "副校长", "已发布", 1, 1),
    ]


def test_rules_edit_refuses_more_demo_lessons_than_activities(world, client_for):
    response = client_for("secretary").post(
        reverse("subjects:rules_edit", args=["a"]), {"min_activities": 1, "min_demo_lessons": 2}
    )
    assertContains(response, "示范课计入活动次数，不能多于每学期最少活动次数。")
    response = client_for("secretary").post(
        reverse("subjects:rules_edit", args=["a"]), {"min_activities": 3, "min_demo_lessons": 1}
    )
    assert response.status_code == 302
    assert world.school.subject_rules.min_activities == 3
