"""Coverage counts the Party members of the semester's time: not those transferred out, not those who
joined after it."""

import datetime as dt

import pytest

from dangjian.party.enums import MemberStatus
from dangjian.party.membership import FULL_STAGE, was_member
from dangjian.party.models import MemberStatusChange
from dangjian.staffing.queries import semester_coverage
from dangjian.tests import factories as f

D = dt.date


@pytest.mark.parametrize(
    ("status", "admitted", "history", "day", "expected"),
    [
        ("full", D(2010, 7, 1), [], D(2020, 1, 1), True),
        ("full", D(2010, 7, 1), [], D(2009, 1, 1), False),  # not yet admitted
        ("transferred_out", D(2010, 7, 1), [], D(2020, 1, 1), False),  # no dated history: does not count
        ("transferred_out", D(2010, 7, 1), [(D(2010, 7, 1), "probationary"), (D(2021, 3, 1), "transferred_out")], D(2020, 1, 1), True),
        ("transferred_out", D(2010, 7, 1), [(D(2010, 7, 1), "probationary"), (D(2021, 3, 1), "transferred_out")], D(2021, 3, 1), False),
        ("probationary", D(2024, 1, 10), [(D(2023, 3, 1), "activist"), (D(2024, 1, 10), "probationary")], D(2023, 7, 1), False),
        ("probationary", D(2024, 1, 10), [(D(2023, 3, 1), "activist"), (D(2024, 1, 10), "probationary")], D(2024, 1, 10), True),
        ("activist", None, [], D(2024, 1, 1), False),
    ],
)  # fmt: skip
def test_was_member(status, admitted, history, day, expected):
    assert was_member(status, admitted, history, day) is expected


def _uncovered(small):
    numbers = {c.pk: c.number for c in small.classes}
    return sorted(numbers[row.school_class.id] for row in semester_coverage(small.school, small.semester).uncovered)


def test_a_member_transferred_out_no_longer_covers_a_class(small, world):
    assert _uncovered(small) == [1]
    maths = small.teachers[("数学", 0)]  # the only Party member teaching class 2
    f.PartyMemberFactory(branch=world.branch, staff=maths, status=MemberStatus.TRANSFERRED_OUT)
    assert _uncovered(small) == [1, 2]


def test_past_coverage_uses_the_status_of_its_time(small, world):
    english = small.teachers[("英语", 1)]  # the only Party member teaching class 3, admitted after the semester
    record = f.PartyMemberFactory(
        branch=world.branch, staff=english, status=MemberStatus.PROBATIONARY, admitted_on=D(2024, 1, 10), full_on=None
    )
    MemberStatusChange.objects.create(member=record, status=MemberStatus.PROBATIONARY, changed_on=D(2024, 1, 10))
    assert small.semester.ends_on < D(2024, 1, 10)
    assert _uncovered(small) == [1, 3]


def test_a_member_transferred_out_is_no_helper_nor_lecturer(world):
    from dangjian.league.queries import party_lecturers
    from dangjian.party.membership import PARTY_HERE
    from dangjian.school.models import Staff

    stays = f.PartyMemberFactory(branch=world.branch, staff__name="留任党员").staff
    gone = f.PartyMemberFactory(branch=world.branch, staff__name="转出党员", status=MemberStatus.TRANSFERRED_OUT).staff
    here = set(Staff.objects.filter(PARTY_HERE, school=world.school).values_list("pk", flat=True))
    assert stays.pk in here and gone.pk not in here
    assert gone not in party_lecturers(world.school)


@pytest.mark.parametrize(
    ("status", "full_on", "history", "day", "expected"),
    [
        ("full", D(2011, 7, 1), [], D(2011, 7, 1), True),
        ("full", D(2011, 7, 1), [], D(2011, 6, 30), False),
        ("full", None, [(D(2010, 7, 1), "probationary"), (D(2011, 7, 1), "full")], D(2011, 6, 30), False),
        ("transferred_out", D(2011, 7, 1), [(D(2011, 7, 1), "full"), (D(2021, 3, 1), "transferred_out")], D(2020, 1, 1), True),
        ("cancelled", None, [(D(2023, 7, 1), "probationary"), (D(2024, 1, 5), "cancelled")], D(2024, 1, 1), False),
    ],
)  # fmt: skip
def test_was_a_full_member(status, full_on, history, day, expected):
    assert was_member(status, full_on, history, day, FULL_STAGE) is expected
