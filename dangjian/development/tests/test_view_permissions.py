"""Every development page against every role: the school's secretary and Party affairs staff for the whole
school, a branch secretary for their branch; other members of the school 403, outsiders and the county 404."""

import pytest
from django.urls import reverse

from dangjian.conftest import ROLE_NAMES
from dangjian.development.enums import StepKind

MEMBERS = {"secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "superuser"}
ADMINS = {"secretary", "party_staff", "superuser"}
DEVELOPERS = ADMINS | {"branch"}


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


def _url(name, *args):
    return reverse(f"development:{name}", args=["a", *args])


CASES = {
    "overview": (lambda d: _url("overview"), expect(DEVELOPERS)),
    "export": (lambda d: _url("export"), expect(DEVELOPERS)),
    "file_create": (lambda d: _url("file_create"), expect(DEVELOPERS)),
    "file_detail": (lambda d: _url("file_detail", d.file.pk), expect(DEVELOPERS)),
    "file_detail_other_branch": (lambda d: _url("file_detail", d.other.pk), expect(ADMINS, hidden={"branch"})),
    "checklist": (lambda d: _url("checklist", d.file.pk), expect(DEVELOPERS)),
    "step_document": (lambda d: _url("step_document", d.file.steps.get().pk), expect(DEVELOPERS)),
    "step_document_other_branch": (
        lambda d: _url("step_document", d.other.steps.get().pk),
        expect(ADMINS, hidden={"branch"}),
    ),
}


@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_page_access(world, ddata, client_for, case, role):
    url_of, expected = CASES[case]
    response = client_for(role).get(url_of(ddata))
    assert response.status_code == expected[role]
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_step_add_per_role(world, ddata, client_for, role):
    response = client_for(role).post(_url("step_add", ddata.file.pk), {"kind": "talk", "date": "2024-05-20"})
    kinds = list(ddata.file.steps.values_list("kind", flat=True))
    allowed = role in DEVELOPERS
    assert (response.status_code, kinds[-1]) == (
        expect(DEVELOPERS, ok=302)[role],
        StepKind.TALK if allowed else StepKind.APPLICATION,
    )


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_step_add_in_another_branch_per_role(world, ddata, client_for, role):
    response = client_for(role).post(_url("step_add", ddata.other.pk), {"kind": "talk", "date": "2024-06-25"})
    assert response.status_code == expect(ADMINS, hidden={"branch"}, ok=302)[role]


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_plan_save_per_role(world, ddata, client_for, role):
    response = client_for(role).post(_url("plan_save") + "?year=2023", {"branch": world.branch.pk, "target": "2"})
    assert response.status_code == expect(ADMINS, ok=302)[role]
    assert world.branch.development_plans.filter(year=2023, target=2).exists() == (role in ADMINS)


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_step_undo_per_role(world, ddata, client_for, role):
    client_for("secretary").post(_url("step_add", ddata.file.pk), {"kind": "talk", "date": "2024-05-20"})
    response = client_for(role).post(_url("step_undo", ddata.file.pk))
    kinds = list(ddata.file.steps.values_list("kind", flat=True))
    assert (response.status_code, len(kinds)) == (expect(DEVELOPERS, ok=302)[role], 1 if role in DEVELOPERS else 2)
