"""Every page of 抓好一个学科 against every role: 404 to outsiders and the county, 403 to readers who
write, and each teacher sees only what they are part of."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangjian.conftest import ROLE_NAMES
from dangjian.tests import factories as f

ROLES = [*ROLE_NAMES, "cadre"]
MEMBERS = {"secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "superuser", "cadre"}
ADMINS = {"secretary", "party_staff", "superuser"}
FULL = ADMINS | {"jiaowu"}


def expect(allowed, *, hidden=frozenset(), ok=200):
    out = {}
    for role in ROLES:
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
def activity(sdata, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = f.SubjectActivityFactory(
        link=sdata.link, evidence=SimpleUploadedFile("教案.pdf", b"%PDF-1.4 demo"), topic="示范课：动量守恒"
    )
    activity.participants.set([sdata.group_member])
    return activity


NOT_INVOLVED = {"branch", "counsellor"}
CASES = {
    "overview": (lambda s, a: reverse("subjects:overview", args=["a"]), expect(MEMBERS)),
    "link_list": (lambda s, a: reverse("subjects:link_list", args=["a"]), expect(MEMBERS)),
    "link_export": (lambda s, a: reverse("subjects:link_export", args=["a"]), expect(MEMBERS)),
    "link_grid": (lambda s, a: reverse("subjects:link_grid", args=["a"]), expect(ADMINS)),
    "rules_edit": (lambda s, a: reverse("subjects:rules_edit", args=["a"]), expect(ADMINS)),
    "link_detail": (
        lambda s, a: reverse("subjects:link_detail", args=["a", s.link.pk]),
        expect(FULL | {"cadre"}, hidden=NOT_INVOLVED | {"teacher"}),
    ),
    "activity_create": (
        lambda s, a: reverse("subjects:activity_create", args=["a", s.link.pk]),
        expect(ADMINS | {"cadre"}, hidden=NOT_INVOLVED | {"teacher"}),
    ),
    "activity_list": (lambda s, a: reverse("subjects:activity_list", args=["a"]), expect(MEMBERS)),
    "activity_export": (lambda s, a: reverse("subjects:activity_export", args=["a"]), expect(MEMBERS)),
    "activity_detail": (
        lambda s, a: reverse("subjects:activity_detail", args=["a", a.pk]),
        expect(FULL | {"cadre", "teacher"}, hidden=NOT_INVOLVED),
    ),
    "activity_evidence": (
        lambda s, a: reverse("subjects:activity_evidence", args=["a", a.pk]),
        expect(FULL | {"cadre", "teacher"}, hidden=NOT_INVOLVED),
    ),
    "activity_edit": (
        lambda s, a: reverse("subjects:activity_edit", args=["a", a.pk]),
        expect(ADMINS | {"cadre"}, hidden=NOT_INVOLVED),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_page_access(world, sdata, activity, client_for, case, role):
    url_of, expected = CASES[case]
    response = client_for(role).get(url_of(sdata, activity))
    assert response.status_code == expected[role]
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)


@pytest.mark.parametrize("role", ROLES)
def test_publish_is_for_admins(world, sdata, client_for, role):
    response = client_for(role).post(reverse("subjects:links_publish", args=["a"]), {"year": "2022"})
    assert response.status_code == expect(ADMINS, ok=302)[role]


@pytest.mark.parametrize("role", ROLES)
def test_evaluation_is_for_participants_and_admins(world, sdata, activity, client_for, role):
    evaluator = sdata.group_member.pk
    response = client_for(role).post(
        reverse("subjects:evaluation_save", args=["a", activity.pk]), {"evaluator": evaluator, "score": 90}
    )
    assert response.status_code == expect(ADMINS | {"teacher"}, hidden=NOT_INVOLVED, ok=302)[role]


def test_link_of_another_school_is_404_through_own_school_url(world, sdata, client_for):
    other = f.SubjectLinkFactory(school=world.other_school, school_year=world.year)
    response = client_for("secretary").get(reverse("subjects:link_detail", args=["a", other.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_activity_delete_is_for_who_may_edit(world, sdata, activity, client_for, role):
    response = client_for(role).post(reverse("subjects:activity_delete", args=["a", activity.pk]))
    deleters = ADMINS | {"cadre"}
    expected = expect(deleters, hidden=NOT_INVOLVED, ok=302)[role]
    still_there = type(activity).objects.filter(pk=activity.pk).exists()
    assert (response.status_code, still_there) == (expected, role not in deleters)


def test_activity_delete_refuses_get(world, sdata, activity, client_for):
    assert client_for("cadre").get(reverse("subjects:activity_delete", args=["a", activity.pk])).status_code == 405


def test_cadre_is_told_why_an_evaluated_lesson_stays(world, sdata, activity, client_for):
    f.LessonEvaluationFactory(activity=activity, evaluator=sdata.group_member)
    url = reverse("subjects:activity_delete", args=["a", activity.pk])
    response = client_for("cadre").post(url, follow=True)
    assert response.redirect_chain == [(activity.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "该示范课已有 1 条评课，删除会一并删除同事的评课，挂钩干部不能删除；如确属重复录入，请联系书记或党务干部删除。"
    ]
    response = client_for("secretary").post(url, follow=True)
    assert response.redirect_chain == [(sdata.link.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == ["已删除学科活动：2022-10-15 示范课：示范课：动量守恒"]


def test_delete_button_is_shown_to_who_may_delete(world, sdata, activity, client_for):
    detail = reverse("subjects:activity_detail", args=["a", activity.pk])
    button = reverse("subjects:activity_delete", args=["a", activity.pk]).encode()
    assert button in client_for("cadre").get(detail).content
    assert button not in client_for("teacher").get(detail).content
