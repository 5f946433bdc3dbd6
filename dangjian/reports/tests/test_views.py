"""Pages of the reports app: the page × role matrix, query counts, downloads opened back."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from dangjian.jobs.models import Job
from dangjian.meetings.models import CalendarToken
from dangjian.tests import factories as f

from .test_figures_batched import DASHBOARD_QUERIES

ROLES = ["anonymous", "secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "outsider", "county"]
ROLES += ["superuser"]
DASHBOARD = dict(zip(ROLES, [302, 200, 200, 403, 403, 403, 403, 404, 404, 200], strict=True))
ME = dict(zip(ROLES, [302, 200, 200, 200, 200, 200, 200, 404, 404, 200], strict=True))
COUNTY = dict(zip(ROLES, [302, 404, 404, 404, 404, 404, 404, 404, 200, 200], strict=True))

PAGES = [
    ("reports:dashboard", ["a"], DASHBOARD),
    ("reports:me", ["a"], ME),
    ("reports:county", ["sfx"], COUNTY),
    ("reports:county_school", ["sfx", "a"], COUNTY),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_permission_matrix(client_for, role, name, args, expected):
    response = client_for(role).get(reverse(name, args=args))
    assert response.status_code == expected[role]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _report(client, fmt: str, year: str = "2022"):
    """Ask for the report as the dashboard's button does; the job runs at once (immediate backend)."""
    return client.post(reverse("reports:report", args=["a"]), {"year": year, "format": fmt})


def _download(client, fmt: str) -> bytes:
    job = Job.objects.get(pk=_report(client, fmt)["Location"].rstrip("/").split("/")[-1])
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200 and "下载" in page.content.decode()  # a file: offered, not redirected to
    response = client.get(job.result_url)
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content)  # read to the end: the test client then closes the file


@pytest.mark.parametrize("role", ROLES)
def test_report_job_per_role(client_for, media, role):
    response = _report(client_for(role), "docx")
    expected = DASHBOARD[role]
    assert response.status_code == (302 if expected == 200 else expected)
    assert Job.objects.count() == (1 if expected == 200 else 0)
    if expected == 200:
        job = Job.objects.get()
        assert (job.kind, job.status, job.params) == ("reports.annual", "done", {"year": 2022, "format": "docx"})
        assert response["Location"] == job.get_absolute_url()
        assert job.result_name == "甲中学2022-2023学年党建工作报告.docx"
    assert client_for(role).get(reverse("reports:report", args=["a"])).status_code in (302, 404, 405)


def test_report_job_refuses_unknown_formats(client_for, media):
    client = client_for("secretary")
    assert _report(client, "pdf").status_code == 404
    assert Job.objects.count() == 0


def test_the_report_file_is_seen_only_by_who_may_see_the_job(client_for, media, world):
    _report(client_for("party_staff"), "xlsx")
    job = Job.objects.get()
    response = client_for("secretary").get(job.result_url)
    assert response.status_code == 200
    b"".join(response.streaming_content)  # read to the end: the test client then closes the file (a close()
    # of our own would also close the database connection, inside the test's transaction)
    for role in ("teacher", "jiaowu", "branch", "outsider", "county"):
        assert client_for(role).get(job.result_url).status_code == 404, role
    assert client_for("anonymous").get(job.result_url).status_code == 302


def test_a_county_user_cannot_open_another_county(client_for, world):
    f.SchoolFactory(county=f.CountyFactory(code="far"), code="z")
    client = client_for("county")
    assert client.get(reverse("reports:county", args=["far"])).status_code == 404
    assert client.get(reverse("reports:county_school", args=["sfx", "z"])).status_code == 404


def _years(n):
    return [f.SchoolYearFactory(start_year=2022 - i) for i in range(n)]


# meetings.queries.compliance_states loads every calendar year at once: the dashboard runs the same
# queries whatever the data and the history (see also test_figures_batched.py).
@pytest.mark.parametrize("n", [1, 3, 7])
def test_dashboard_queries_are_bounded(client_for, world, django_assert_max_num_queries, n):
    for year in _years(n):
        f.SemesterFactory(school_year=year)
        f.LeagueLessonFactory(school=world.school, school_year=year)
        f.MentorshipFactory(school=world.school, school_year=year)
    client = client_for("secretary")
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("reports:dashboard", args=["a"]) + "?year=2022")
    assert response.status_code == 200
    assert response.content.decode().count("data-echarts=") == 9


def test_county_view_shows_counts_and_no_student_names(client_for, world):
    semester = f.SemesterFactory(school_year=world.year)
    student = f.StudentFactory(school=world.school, name="张秘密")
    f.SupportRecordFactory(pairing=f.PairingFactory(student=student, semester=semester))
    client = client_for("county")
    page = client.get(reverse("reports:county", args=["sfx"])).content.decode()
    detail = client.get(reverse("reports:county_school", args=["sfx", "a"])).content.decode()
    assert "张秘密" not in page + detail
    assert '<div class="dj-stat-value" id="total-support">1</div>' in page
    workbook = load_workbook(BytesIO(client.get(reverse("reports:county", args=["sfx"]) + "?format=xlsx").content))
    rows = list(workbook.active.values)
    assert rows[0][:2] == ("排名", "学校")
    assert sorted(r[1] for r in rows[1:]) == ["乙中学", "甲中学"]
    assert {r[1]: r[5] for r in rows[1:]} == {"甲中学": 1, "乙中学": 0}


def _docx_text(body: bytes) -> tuple[list[str], str]:
    doc = Document(BytesIO(body))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    return headings, "\n".join(p.text for p in doc.paragraphs)


def test_report_docx_has_the_usual_structure_and_figures(client_for, media, world):
    f.HonourFactory(school=world.school, name="省级文明校园", year=2022)
    f.LeagueLessonFactory.create_batch(3, school=world.school, school_year=world.year)
    body = _download(client_for("secretary"), "docx")
    headings, text = _docx_text(body)
    assert headings == [
        "基本情况",
        "三特精神",
        "四条措施",
        "一、上好一堂党课",
        "二、建好一支队伍",
        "三、抓好一个学科",
        "四、带好一名教师",
        "三个帮好",
        "一、帮好一个团支部",
        "二、帮好每名贫困生、特殊生",
        "党员队伍",
        "荣誉",
        "问题与下一步",
    ]
    assert "党员上团课：3节。" in text
    assert "图：近 1 个学年三会一课完成率（单位：%；横轴为学年，柱上为数值，虚线为目标 100%）" in text
    doc = Document(BytesIO(body))
    assert doc.tables[-1].rows[1].cells[1].text == "省级文明校园"
    assert len(doc.inline_shapes) == 9


def test_report_xlsx_has_every_figure(client_for, media, world):
    f.LeagueLessonFactory.create_batch(2, school=world.school, school_year=world.year)
    body = _download(client_for("party_staff"), "xlsx")
    rows = list(load_workbook(BytesIO(body)).active.values)
    assert rows[0][:3] == ("指标", "单位", "2022-2023")
    assert {r[0]: r[2] for r in rows[1:]}["党员上团课"] == 2
    assert len(rows) == 10


def test_annual_report_command(world, tmp_path):
    out, xlsx = tmp_path / "r.docx", tmp_path / "r.xlsx"
    call_command("annual_report", "--school", "a", "--year", "2022-2023", "-o", str(out), "--xlsx", str(xlsx))
    headings, _ = _docx_text(out.read_bytes())
    assert headings[0] == "基本情况"
    assert xlsx.stat().st_size > 0


@pytest.mark.parametrize(
    ("args", "message"), [(["--school", "nope"], "学校代码 nope 不存在"), (["--year", "1900"], "学年 1900 不存在")]
)
def test_annual_report_command_refuses_bad_input(world, tmp_path, args, message):
    from django.core.management.base import CommandError

    base = {"--school": "a", "--year": "2022-2023"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    argv = [x for pair in base.items() for x in pair]
    with pytest.raises(CommandError, match=message):
        call_command("annual_report", *argv, "-o", str(tmp_path / "r.docx"))


def test_me_lists_what_is_due(client_for, world):
    staff = world.users["teacher"].staff
    semester = f.SemesterFactory(school_year=world.year)
    plan = f.LessonPlanFactory(organization=world.branch, semester=semester)
    f.PlannedLessonFactory(plan=plan, lecturer=staff, planned_on=dt.date.today() + dt.timedelta(days=3), topic="初心")
    page = client_for("teacher").get(reverse("reports:me", args=["a"])).content.decode()
    assert "党课：初心" in page
    assert "我的档案" in page


def test_nav_entries(client_for, world):
    assert "数据看板" in client_for("secretary").get(reverse("reports:me", args=["a"])).content.decode()
    assert "数据看板" not in client_for("teacher").get(reverse("reports:me", args=["a"])).content.decode()
    home = client_for("county").get(reverse("reports:county", args=["sfx"])).content.decode()
    assert "县域概览" in home


def test_report_problems_include_the_module_findings_as_counts(client_for, media, world):
    """问题与下一步 carries the subjects, League and support findings; support only as counts."""
    school, year = world.school, world.year
    semester = f.SemesterFactory(school_year=year)  # 2022-09-01 .. 2023-01-31, long over
    f.SubjectFactory(school=school, name="语文")  # no linked cadre
    f.SubjectLinkFactory(school=school, school_year=year, cadre__name="李干部", subject__name="物理")  # no activity
    f.LeagueBranchFactory(
        school_class=f.SchoolClassFactory(grade__school=school, grade__school_year=year), name="高一（1）班团支部"
    )
    f.PoorStudentRecordFactory(student=f.StudentFactory(school=school, name="张秘密"), school_year=year)
    special = f.StudentFactory(school=school, name="李秘密")
    f.SpecialStudentCaseFactory(student=special, school_year=year)
    f.PairingFactory(student=special, semester=semester, kind="special")  # confirmed, never contacted
    body = _download(client_for("secretary"), "docx")
    headings, text = _docx_text(body)
    problems = text.split("问题与下一步", 1)[1]
    assert "抓好一个学科：语文：没有挂钩干部。" in problems
    assert "抓好一个学科：李干部（物理）第一学期未达标：活动 0/2 次，示范课 0/1 节。" in problems
    assert "帮好一个团支部：第一学期还有 1 个团支部没有达到党员团课要求：高一（1）班团支部。" in problems
    assert "帮好每名贫困生、特殊生：第一学期有 1 名登记学生尚未结对帮扶。" in problems
    assert "帮好每名贫困生、特殊生：第一学期有 1 名特殊生超过 30 天未联系。" in problems
    assert "张秘密" not in text
    assert "李秘密" not in text


def test_report_problems_of_a_module_are_capped_with_a_count(world):
    from dangjian.reports import problems

    f.SemesterFactory(school_year=world.year)
    for name in ["语文", "数学", "英语", "物理", "化学", "生物", "政治", "历史", "地理", "音乐", "美术", "体育"]:
        f.SubjectFactory(school=world.school, name=name)
    lines = problems.subject_problems(world.school, world.year, dt.date(2023, 3, 1))
    assert len(lines) == 11
    assert lines[-1] == "抓好一个学科：另有 2 项未列出，详见系统中的对应页面。"


def test_report_problems_belong_to_the_school_year(world, settings):
    """The 2022-2023 report, written long after: its 三会一课 findings name periods of 2022-09 .. 2023-08
    only (it used to list 2023年12月 and 2023年第4季度 of the next school year)."""
    from dangjian.reports.report import report_data

    settings.DANGJIAN_TODAY = "2024-10-01"
    group = f.OrganizationFactory(
        school=world.school, parent=world.branch, kind="group", name="第一党小组", established_on=dt.date(2018, 9, 1)
    )
    f.ActivityFactory(
        organization=group,
        kinds=["group_meeting"],
        starts_at=dt.datetime(2022, 9, 15, 10, tzinfo=dt.UTC),
        ends_at=dt.datetime(2022, 9, 15, 11, tzinfo=dt.UTC),
    )
    problems = [p for p in report_data(world.school, world.year)["problems"] if p.startswith("第一党小组")]
    assert problems == [
        "第一党小组：2022年12月等 3 期党小组会未按要求开展（应开展 1 次，已开展 0 次）",
        "第一党小组：2023年6月等 5 期党小组会未按要求开展（应开展 1 次，已开展 0 次）",
    ]


def test_report_problems_name_poor_students_lacking_a_kind_of_help(world, settings):
    from dangjian.reports.problems import support_problems

    semester = f.SemesterFactory(school_year=world.year)  # 2022-09-01 .. 2023-01-31
    student = f.StudentFactory(school=world.school, name="王秘密")
    f.PoorStudentRecordFactory(student=student, school_year=world.year)
    pairing = f.PairingFactory(student=student, semester=semester, kind="poor")
    f.SupportRecordFactory(pairing=pairing, kind="talk")
    lines = support_problems(world.school, world.year, dt.date(2023, 3, 1))
    assert "帮好每名贫困生、特殊生：第一学期有 1 名贫困生未开展全部三类帮扶（思想交流、学习辅导、钱物资助）。" in lines


@pytest.mark.parametrize("role", ROLES)
def test_todo_feed_matrix(client_for, world, role):
    """The 我的待办 feed ("reports:todo_feed") needs no login: its token is the key, whoever asks; any other
    token is a 404."""
    token = CalendarToken.objects.create(user=world.users["teacher"], token=CalendarToken.new_token()).token
    client = client_for(role)
    assert client.get(reverse("reports:todo_feed", args=["a", token])).status_code == 200
    assert client.get(reverse("reports:todo_feed", args=["a", token + "x"])).status_code == 404
