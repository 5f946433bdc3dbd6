"""/api/v1/transfers: the pages' permissions, including the cross-school checks of an in-county transfer."""

import datetime as dt

import pytest

from dangjian.conftest import ROLE_NAMES
from dangjian.tests import factories as f
from dangjian.transfers.models import BranchTerm, Transfer
from dangjian.transfers.tests.conftest import county, pending  # noqa: F401  (fixtures)

ADMINS = {"secretary", "party_staff", "superuser"}
READERS = ADMINS | {"branch"}
MEMBERS = {"secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "superuser"}


def expect(allowed, *, hidden=frozenset(), ok=200):
    return {
        role: 401
        if role == "anonymous"
        else ok
        if role in allowed
        else 403
        if role in MEMBERS and role not in hidden
        else 404
        for role in ROLE_NAMES
    }


@pytest.fixture
def incoming(world, county):  # noqa: F811
    return Transfer.objects.create(
        direction="county",
        state="pending",
        from_school=world.other_school,
        to_school=world.school,
        member=f.PartyMemberFactory(branch=county.b_branch),
        name="乙校老师",
        letter_number="乙组转1号",
        transfer_on=dt.date(2022, 10, 9),
    )


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_reads(api_for, world, pending, incoming, role):  # noqa: F811
    api = api_for(role)
    BranchTerm.objects.create(organization=world.branch, elected_on=dt.date(2020, 6, 1))
    assert api.get("/api/v1/transfers", {"school": "a"}).status_code == expect(READERS)[role]
    assert api.get(f"/api/v1/transfers/{pending.pk}", {"school": "a"}).status_code == expect(READERS)[role]
    incoming_detail = api.get(f"/api/v1/transfers/{incoming.pk}", {"school": "a"})
    assert incoming_detail.status_code == expect(ADMINS, hidden={"branch"})[role]
    assert api.get("/api/v1/transfers/terms", {"school": "a"}).status_code == expect(READERS)[role]
    assert api.get("/api/v1/transfers/appraisals", {"school": "a"}).status_code == expect(READERS)[role]
    figures = api.get("/api/v1/transfers/figures", {"school": "a", "year": "2022"})
    assert figures.status_code == expect(READERS)[role]
    if role == "secretary":
        assert figures.json()["transfers"] == {"out": 0, "in": 0, "pending_out": 1, "pending_in": 1}
        [term] = api.get("/api/v1/transfers/terms", {"school": "a"}).json()
        assert (term["due_on"], term["findings"][0]["level"]) == ("2023-06-01", "danger")


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_start_and_register_are_for_admins(api_for, world, county, role, settings):  # noqa: F811
    settings.DANGJIAN_TODAY = "2022-11-01"
    api = api_for(role)
    response = api.post(
        "/api/v1/transfers?school=a",
        {
            "member": county.member.pk,
            "direction": "county",
            "to_school": world.other_school.pk,
            "letter_number": "甲组转5号",
            "transfer_on": "2022-10-08",
        },
    )
    assert response.status_code == expect(ADMINS, ok=201)[role]
    staff = f.StaffFactory(school=world.school)
    response = api.post(
        "/api/v1/transfers/in?school=a",
        {
            "staff": staff.pk,
            "branch": world.branch.pk,
            "status": "probationary",
            "admitted_on": "2022-07-01",
            "origin": "外县某中学党支部",
            "letter_number": "外组转2号",
            "transfer_on": "2022-09-01",
        },
    )
    assert response.status_code == expect(ADMINS, ok=201)[role]


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_accept_and_return_are_for_the_receiving_admins(api_for, world, county, incoming, role):  # noqa: F811
    api = api_for(role)
    denied = expect(ADMINS, hidden={"branch"})[role]
    returned = api.post(f"/api/v1/transfers/{incoming.pk}/return?school=a", {"return_reason": ""})
    assert returned.status_code == (422 if role in ADMINS else denied)
    accepted = api.post(
        f"/api/v1/transfers/{incoming.pk}/accept?school=a", {"branch": world.branch.pk, "staff_number": "A900"}
    )
    assert accepted.status_code == denied
    incoming.refresh_from_db()
    assert incoming.state == ("accepted" if role in ADMINS else "pending")
    if role in ADMINS:
        again = api.post(f"/api/v1/transfers/{incoming.pk}/return?school=a", {"return_reason": "x"})
        assert again.status_code == 403  # no longer waiting: nothing to act on


def test_third_school_and_other_county_cannot_reach_it(client, world, county, pending):  # noqa: F811
    from dangjian.api.tests.conftest import JsonClient

    for user, own in [(county.third_secretary, "c"), (county.far_secretary, "d")]:
        client.force_login(user)
        api = JsonClient(client)
        for code in ["a", "b", own]:
            assert api.get(f"/api/v1/transfers/{pending.pk}", {"school": code}).status_code == 404
            accepted = api.post(f"/api/v1/transfers/{pending.pk}/accept?school={code}", {"branch": 1})
            assert accepted.status_code == 404
            assert (
                api.post(f"/api/v1/transfers/{pending.pk}/return?school={code}", {"return_reason": "x"}).status_code
                == 404
            )
        assert api.get("/api/v1/transfers", {"school": own}).json()["items"] == []
    pending.refresh_from_db()
    assert pending.state == "pending"


def test_receiving_secretary_accepts_and_returns_409_when_done(client, world, county, pending):  # noqa: F811
    from dangjian.api.tests.conftest import JsonClient

    client.force_login(county.b_secretary)
    api = JsonClient(client)
    payload = {"branch": county.b_branch.pk, "staff_number": "B001", "accepted_on": "2022-10-20"}
    response = api.post(f"/api/v1/transfers/{pending.pk}/accept?school=b", payload)
    assert (response.status_code, response.json()["state"], response.json()["to_branch"]) == (
        200,
        "accepted",
        county.b_branch.pk,
    )
