"""/api/v1/organizations: the tree in order with counts and findings; writes through OrganizationForm."""

import datetime as dt

import pytest

from dangjian.party.models import Organization
from dangjian.tests import factories as f


def test_list_is_the_tree_in_order(api_for, world):
    general = f.OrganizationFactory(school=world.school, name="党总支", kind="general_branch", order=0)
    world.branch.parent = general
    world.branch.save()
    group = f.OrganizationFactory(
        school=world.school, name="高一党小组", kind="group", parent=world.branch, grade_level=1
    )
    f.PartyMemberFactory(branch=world.branch, group=group, status="probationary")
    secretary = f.OrganizationPostFactory(organization=world.branch, post="secretary", staff__name="书记甲")
    body = api_for("teacher").get("/api/v1/organizations", {"school": "a"}).json()
    assert body["count"] == 3
    assert [(o["name"], o["depth"], o["parent"]) for o in body["items"]] == [
        ("党总支", 0, None),
        ("第一党支部", 1, general.pk),
        ("高一党小组", 2, world.branch.pk),
    ]
    branch = body["items"][1]
    assert (branch["full_members"], branch["probationary_members"], branch["members"]) == (1, 1, 2)
    assert branch["leaders"] == [
        {"post": "secretary", "post_display": "书记", "staff_id": secretary.staff_id, "name": "书记甲"}
    ]
    assert branch["findings"] == [{"level": "danger", "message": "正式党员 1 名，少于 3 名，不具备设立支部的条件"}]
    assert body["items"][0]["members"] == 2
    assert body["items"][2]["kind_display"] == "党小组"


def test_detail(api_for, world):
    world.branch.term_ends_on = dt.date(2020, 1, 1)
    world.branch.term_starts_on = dt.date(2017, 1, 1)
    world.branch.save()
    body = api_for("secretary").get(f"/api/v1/organizations/{world.branch.pk}").json()
    assert body["name"] == "第一党支部"
    assert body["term_ends_on"] == "2020-01-01"
    assert {"level": "danger", "message": "本届任期已于 2020-01-01 届满，应按期换届"} in body["findings"]


def test_secretary_creates_a_top_level_organization(api_for, world):
    response = api_for("secretary").post(
        "/api/v1/organizations?school=a",
        {"name": "党委", "kind": "committee", "established_on": "2018-09-01"},
    )
    assert response.status_code == 201
    org = Organization.objects.get(pk=response.json()["id"])
    assert (org.school, org.parent, org.established_on) == (world.school, None, dt.date(2018, 9, 1))


def test_branch_secretary_creates_under_own_branch(api_for, world):
    response = api_for("branch").post(
        "/api/v1/organizations?school=a", {"name": "高二党小组", "kind": "group", "parent": world.branch.pk}
    )
    assert response.status_code == 201
    assert response.json()["parent"] == world.branch.pk


def test_branch_secretary_may_not_create_a_top_level_organization(api_for, world):
    response = api_for("branch").post("/api/v1/organizations?school=a", {"name": "新支部", "kind": "branch"})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "上级组织": ["只有学校党组织书记或党务干部可以设立顶层党组织，请选择上级组织。"]
    }
    assert not Organization.objects.filter(name="新支部").exists()


def test_branch_secretary_may_not_create_under_another_branch(api_for, world):
    other = f.OrganizationFactory(school=world.school, name="第二党支部")
    response = api_for("branch").post(
        "/api/v1/organizations?school=a", {"name": "别人的小组", "kind": "group", "parent": other.pk}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["上级组织"]


def test_branch_secretary_may_not_edit_another_branch(api_for, world):
    other = f.OrganizationFactory(school=world.school, name="第二党支部")
    assert api_for("branch").patch(f"/api/v1/organizations/{other.pk}", {"order": 1}).status_code == 403


def test_branch_secretary_edits_own_branch_under_a_parent_they_do_not_manage(api_for, world):
    general = f.OrganizationFactory(school=world.school, name="党总支", kind="general_branch")
    world.branch.parent = general
    world.branch.save()
    api = api_for("branch")
    response = api.patch(f"/api/v1/organizations/{world.branch.pk}", {"order": 2})
    assert response.status_code == 200
    assert response.json()["parent"] == general.pk
    # ... but may not lift it to the top level.
    assert api.patch(f"/api/v1/organizations/{world.branch.pk}", {"parent": None}).status_code == 422


def test_invalid_structure(api_for, world):
    response = api_for("secretary").post(
        "/api/v1/organizations?school=a", {"name": "小组", "kind": "group", "parent": None}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"上级组织": ["党小组必须设在支部之下。"]}


def test_duplicate_name(api_for, world):
    response = api_for("secretary").post("/api/v1/organizations?school=a", {"name": "第一党支部", "kind": "branch"})
    assert response.json()["errors"] == {"名称": ["本校已有名为“第一党支部”的党组织。"]}


def test_bad_date(api_for, world):
    response = api_for("secretary").post(
        "/api/v1/organizations?school=a",
        {"name": "党委", "kind": "committee", "term_starts_on": "2022-13-01"},
    )
    assert response.json()["errors"] == {"本届任期开始": ["输入一个有效的日期。"]}


def test_patch_cannot_make_a_cycle(api_for, world):
    group = f.OrganizationFactory(school=world.school, name="小组", kind="group", parent=world.branch)
    response = api_for("secretary").patch(f"/api/v1/organizations/{world.branch.pk}", {"parent": group.pk})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["上级组织"]


# Writes on the world's branch, every role: the school's admins and its own branch secretary; 403 to the
# school's other members, 404 to outsiders and the county, 401 without a login.
ORG_WRITE = {
    "anonymous": 401,
    "secretary": 200,
    "party_staff": 200,
    "branch": 200,
    "jiaowu": 403,
    "counsellor": 403,
    "teacher": 403,
    "outsider": 404,
    "county": 404,
    "superuser": 200,
}


@pytest.mark.parametrize("role", sorted(ORG_WRITE))
def test_put_and_patch_by_role(api_for, world, role):
    api = api_for(role)
    body = {"name": "第一党支部（高一）", "kind": "branch", "established_on": "2018-09-01", "order": 3}
    got = (
        api.put(f"/api/v1/organizations/{world.branch.pk}", body).status_code,
        api.patch(f"/api/v1/organizations/{world.branch.pk}", {"order": 4}).status_code,
    )
    assert got == (ORG_WRITE[role], ORG_WRITE[role])
    world.branch.refresh_from_db()
    assert (world.branch.name == "第一党支部（高一）") == (ORG_WRITE[role] == 200)
