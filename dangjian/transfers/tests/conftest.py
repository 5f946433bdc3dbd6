"""Around the shared world (schools a and b of one county): a receiving secretary at b, a third school c of
the same county and a school of another county, each with its own secretary; and a county transfer of
school a's teacher 王老师 to b, waiting."""

import datetime as dt
from types import SimpleNamespace

import pytest

from dangjian.accounts.enums import Role
from dangjian.party.models import MemberStatusChange
from dangjian.tests import factories as f
from dangjian.transfers.models import Transfer


def secretary(school, username):
    return f.RoleGrantFactory(user__username=username, role=Role.SECRETARY, school=school).user


@pytest.fixture
def county(world):
    b, a = world.other_school, world.school
    third = f.SchoolFactory(county=a.county, code="c", name="丙中学")
    far = f.SchoolFactory(county=f.CountyFactory(code="far", name="远县"), code="d", name="丁中学")
    member = world.users["teacher"].staff.party_record
    MemberStatusChange.objects.create(member=member, status="probationary", changed_on=dt.date(2010, 7, 1))
    MemberStatusChange.objects.create(member=member, status="full", changed_on=dt.date(2011, 7, 1))
    return SimpleNamespace(
        member=member,
        b_branch=f.OrganizationFactory(school=b, name="乙校第一党支部"),
        b_secretary=secretary(b, "b_secretary"),
        third=third,
        third_secretary=secretary(third, "c_secretary"),
        far=far,
        far_secretary=secretary(far, "d_secretary"),
    )


@pytest.fixture
def pending(world, county):
    return Transfer.objects.create(
        direction="county",
        state="pending",
        from_school=world.school,
        to_school=world.other_school,
        member=county.member,
        name="王老师",
        destination=world.other_school.name,
        letter_number="甲组转〔2022〕3号",
        transfer_on=dt.date(2022, 10, 8),
    )
