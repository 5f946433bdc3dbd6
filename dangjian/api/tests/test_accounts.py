"""/api/v1/accounts for every role: the same answers as the 账号与权限 page (the school's secretary only)."""

import pytest

from dangjian.accounts.enums import Role
from dangjian.accounts.models import AuditLog, RoleGrant
from dangjian.tests import factories as f
from dangjian.tests.test_view_permissions import ROLES

MEMBERS = {"party_staff", "branch", "jiaowu", "counsellor", "teacher"}


def expected(role: str, ok: int) -> int:
    return 401 if role == "anonymous" else ok if role in ("secretary", "superuser") else 403 if role in MEMBERS else 404


@pytest.mark.parametrize("role", ROLES)
def test_account_list_per_role(api_for, world, role):
    f.StaffFactory(school=world.school, staff_number="N01", name="林一")
    response = api_for(role).get("/api/v1/accounts?school=a")
    assert response.status_code == expected(role, 200)
    if response.status_code == 200:
        rows = {r["name"]: r for r in response.json()["items"]}
        assert (rows["林一"]["user_id"], rows["林一"]["grants"]) == (None, [])
        assert rows["王老师"]["username"] == "teacher"
        none = api_for(role).get("/api/v1/accounts?school=a&account=none").json()["items"]
        assert [r["name"] for r in none] == ["林一"]


@pytest.mark.parametrize("role", ROLES)
def test_grant_and_revoke_per_role(api_for, world, role):
    teacher = world.users["teacher"]
    client = api_for(role)
    created = client.post("/api/v1/accounts/grants?school=a", {"user": teacher.pk, "role": "party_staff"})
    assert created.status_code == expected(role, 201)
    grant = RoleGrant.objects.filter(user=teacher).first()
    assert (grant is not None) == (created.status_code == 201)
    target = grant or RoleGrant.objects.get(user=world.users["party_staff"])
    deleted = client.delete(f"/api/v1/accounts/grants/{target.pk}?school=a")
    assert deleted.status_code == expected(role, 204)
    assert RoleGrant.objects.filter(pk=target.pk).exists() == (deleted.status_code != 204)


def test_grants_are_checked_like_the_page(api_for, world):
    client = api_for("secretary")
    teacher = world.users["teacher"]
    far = f.OrganizationFactory(school=world.other_school, name="乙校支部")
    refused = client.post(
        "/api/v1/accounts/grants?school=a", {"user": teacher.pk, "role": "branch_secretary", "organization": far.pk}
    )
    assert refused.status_code == 422 and "党支部" in str(refused.json()["errors"])
    assert client.post("/api/v1/accounts/grants?school=a", {"user": teacher.pk, "role": "county"}).status_code == 422
    stranger = f.UserFactory()
    assert (
        client.post("/api/v1/accounts/grants?school=a", {"user": stranger.pk, "role": "party_staff"}).status_code == 404
    )
    branch = client.post(
        "/api/v1/accounts/grants?school=a",
        {"user": teacher.pk, "role": "branch_secretary", "organization": world.branch.pk},
    )
    assert (branch.status_code, branch.json()["organization"]) == (201, world.branch.pk)
    last = RoleGrant.objects.get(user=world.users["secretary"], role=Role.SECRETARY)
    kept = client.delete(f"/api/v1/accounts/grants/{last.pk}?school=a")
    assert kept.status_code == 422 and RoleGrant.objects.filter(pk=last.pk).exists()
    assert AuditLog.objects.filter(action="accounts.grant").count() == 1
