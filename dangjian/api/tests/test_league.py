"""/api/v1/league: the same permissions, forms and coverage as the pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.conftest import ROLE_NAMES
from dangjian.league.models import LeagueLesson
from dangjian.league.tests.conftest import ldata  # noqa: F401  (fixture)
from dangjian.tests import factories as f

MEMBERS = {"secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "superuser"}
ADMINS = {"secretary", "party_staff", "superuser"}
STUDENT_READERS = ADMINS | {"jiaowu", "counsellor"}


def expect(allowed, ok=200):
    out = {}
    for role in ROLE_NAMES:
        if role == "anonymous":
            out[role] = 401
        elif role in allowed:
            out[role] = ok
        elif role in MEMBERS:
            out[role] = 403
        else:
            out[role] = 404
    return out


def _lesson(ldata, **extra):  # noqa: F811
    return {
        "status": "held",
        "date": "2022-11-01",
        "topic": "团员意识教育",
        "lecturer": ldata.lecturer.pk,
        "branches": [ldata.branch.pk],
        "attendance": 3,
        **extra,
    }


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_reads(api_for, world, ldata, role):  # noqa: F811
    api = api_for(role)
    got = {
        "branches": api.get("/api/v1/league/branches", {"school": "a"}).status_code,
        "lessons": api.get("/api/v1/league/lessons", {"school": "a"}).status_code,
        "series": api.get("/api/v1/league/series", {"school": "a"}).status_code,
        "theme-activities": api.get("/api/v1/league/theme-activities", {"school": "a"}).status_code,
        "summary": api.get("/api/v1/league/summary", {"school": "a"}).status_code,
        "branch": api.get(f"/api/v1/league/branches/{ldata.branch.pk}").status_code,
        "lesson": api.get(f"/api/v1/league/lessons/{ldata.lesson.pk}").status_code,
    }
    assert got == dict.fromkeys(got, expect(MEMBERS)[role])
    assert api.get("/api/v1/league/recommendations", {"school": "a"}).status_code == expect(STUDENT_READERS)[role]


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_writes_are_for_admins(api_for, world, ldata, role):  # noqa: F811
    api = api_for(role)
    assert (
        api.post("/api/v1/league/lessons?school=a&year=2022", _lesson(ldata)).status_code == expect(ADMINS, 201)[role]
    )
    activity = {
        "series": ldata.series.pk,
        "date": "2022-10-01",
        "title": "国庆升旗",
        "branches": [ldata.branch.pk],
        "participants": 3,
        "guide": ldata.lecturer.pk,
    }
    assert (
        api.post("/api/v1/league/theme-activities?school=a&year=2022", activity).status_code
        == expect(ADMINS, 201)[role]
    )
    recommendation = {
        "branch": ldata.branch.pk,
        "student": ldata.students[0].pk,
        "date": "2023-04-01",
        "reason": "优秀",
    }
    response = api.post("/api/v1/league/recommendations?school=a&year=2022", recommendation)
    assert response.status_code == expect(ADMINS, 201)[role], response.content.decode()


def test_branch_shape_with_members_and_coverage(api_for, world, ldata):  # noqa: F811
    items = api_for("teacher").get("/api/v1/league/branches", {"school": "a", "year": "2022"}).json()["items"]
    assert items[0] == {
        "id": ldata.branch.pk,
        "name": "高一（1）班团支部",
        "school_year": "2022-2023",
        "school_class": {"id": ldata.branch.school_class_id, "name": "高一（1）班"},
        "secretary": "张团员",
        "student_count": 3,
        "member_count": 2,
        "coverage": [{"term": 1, "lessons": 1, "covered": True}, {"term": 2, "lessons": 0, "covered": False}],
    }


def test_lesson_for_a_branch_of_another_school_is_422(api_for, world, ldata):  # noqa: F811
    response = api_for("secretary").post(
        "/api/v1/league/lessons?school=a&year=2022", _lesson(ldata, branches=[ldata.other_branch.pk])
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"听课团支部": ["所选团支部不是本校 2022-2023学年 的团支部。"]}


def test_participants_over_the_class_size_is_422(api_for, world, ldata):  # noqa: F811
    response = api_for("secretary").post("/api/v1/league/lessons?school=a&year=2022", _lesson(ldata, attendance=40))
    assert response.status_code == 422
    assert response.json()["errors"] == {"参加人数": ["参加人数 40 人超过所选班级（团支部）的学生总数 3 人。"]}
    assert LeagueLesson.objects.count() == 1


def test_lecturer_patches_own_lesson(api_for, world, ldata):  # noqa: F811
    response = api_for("teacher").patch(f"/api/v1/league/lessons/{ldata.lesson.pk}", {"attendance": 2})
    assert (response.status_code, response.json()["attendance"]) == (200, 2)
    assert api_for("jiaowu").patch(f"/api/v1/league/lessons/{ldata.lesson.pk}", {"attendance": 1}).status_code == 403


def _fill(world, ldata, n):  # noqa: F811
    for _ in range(n):
        school_class = f.SchoolClassFactory(grade=ldata.branch.school_class.grade)
        f.EnrollmentFactory(student__school=world.school, school_class=school_class)
        branch = f.LeagueBranchFactory(school_class=school_class)
        f.LeagueLessonFactory(school=world.school, school_year=world.year, lecturer=ldata.lecturer, branches=[branch])


@pytest.mark.parametrize(
    "path", ["/api/v1/league/branches", "/api/v1/league/lessons", "/api/v1/league/theme-activities"]
)
def test_list_query_count_does_not_grow(api_for, world, ldata, path):  # noqa: F811
    api = api_for("secretary")
    counts = []
    for n in (0, 4):
        _fill(world, ldata, n)
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(path, {"school": "a"}).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


API_DELETES = {
    # the world's teacher lectures the lesson, but its semester has ended: 422, the lesson stays
    "lessons": (
        "delete",
        "/api/v1/league/lessons/{}",
        lambda d: d.lesson,
        {**expect(ADMINS, 204), "teacher": 422},
        ADMINS,
    ),
    "theme-activities": (
        "delete",
        "/api/v1/league/theme-activities/{}",
        lambda d: d.activity,
        expect(ADMINS, 204),
        ADMINS,
    ),
    "recommendations": (
        "delete",
        "/api/v1/league/recommendations/{}",
        lambda d: d.recommendation,
        {**expect(ADMINS, 204), "branch": 404, "teacher": 404},
        ADMINS,
    ),
}


@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize("case", sorted(API_DELETES))
def test_deletes(api_for, world, ldata, case, role):  # noqa: F811
    method, path, obj_of, expected, deleters = API_DELETES[case]
    obj = obj_of(ldata)
    response = getattr(api_for(role).client, method)(path.format(obj.pk))
    still_there = type(obj).objects.filter(pk=obj.pk).exists()
    assert (response.status_code, still_there) == (expected[role], role not in deleters), response.content


def test_refused_delete_says_why(api_for, world, ldata):  # noqa: F811
    response = api_for("teacher").client.delete(f"/api/v1/league/lessons/{ldata.lesson.pk}")
    assert response.json()["errors"] == {
        "__all__": [
            "该团课已开展，所在学期已结束，已计入团支部团课覆盖和年度统计，授课党员不能再删除；"
            "如确属重复录入，请联系书记或党务干部删除。"
        ]
    }
    assert api_for("secretary").client.delete("/api/v1/league/lessons/999999").status_code == 404
