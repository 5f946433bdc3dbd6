import datetime as dt
from decimal import Decimal

import pytest

from dangjian.dues.models import DuesBase, DuesPayment
from dangjian.party.models import PartyMember
from dangjian.tests import factories as f

TODAY = dt.date(2026, 8, 15)


@pytest.fixture(autouse=True)
def pinned_today(settings):
    settings.DANGJIAN_TODAY = TODAY.isoformat()


@pytest.fixture
def dues(world):
    """The teacher (base 6000 → 90.00 a month) paid January–June 2026; a probationary member admitted in
    April with no payments; a member of another branch."""
    teacher = PartyMember.objects.get(staff__user=world.users["teacher"])
    DuesBase.objects.create(member=teacher, year=2026, monthly_base=Decimal("6000"))
    for m in range(1, 7):
        DuesPayment.objects.create(
            member=teacher, month=dt.date(2026, m, 1), amount=Decimal("90.00"), paid_on=dt.date(2026, m, 10)
        )
    probationary = f.PartyMemberFactory(
        branch=world.branch, status="probationary", admitted_on=dt.date(2026, 4, 20), full_on=None, staff__name="李预备"
    )
    DuesBase.objects.create(member=probationary, year=2026, monthly_base=Decimal("2800"))
    other_branch = f.OrganizationFactory(school=world.school, name="第二党支部")
    other = f.PartyMemberFactory(branch=other_branch, staff__name="赵其他")
    return {"teacher": teacher, "probationary": probationary, "other_branch": other_branch, "other": other}
