"""The pages at work: the secretary's matching journey, the mentor's and the mentee's records, exports,
figures, and a fixed number of queries per list whatever its length."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.mentoring import queries
from dangjian.mentoring.models import (
    Evaluation,
    MentoringActivity,
    MentoringSettings,
    Mentorship,
    Milestone,
    Reflection,
)
from dangjian.tests import factories as f

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def url(name, *args, query=""):
    return reverse(f"mentoring:{name}", args=["a", *args]) + query


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_index_lists_young_teachers_with_their_mentors(mentoring, login):
    response = login("secretary").get(url("index", query="?year=2022"))
    rows = {row.staff.name: row for row in response.context["page_obj"].object_list}
    assert sorted(rows) == ["青年乙", "青年甲"]
    assert {label: (m.mentor.name if m else None) for label, m in rows["青年甲"].cells} == {
        "思想导师": "王老师",
        "德育导师": "导师乙",
        "业务导师": None,
    }
    assert rows["青年甲"].complete is False
    assert rows["青年甲"].status.reason == "24 岁；教龄 1 年"


def test_index_filters_and_bad_parameters(mentoring, login):
    client = login("secretary")
    assert client.get(url("index", query="?q=乙")).context["total"] == 1
    assert client.get(url("index", query="?coverage=complete")).context["total"] == 0
    response = client.get(url("index", query="?year=abc&subject=xyz&page=999"))
    assert response.status_code == 200
    assert response.context["school_year"].start_year == 2022


def test_the_secretary_runs_the_matching_and_confirms(world, mentoring, login):
    skill, _ = f.StaffFactory._meta.model.skills.rel.model.objects.get_or_create(name="班主任经验")
    for i in range(2):
        staff = f.StaffFactory(school=world.school, name=f"骨干{i}", political_status="party")
        staff.subjects.set([mentoring.math])
        staff.skills.set([skill])
    client = login("secretary")
    response = client.post(url("match_run"), {"year": "2022"}, follow=True)  # a background job, then its result
    assert response.redirect_chain[0][0].startswith("/s/a/jobs/")
    assert messages_of(response) == ["导师智能配对：已生成拟定配对 3 对（其中延续上学年 0 对）；仍有 0 个导师空缺。"]
    assert response.context["proposed"] == 4
    proposal = Mentorship.objects.filter(status="proposed").order_by("pk").last()
    response = client.post(url("pairing_confirm", proposal.pk), {"next": "https://evil.example/"}, follow=True)
    assert response.redirect_chain[-1][0] == proposal.get_absolute_url()
    proposal.refresh_from_db()
    assert proposal.status == "confirmed"
    response = client.post(url("match_confirm_all"), {"year": "2022"}, follow=True)
    assert messages_of(response) == ["已确认 3 对结对。"]


def test_the_match_page_explains_what_is_missing(mentoring, login):
    response = login("secretary").get(url("match"))
    assert response.context["explanations"] == [
        "数学：2 名青年教师，只有 1 名可任业务导师（每人最多带 2 名），1 名未配业务导师。",
        "德育导师：1 名青年教师未配到，可任德育导师的有班主任经验或任德育干部的党员共 0 名（每人最多带 2 名，且名额三类导师共用）。",
        "另有 1 个导师空缺尚未指定，仍有可选导师：可生成配对方案或手动指定。",
    ]
    cells = {row["row"].staff.name: row["cells"] for row in response.context["page_obj"].object_list}
    assert [reason for _, pairing, reason in cells["青年甲"] if pairing is None] == [
        "符合条件的 1 名导师已是其另一类导师（三类导师应由不同的人担任）。"
    ]


def test_adjusting_a_proposal_changes_its_mentor(world, mentoring, login):
    skill, _ = f.StaffFactory._meta.model.skills.rel.model.objects.get_or_create(name="班主任经验")
    new_mentor = f.StaffFactory(school=world.school, name="新导师", political_status="party")
    new_mentor.skills.set([skill])
    client = login("secretary")
    response = client.post(
        url("pairing_edit", mentoring.proposed.pk),
        {"mentee": mentoring.young.pk, "dimension": "ideology", "mentor": new_mentor.pk, "goals": "目标", "duties": ""},
    )
    assert response.status_code == 302, response.context["form"].errors
    mentoring.proposed.refresh_from_db()
    assert (mentoring.proposed.mentor, mentoring.proposed.dimension, mentoring.proposed.goals) == (
        new_mentor,
        "moral",
        "目标",
    )


def test_a_bad_manual_pairing_is_refused_on_the_page(world, mentoring, login):
    foreign = f.StaffFactory(school=world.other_school)
    response = login("secretary").post(
        url("pairing_create", query="?year=2022"),
        {"mentee": mentoring.young.pk, "dimension": "professional", "mentor": foreign.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["mentor"] == ["所选导师不是本校教职工，不能担任本校导师。"]
    assert messages_of(response) == ["保存失败，请按提示修改标红的字段。"]
    assert Mentorship.objects.count() == 3


def test_release_sign_and_scan(world, mentoring, login):
    client = login("secretary")
    response = client.post(
        url("pairing_sign", mentoring.pairing.pk),
        {"signed_on": "2022-09-15", "scan": SimpleUploadedFile("协议.png", PNG, content_type="image/png")},
    )
    assert response.status_code == 302
    mentoring.pairing.refresh_from_db()
    assert mentoring.pairing.signed_on == dt.date(2022, 9, 15)
    scan = login("young").get(url("pairing_scan", mentoring.pairing.pk))
    assert (scan.status_code, scan["Content-Type"], b"".join(scan.streaming_content)) == (200, "image/png", PNG)
    assert login("jiaowu").get(url("pairing_scan", mentoring.pairing.pk)).status_code == 404
    client = login("secretary")
    client.post(url("pairing_release", mentoring.pairing.pk), {"reason": "工作调动"})
    mentoring.pairing.refresh_from_db()
    assert (mentoring.pairing.status, mentoring.pairing.release_reason) == ("released", "工作调动")


def test_the_mentor_logs_an_activity_with_evidence(mentoring, login):
    client = login("teacher")
    response = client.post(
        url("activity_create", mentoring.pairing.pk),
        {
            "date": "2022-11-02",
            "dimension": "ideology",
            "six_kind": "path",
            "kind": "talk",
            "hours": "1.5",
            "notes": "谈职业规划",
            "evidence": SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    activity = MentoringActivity.objects.get(notes="谈职业规划")
    assert (activity.logged_by.username, float(activity.hours)) == ("teacher", 1.5)
    evidence = login("young").get(url("activity_evidence", activity.pk))
    assert (evidence.status_code, b"".join(evidence.streaming_content)) == (200, PNG)
    assert login("jiaowu").get(url("activity_evidence", activity.pk)).status_code == 404


def test_the_mentor_sees_only_their_pairs_activities(mentoring, login):
    response = login("teacher").get(url("activity_list", query="?year=all"))
    assert [a.pk for a in response.context["page_obj"].object_list] == [mentoring.activity.pk]
    response = login("secretary").get(url("activity_list"))
    assert sorted(a.pk for a in response.context["page_obj"].object_list) == sorted(
        [mentoring.activity.pk, mentoring.other_activity.pk]
    )


def test_mine_shows_both_sides_without_proposals(mentoring, login):
    response = login("young").get(url("mine"))
    assert [(m.mentor.name, m.dimension) for m in response.context["as_mentee"]] == [("王老师", "ideology")]
    assert response.context["as_mentor"] == []
    response = login("teacher").get(url("mine"))
    assert [m.mentee.name for m in response.context["as_mentor"]] == ["青年甲"]


def test_the_mentee_writes_a_reflection_and_the_mentor_evaluates(world, mentoring, login):
    client = login("young")
    response = client.post(url("reflection_create"), {"school_year": world.year.pk, "term": "1", "content": "重复"})
    assert response.context["form"].errors["term"] == ["2022-2023学年第一学期的反思已经写过，请修改原来的那篇。"]
    response = client.post(
        url("reflection_create"), {"school_year": world.year.pk, "term": "2", "content": "第二学期反思"}
    )
    assert response.status_code == 302
    assert Reflection.objects.filter(mentee=mentoring.young).count() == 2
    reviews = login("teacher").get(url("reviews", query="?year=2022"))
    assert sorted(r.content for r in reviews.context["reflections"]) == ["本学期收获很大", "第二学期反思"]
    client = login("teacher")
    response = client.post(
        url("evaluation_edit", mentoring.pairing.pk),
        {"result": "excellent", "comments": "进步明显", "evaluated_on": "2023-07-01"},
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(mentorship=mentoring.pairing)
    assert (evaluation.result, evaluation.evaluated_by.username) == ("excellent", "teacher")


def test_a_milestone_and_the_development_path(world, mentoring, login):
    f.PartyMemberFactory(
        branch=world.branch,
        staff=mentoring.young,
        status="probationary",
        admitted_on=dt.date(2023, 6, 20),
        full_on=None,
    )
    client = login("secretary")
    response = client.post(
        url("milestone_create"),
        {"staff": mentoring.young.pk, "date": "2023-05-01", "kind": "award", "description": "县级优质课一等奖"},
    )
    assert response.status_code == 302
    assert Milestone.objects.filter(staff=mentoring.young).count() == 2
    response = login("young").get(url("teacher_path", mentoring.young.pk))
    assert [(kind, text) for _, kind, text, _ in response.context["events"]] == [
        ("获奖/竞赛", "县级优质课一等奖"),
        ("骨干教师", "县级骨干"),
        ("入党", "接收为预备党员（第一党支部）"),
    ]
    assert [item["year"].start_year for item in response.context["years"]] == [2022]
    assert response.context["total_activities"] == 1


def test_the_mentor_deletes_a_duplicate_activity_until_the_evaluation(world, mentoring, login):
    detail = url("pairing_detail", mentoring.pairing.pk)
    button = url("activity_delete", mentoring.activity.pk)
    assert button.encode() in login("teacher").get(detail).content
    duplicate = f.MentoringActivityFactory(mentorship=mentoring.pairing)
    response = login("teacher").post(url("activity_delete", duplicate.pk), follow=True)
    assert response.redirect_chain == [(detail, 302)]
    assert messages_of(response) == ["已删除带教活动：2022-10-01 谈心（青年甲）"]
    Evaluation.objects.create(
        mentorship=mentoring.pairing, result="pass", comments="合格", evaluated_on=dt.date(2023, 7, 1)
    )
    response = login("teacher").post(button, follow=True)
    assert messages_of(response) == [
        "该结对已完成年终考核，带教活动是考核的依据，导师和青年教师不能再删除；如确属重复录入，请联系书记或党务干部删除。"
    ]
    assert MentoringActivity.objects.filter(mentorship=mentoring.pairing).count() == 1


def test_reflection_and_milestone_deletes_go_back_to_their_page(world, mentoring, login):
    reviews = url("reviews", query="?year=2022")
    assert url("reflection_delete", mentoring.reflection.pk).encode() in login("young").get(reviews).content
    response = login("young").post(url("reflection_delete", mentoring.reflection.pk), follow=True)
    assert (response.redirect_chain, messages_of(response)) == (
        [(reviews, 302)],
        ["已删除：2022-2023第一学期 青年甲的成长反思"],
    )
    path = url("teacher_path", mentoring.young.pk)
    assert url("milestone_delete", mentoring.milestone.pk).encode() in login("secretary").get(path).content
    response = login("secretary").post(url("milestone_delete", mentoring.milestone.pk), follow=True)
    assert (response.redirect_chain, messages_of(response)) == (
        [(path, 302)],
        ["已删除成长足迹：青年甲 2023-06-01 县级骨干"],
    )
    assert (Reflection.objects.count(), Milestone.objects.count()) == (0, 0)


def test_settings_change_the_young_teacher_list(world, mentoring, login):
    client = login("secretary")
    response = client.post(url("settings"), {"young_age_limit": "25", "young_years_limit": "1", "mentor_capacity": "3"})
    assert response.status_code == 302
    assert MentoringSettings.objects.get(school=world.school).mentor_capacity == 3
    assert client.get(url("index")).context["total"] == 2  # both were 24 on 1 September 2022
    client.post(url("settings"), {"young_age_limit": "25", "young_years_limit": "1", "mentor_capacity": "3"})
    MentoringSettings.objects.filter(school=world.school).update(young_age_limit=24)
    assert client.get(url("index")).context["total"] == 0
    response = client.post(url("settings"), {"young_age_limit": "99", "young_years_limit": "1", "mentor_capacity": "0"})
    assert sorted(response.context["form"].errors) == ["mentor_capacity", "young_age_limit"]


def test_figures_count_distinct_mentees_over_a_period(world, mentoring, login):
    older = f.SchoolYearFactory(start_year=2021)
    f.MentorshipFactory(school=world.school, school_year=older, mentee=mentoring.young, mentor=mentoring.mentor)
    f.MentorshipFactory(
        school=world.school, school_year=older, mentee=mentoring.young, mentor__name="导师丙", dimension="moral"
    )
    f.MilestoneFactory(staff=mentoring.young, date=dt.date(2022, 6, 1))
    data = queries.figures(world.school, queries.year_range(older, world.year), queries.settings_of(world.school))
    assert [(r.year.start_year, r.mentored, r.pairs) for r in data["rows"]] == [(2021, 1, 2), (2022, 2, 2)]
    assert data["mentored_total"] == 2  # 青年甲 counted once over both years; the proposal does not count
    assert data["key_teachers"] == 1
    assert data["activities_per_pair"] == 0.5
    assert data["pairs_without_activity"] == 2
    response = login("secretary").get(url("figures", query="?from=2021&to=2022"))
    assert response.context["data"]["mentored_total"] == 2


XLSX = {
    "index": (
        "index",
        "?year=2022",
        ["工号", "姓名", "任教学科", "年段", "青年教师依据", "思想导师", "德育导师", "业务导师", "三类导师配齐"],
    ),
    "pairings": (
        "pairing_list",
        "?year=2022",
        [
            "学年",
            "青年教师",
            "导师类别",
            "导师",
            "状态",
            "确认日期",
            "协议签订日期",
            "有扫描件",
            "带教活动（次）",
            "年终考核",
        ],
    ),
    "activities": (
        "activity_list",
        "?year=2022",
        [
            "日期",
            "学年",
            "青年教师",
            "导师",
            "导师类别",
            "“六子”类别",
            "活动形式",
            "时长（小时）",
            "内容与收获",
            "有佐证",
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(XLSX))
def test_xlsx_exports_open_back(mentoring, login, name):
    view, query, headers = XLSX[name]
    response = login("secretary").get(url(view, query=query + "&format=xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == headers
    assert len(rows) == {"index": 3, "pairings": 4, "activities": 3}[name]


def test_figures_xlsx_opens_back(mentoring, login):
    response = login("secretary").get(url("figures", query="?format=xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["逐学年", "汇总", "导师带教量"]
    assert list(workbook["汇总"].iter_rows(values_only=True))[1] == ("期间受带教青年教师（去重）", 2)


# Query counts -----------------------------------------------------------------------------------


def add_pairs(world, mentoring, k):
    for _ in range(k):
        pairing = f.MentorshipFactory(school=world.school, school_year=world.year, mentor=mentoring.mentor)
        pairing.mentee.subjects.set([mentoring.math])
        f.MentoringActivityFactory(mentorship=pairing)
        Reflection.objects.create(
            school=world.school,
            school_year=world.year,
            term=1,
            mentee=pairing.mentee,
            content="反思",
            written_on=dt.date(2023, 1, 5),
        )
        Evaluation.objects.create(mentorship=pairing, result="pass", comments="合格", evaluated_on=dt.date(2023, 7, 1))


LISTS = {
    "index": ("secretary", lambda m: url("index")),
    "match": ("secretary", lambda m: url("match")),
    "pairing_list": ("secretary", lambda m: url("pairing_list")),
    "activity_list": ("secretary", lambda m: url("activity_list")),
    "reviews": ("secretary", lambda m: url("reviews")),
    "figures": ("secretary", lambda m: url("figures")),
    "mine": ("teacher", lambda m: url("mine")),
    "teacher_path": ("teacher", lambda m: url("teacher_path", m.mentor.pk)),
    "activity_list_mentor": ("teacher", lambda m: url("activity_list")),
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_list_query_counts_do_not_grow(world, mentoring, login, django_assert_max_num_queries, name):
    role, url_of = LISTS[name]
    counts = []
    for k in (1, 4):  # 1 more item, then 5
        add_pairs(world, mentoring, k)
        client = login(role)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url_of(mentoring)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(25):
        client.get(url_of(mentoring))
