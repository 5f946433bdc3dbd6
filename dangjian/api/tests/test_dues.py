"""/api/v1/dues: every operation against every role, behind the same checks as the pages."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.conftest import ROLE_NAMES
from dangjian.dues.models import DuesBase, DuesPayment
from dangjian.dues.tests.conftest import dues, pinned_today  # noqa: F401  (fixtures)
from dangjian.tests import factories as f

MEMBERS = {"secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "superuser"}
KEEPERS = {"secretary", "party_staff", "branch", "superuser"}


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


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_reads_per_role(api_for, world, dues, role):  # noqa: F811
    api = api_for(role)
    assert (
        api.get("/api/v1/dues/summary", {"school": "a", "year": 2026}).status_code == expect(KEEPERS | {"county"})[role]
    )
    ledger = api.get("/api/v1/dues/ledger", {"school": "a", "branch": world.branch.pk})
    assert ledger.status_code == expect(KEEPERS)[role]
    other = api.get("/api/v1/dues/ledger", {"school": "a", "branch": dues["other_branch"].pk})
    assert other.status_code == expect(KEEPERS - {"branch"})[role]
    assert api.get("/api/v1/dues/mine", {"school": "a"}).status_code == expect({"teacher"})[role]


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_writes_per_role(api_for, world, dues, role):  # noqa: F811
    api = api_for(role)
    payload = {
        "branch": world.branch.pk,
        "month": "2026-07-01",
        "paid_on": "2026-08-02",
        "members": [dues["teacher"].pk],
    }
    response = api.post("/api/v1/dues/payments?school=a", payload)
    assert response.status_code == expect(KEEPERS, 201)[role]
    assert DuesPayment.objects.filter(month=dt.date(2026, 7, 1)).exists() == (role in KEEPERS)
    base = {"member": dues["probationary"].pk, "year": 2026, "monthly_base": "3000.01"}
    assert api.put("/api/v1/dues/bases?school=a", base).status_code == expect(KEEPERS)[role]
    payment = DuesPayment.objects.filter(member=dues["teacher"], month=dt.date(2026, 1, 1)).first()
    assert api.delete(f"/api/v1/dues/payments/{payment.pk}").status_code == expect(KEEPERS, 204)[role]


def test_the_county_summary_has_totals_and_no_names(api_for, world, dues):  # noqa: F811
    body = api_for("county").get("/api/v1/dues/summary", {"school": "a", "year": 2026}).json()
    assert body["total"]["due"] == "790.00" and body["total"]["paid"] == "540.00"
    assert [b["name"] for b in body["branches"]] == ["第一党支部", "第二党支部"]
    assert "王老师" not in str(body)


def test_the_ledger_shape_and_the_computed_base(api_for, world, dues):  # noqa: F811
    api = api_for("branch")
    body = api.get("/api/v1/dues/ledger", {"school": "a", "branch": world.branch.pk, "year": 2026}).json()
    teacher = next(r for r in body["items"] if r["name"] == "王老师")
    assert (teacher["monthly_dues"], teacher["arrears"], teacher["unpaid_streak"]) == ("90.00", "180.00", 2)
    assert teacher["months"][0]["paid"] == "90.00" and teacher["months"][11]["owed"] is False
    put = api.put(
        "/api/v1/dues/bases?school=a", {"member": dues["probationary"].pk, "year": 2026, "monthly_base": "3000.01"}
    )
    assert (put.json()["rate"], put.json()["monthly_dues"]) == ("0.01", "30.00")
    refused = api.put(
        "/api/v1/dues/bases?school=a",
        {"member": dues["probationary"].pk, "year": 2026, "monthly_base": "3000", "special": "reduced", "note": "困难"},
    )
    assert refused.status_code == 422
    assert DuesBase.objects.get(member=dues["probationary"], year=2026).monthly_base == Decimal("3000.01")


def test_a_branch_secretary_cannot_record_for_another_branch(api_for, world, dues):  # noqa: F811
    payload = {
        "branch": dues["other_branch"].pk,
        "month": "2026-07-01",
        "paid_on": "2026-08-02",
        "members": [dues["other"].pk],
    }
    assert api_for("branch").post("/api/v1/dues/payments?school=a", payload).status_code == 403
    mixed = {"branch": world.branch.pk, "month": "2026-07-01", "paid_on": "2026-08-02", "members": [dues["other"].pk]}
    assert api_for("branch").post("/api/v1/dues/payments?school=a", mixed).status_code == 422


def test_the_ledger_list_query_count_does_not_grow(api_for, world, dues, django_assert_max_num_queries):  # noqa: F811
    api = api_for("branch")
    params = {"school": "a", "branch": world.branch.pk}
    with django_assert_max_num_queries(12):
        api.get("/api/v1/dues/ledger", params)
    for _ in range(10):
        f.PartyMemberFactory(branch=world.branch)
    with django_assert_max_num_queries(12):
        assert len(api.get("/api/v1/dues/ledger", params).json()["items"]) == 12
