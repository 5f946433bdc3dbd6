"""Pages: the page × role matrix, query counts, the .xlsx export and the main journey via the test client."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.jobs.models import Job
from dangjian.staffing import services
from dangjian.staffing.models import AssignmentVersion, OptimizerRun
from dangjian.tests import factories as f

from .conftest import build_small

ROLES = [
    "anonymous",
    "secretary",
    "party_staff",
    "branch",
    "jiaowu",
    "counsellor",
    "teacher",
    "outsider",
    "county",
    "superuser",
]
ALLOWED = {"secretary", "party_staff", "jiaowu", "superuser"}
READERS = {"branch", "counsellor", "teacher"}  # work in the school, but not on teaching assignments


def expected(role, ok=200):
    if role == "anonymous":
        return 302
    if role in ALLOWED:
        return ok
    return 403 if role in READERS else 404


@pytest.fixture
def run(small, world):
    return services.optimizer_run(
        school=small.school, semester=small.semester, actor=world.users["jiaowu"], time_limit=5
    )


GETS = {
    "index": (lambda r: reverse("staffing:index", args=["a"]), 302),
    "groups": (lambda r: reverse("staffing:groups", args=["a"]), 200),
    "coverage": (lambda r: reverse("staffing:coverage", args=["a"]), 200),
    "coverage_xlsx": (lambda r: reverse("staffing:coverage_xlsx", args=["a"]), 200),
    "optimizer": (lambda r: reverse("staffing:optimizer", args=["a"]), 200),
    "settings": (lambda r: reverse("staffing:settings", args=["a"]), 200),
    "run_detail": (lambda r: reverse("staffing:run_detail", args=["a", r.pk]), 200),
    "run_problem": (lambda r: reverse("staffing:run_download", args=["a", r.pk, "problem"]), 200),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(GETS))
def test_page_access(client_for, run, page, role):
    url, ok = GETS[page]
    assert client_for(role).get(url(run)).status_code == expected(role, ok)


POSTS = {
    "run": lambda r: reverse("staffing:optimizer", args=["a"]),
    "pin": lambda r: reverse("staffing:run_pin", args=["a", r.pk]),
    "rerun": lambda r: reverse("staffing:run_rerun", args=["a", r.pk]),
    "apply": lambda r: reverse("staffing:run_apply", args=["a", r.pk]),
}


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ALLOWED])
@pytest.mark.parametrize("action", sorted(POSTS))
def test_writes_refused(client_for, run, action, role):
    response = client_for(role).post(POSTS[action](run), {"semester": run.semester.pk, "time_limit": 1})
    assert response.status_code == expected(role)
    assert OptimizerRun.objects.count() == 1 and OptimizerRun.objects.get().applied_at is None


def test_other_schools_run_is_404(client_for, run, world):
    run.school = world.other_school
    run.save()
    assert client_for("jiaowu").get(reverse("staffing:run_detail", args=["a", run.pk])).status_code == 404


def test_county_and_outsider_do_not_see_the_menu_entry(client_for, small):
    page = client_for("jiaowu").get(reverse("school:home", args=["a"])).content.decode()
    assert reverse("staffing:index", args=["a"]) in page
    page = client_for("teacher").get(reverse("school:home", args=["a"])).content.decode()
    assert reverse("staffing:index", args=["a"]) not in page


def test_journey_run_pin_rerun_apply(client_for, small):
    client = client_for("jiaowu")
    response = client.post(reverse("staffing:optimizer", args=["a"]), {"semester": small.semester.pk, "time_limit": 5})
    run = OptimizerRun.objects.get()
    job = Job.objects.get()  # run in the background (at once with the tests' immediate backend)
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert (job.status, job.result_url) == ("done", run.get_absolute_url())
    polled = client.get(reverse("jobs:status", args=["a", job.pk]), headers={"HX-Request": "true"})
    assert polled.status_code == 204 and polled["HX-Redirect"] == run.get_absolute_url()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "最优方案" in page
    klass, teacher = small.classes[2], small.teachers[("英语", 1)]
    client.post(
        reverse("staffing:run_pin", args=["a", run.pk]),
        {"school_class": klass.pk, "subject": "英语", "teacher": teacher.pk, "next": "https://evil.example/"},
    )
    run.refresh_from_db()
    assert run.pins == [{"class": klass.pk, "subject": "英语", "teacher": teacher.pk}]
    response = client.post(reverse("staffing:run_rerun", args=["a", run.pk]), headers={"HX-Request": "true"})
    second = OptimizerRun.objects.order_by("-pk").first()
    rerun = Job.objects.latest("pk")
    assert response.status_code == 204 and response["HX-Redirect"] == rerun.get_absolute_url()
    assert rerun.result_url == second.get_absolute_url()
    response = client.post(reverse("staffing:run_apply", args=["a", second.pk]))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert '<div class="dj-stat-value" id="uncovered-count">0</div>' in page


def test_pin_form_refuses_a_subject_the_class_does_not_have(client_for, run, small):
    client = client_for("jiaowu")
    response = client.post(
        reverse("staffing:run_pin", args=["a", run.pk]),
        {"school_class": small.classes[0].pk, "subject": "物理", "teacher": ""},
        follow=True,
    )
    assert "锁定失败" in response.content.decode()
    run.refresh_from_db()
    assert run.pins == []


def test_run_form_refuses_bad_time_limit(client_for, small):
    response = client_for("jiaowu").post(
        reverse("staffing:optimizer", args=["a"]), {"semester": small.semester.pk, "time_limit": 0}
    )
    assert response.status_code == 200
    assert "请按提示修改标红的字段" in response.content.decode()
    assert OptimizerRun.objects.count() == 0


def test_settings_form_refuses_bad_input(client_for, small):
    response = client_for("jiaowu").post(
        reverse("staffing:settings", args=["a"]), {"min_party_teachers_per_class": 12, "time_limit": 500}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "每班至少党员教师数不能超过 9。" in text and "时限应在 1–120 秒之间。" in text


def test_coverage_xlsx_opens(client_for, small):
    response = client_for("secretary").get(reverse("staffing:coverage_xlsx", args=["a"]))
    book = load_workbook(BytesIO(response.content))
    classes = list(book["班级任课"].values)
    assert classes[0] == ("年段", "班级", "班主任", "语文", "数学", "英语", "党员人数", "党员", "已覆盖")
    assert classes[1][:3] == ("高一", "高一（1）班", "语文老师1")
    assert classes[1][-1] == "否"
    assert list(book["问题清单"].values)[1] == ("未覆盖班级", "高一（1）班", "任课教师和班主任中没有党员")


def test_home_page_shows_the_findings_to_the_academic_office(client_for, small):
    page = client_for("jiaowu").get(reverse("school:home", args=["a"])).content.decode()
    assert "1 个班级的任课教师和班主任中没有党员：高一（1）班" in page
    page = client_for("counsellor").get(reverse("school:home", args=["a"])).content.decode()
    assert "staffing-findings" not in page


def _count(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(200) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(world, extra_classes: int):
    """More classes, teachers and assignments in the same semester."""
    from dangjian.school.models import StaffYear
    from dangjian.staffing.models import TeachingAssignment

    small = world._small
    start = 10 + small.grade.classes.count()
    for n in range(extra_classes):
        teacher = f.StaffFactory(school=world.school)
        teacher.subjects.add(small.subjects["语文"])
        StaffYear.objects.create(staff=teacher, school_year=world.year, grade=small.grade)
        klass = f.SchoolClassFactory(grade=small.grade, number=start + n, homeroom_teacher=teacher)
        TeachingAssignment.objects.create(
            semester=small.semester, school_class=klass, subject=small.subjects["语文"], teacher=teacher
        )


@pytest.mark.parametrize("page", ["coverage", "groups", "optimizer", "home"])
def test_query_counts_do_not_grow(world, client_for, django_assert_max_num_queries, page):
    world._small = small = build_small(world)
    services.optimizer_run(school=small.school, semester=small.semester, actor=world.users["jiaowu"], time_limit=2)
    url = reverse("school:home", args=["a"]) if page == "home" else reverse(f"staffing:{page}", args=["a"])
    client = client_for("jiaowu")
    _grow(world, 1)
    one = _count(client, url, django_assert_max_num_queries)
    _grow(world, 4)
    services.optimizer_run(school=small.school, semester=small.semester, actor=world.users["jiaowu"], time_limit=2)
    assert _count(client, url, django_assert_max_num_queries) == one


@pytest.mark.parametrize("role", ROLES)
def test_version_restore_per_role(client_for, run, world, role):
    """Restoring a saved arrangement is the academic office's act: others get 403 (school) or 404, nothing changes."""
    version = services.run_apply(run=run, actor=world.users["jiaowu"])
    before = AssignmentVersion.objects.count()
    response = client_for(role).post(reverse("staffing:version_restore", args=["a", version.pk]))
    assert response.status_code == expected(role, 302)
    assert AssignmentVersion.objects.count() == before + (1 if role in ALLOWED else 0)


def test_the_solver_files_wait_under_an_advanced_fold(client_for, run):
    page = client_for("jiaowu").get(reverse("staffing:run_detail", args=["a", run.pk])).content.decode()
    fold = page.split('<details class="ms-auto small" id="advanced">', 1)[1].split("</details>", 1)[0]
    assert "problem.json" in fold and "solution.json" in fold
    assert page.count(">problem.json</a>") == 1  # the only link to it on the page
