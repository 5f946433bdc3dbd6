"""Every League page against every role: readable by the school's members, written by the secretary
and Party affairs staff (and a lesson's lecturer), student names for office roles only; 404 to
outsiders and the county."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangjian.conftest import ROLE_NAMES, module_writes
from dangjian.league.models import LeagueLesson, Recommendation, ThemeActivityPhoto
from dangjian.league.tests.conftest import build_ldata

# Some 300 tests, each a request or two that changes nothing it does not roll back: they share one world and
# one ldata per module (see module_transaction) instead of making them for each test; the tests that change
# a row do it with update(), leaving the shared objects as they are.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(module_world):
    return module_world


@pytest.fixture(scope="module")
def ldata(world, django_db_blocker):
    with module_writes(django_db_blocker):
        return build_ldata(world)


MEMBERS = {"secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "superuser"}
ADMINS = {"secretary", "party_staff", "superuser"}
STUDENT_READERS = ADMINS | {"jiaowu", "counsellor"}


def expect(allowed, *, hidden=frozenset(), ok=200):
    out = {}
    for role in ROLE_NAMES:
        if role == "anonymous":
            out[role] = 302
        elif role in allowed:
            out[role] = ok
        elif role in MEMBERS and role not in hidden:
            out[role] = 403
        else:
            out[role] = 404
    return out


@pytest.fixture
def photo(ldata, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return ThemeActivityPhoto.objects.create(
        activity=ldata.activity, image=SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n0000"), caption="合影"
    )


def _url(name, *args):
    return lambda d, p: reverse(f"league:{name}", args=["a", *args])


CASES = {
    "overview": (_url("overview"), expect(MEMBERS)),
    "branch_export": (_url("branch_export"), expect(MEMBERS)),
    "branch_detail": (lambda d, p: reverse("league:branch_detail", args=["a", d.branch.pk]), expect(MEMBERS)),
    "branch_edit": (lambda d, p: reverse("league:branch_edit", args=["a", d.branch.pk]), expect(ADMINS)),
    "lesson_list": (_url("lesson_list"), expect(MEMBERS)),
    "lesson_export": (_url("lesson_export"), expect(MEMBERS)),
    "lesson_create": (_url("lesson_create"), expect(ADMINS)),
    "lesson_detail": (lambda d, p: reverse("league:lesson_detail", args=["a", d.lesson.pk]), expect(MEMBERS)),
    "lesson_edit_by_lecturer": (
        lambda d, p: reverse("league:lesson_edit", args=["a", d.lesson.pk]),
        expect(ADMINS | {"teacher"}),
    ),
    "series_list": (_url("series_list"), expect(MEMBERS)),
    "series_create": (_url("series_create"), expect(ADMINS)),
    "series_detail": (lambda d, p: reverse("league:series_detail", args=["a", d.series.pk]), expect(MEMBERS)),
    "series_edit": (lambda d, p: reverse("league:series_edit", args=["a", d.series.pk]), expect(ADMINS)),
    "theme_activity_list": (_url("theme_activity_list"), expect(MEMBERS)),
    "theme_activity_export": (_url("theme_activity_export"), expect(MEMBERS)),
    "theme_activity_create": (_url("theme_activity_create"), expect(ADMINS)),
    "theme_activity_detail": (
        lambda d, p: reverse("league:theme_activity_detail", args=["a", d.activity.pk]),
        expect(MEMBERS),
    ),
    "theme_activity_edit": (
        lambda d, p: reverse("league:theme_activity_edit", args=["a", d.activity.pk]),
        expect(ADMINS),
    ),
    "photo": (lambda d, p: reverse("league:photo", args=["a", p.pk]), expect(MEMBERS)),
    "recommendation_list": (_url("recommendation_list"), expect(STUDENT_READERS)),
    "recommendation_export": (_url("recommendation_export"), expect(STUDENT_READERS)),
    "recommendation_create": (_url("recommendation_create"), expect(ADMINS)),
    "recommendation_edit": (
        lambda d, p: reverse("league:recommendation_edit", args=["a", d.recommendation.pk]),
        expect(ADMINS, hidden={"branch", "teacher"}),
    ),
    "rules_edit": (_url("rules_edit"), expect(ADMINS)),
}


@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_page_access(world, ldata, photo, client_for, case, role):
    url_of, expected = CASES[case]
    response = client_for(role).get(url_of(ldata, photo))
    assert response.status_code == expected[role]
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)


@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize("name", ["branches_ensure", "series_seed"])
def test_posts_are_for_admins(world, ldata, client_for, role, name):
    response = client_for(role).post(reverse(f"league:{name}", args=["a"]), {"year": "2022"})
    assert response.status_code == expect(ADMINS, ok=302)[role]


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_photo_upload_is_for_admins(world, ldata, client_for, role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n0000")
    response = client_for(role).post(
        reverse("league:theme_activity_detail", args=["a", ldata.activity.pk]), {"image": upload}
    )
    assert response.status_code == expect(ADMINS, ok=302)[role]


def test_branch_of_another_school_is_404_through_own_school_url(world, ldata, client_for):
    response = client_for("secretary").get(reverse("league:branch_detail", args=["a", ldata.other_branch.pk]))
    assert response.status_code == 404


# Deletes: who may edit may delete; the row is gone only for them. The world's teacher lectures the
# fixture's lesson, but it was held in a semester that has ended, so the lecturer is refused (302 with
# the reason, the lesson stays); a planned lesson of theirs they delete.

DELETES = {
    "lesson_delete": (lambda d: d.lesson, expect(ADMINS | {"teacher"}, ok=302), ADMINS),
    "theme_activity_delete": (lambda d: d.activity, expect(ADMINS, ok=302), ADMINS),
    "recommendation_delete": (
        lambda d: d.recommendation,
        expect(ADMINS, hidden={"branch", "teacher"}, ok=302),
        ADMINS,
    ),
}


@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize("case", sorted(DELETES))
def test_delete_access(world, ldata, client_for, case, role):
    obj_of, expected, deleters = DELETES[case]
    obj = obj_of(ldata)
    response = client_for(role).post(reverse(f"league:{case}", args=["a", obj.pk]))
    still_there = type(obj).objects.filter(pk=obj.pk).exists()
    assert (response.status_code, still_there) == (expected[role], role not in deleters)


@pytest.mark.parametrize("case", sorted(DELETES))
def test_delete_refuses_get(world, ldata, client_for, case):
    obj = DELETES[case][0](ldata)
    assert client_for("secretary").get(reverse(f"league:{case}", args=["a", obj.pk])).status_code == 405


def test_lecturer_deletes_own_planned_lesson(world, ldata, client_for):
    LeagueLesson.objects.filter(pk=ldata.lesson.pk).update(status="planned")
    response = client_for("teacher").post(reverse("league:lesson_delete", args=["a", ldata.lesson.pk]), follow=True)
    assert response.redirect_chain == [("/s/a/league/lessons/?year=2022", 302)]
    assert [str(m) for m in response.context["messages"]] == ["已删除党员团课：2022-10-20 团史第一课（王老师）"]


def test_lecturer_is_told_why_a_counted_lesson_stays(world, ldata, client_for):
    response = client_for("teacher").post(reverse("league:lesson_delete", args=["a", ldata.lesson.pk]), follow=True)
    assert response.redirect_chain == [(ldata.lesson.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "该团课已开展，所在学期已结束，已计入团支部团课覆盖和年度统计，授课党员不能再删除；"
        "如确属重复录入，请联系书记或党务干部删除。"
    ]


def test_delete_buttons_are_shown_to_who_may_delete(world, ldata, client_for):
    detail = reverse("league:lesson_detail", args=["a", ldata.lesson.pk])
    button = reverse("league:lesson_delete", args=["a", ldata.lesson.pk]).encode()
    assert button in client_for("secretary").get(detail).content
    assert button not in client_for("branch").get(detail).content
    recommendations = reverse("league:recommendation_list", args=["a"]) + "?year=2022"
    button = reverse("league:recommendation_delete", args=["a", ldata.recommendation.pk]).encode()
    assert button in client_for("secretary").get(recommendations).content
    # kept for the student's Party file: no button
    Recommendation.objects.filter(pk=ldata.recommendation.pk).update(status="accepted")
    assert button not in client_for("secretary").get(recommendations).content
    page = client_for("secretary").get(reverse("league:theme_activity_detail", args=["a", ldata.activity.pk]))
    assert reverse("league:theme_activity_delete", args=["a", ldata.activity.pk]).encode() in page.content
