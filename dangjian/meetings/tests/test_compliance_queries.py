"""The compliance reads count each activity on its local day, on SQLite and PostgreSQL alike."""

import datetime as dt

from dangjian.meetings import queries as mq
from dangjian.meetings.enums import Granularity, Kind
from dangjian.tests import factories as f

BEIJING = dt.timezone(dt.timedelta(hours=8))


def test_an_activity_counts_in_the_month_of_its_local_day(world):
    branch = f.OrganizationFactory(school=world.school)
    for moment in (
        dt.datetime(2023, 1, 31, 23, 30),
        dt.datetime(2023, 3, 1, 0, 30),
    ):  # UTC: 15:30, 16:30 the day before
        f.ActivityFactory(organization=branch, starts_at=moment.replace(tzinfo=BEIJING), kinds=[Kind.THEME_DAY])
    result = mq.compliance([world.school.pk], 2023, dt.date(2023, 12, 31), org_ids=[branch.pk])
    (org,) = result.orgs
    held = {
        row.period.starts_on.month: row.held
        for row in org.rows_of(Granularity.MONTH)
        if row.kind == Kind.THEME_DAY and row.period.starts_on.month <= 3
    }
    assert held == {1: 1, 2: 0, 3: 1}


def test_branch_secretaries_owe_a_lesson_a_year_like_the_leaders(world):
    """The 党支部书记 of the year's posts is on the lecturers' list (once, with both posts if also a leader),
    owes one 党课, and only for the years of their term."""
    import datetime as dt

    from dangjian.meetings.queries import compliance_by_year
    from dangjian.tests import factories as f

    secretary = f.PartyMemberFactory(branch=world.branch, staff__name="支书甲").staff
    f.OrganizationPostFactory(
        organization=world.branch,
        staff=secretary,
        post="secretary",
        started_on=dt.date(2021, 9, 1),
        ended_on=dt.date(2022, 8, 31),
    )
    principal = f.PartyMemberFactory(branch=world.branch, staff__name="校长乙", staff__leader_post="principal").staff
    other = f.OrganizationFactory(school=world.school, name="第二党支部")
    f.OrganizationPostFactory(organization=other, staff=principal, post="secretary", started_on=dt.date(2020, 1, 1))
    f.ActivityFactory(
        organization=world.branch,
        kinds=["lesson"],
        lecturer=secretary,
        starts_at=dt.datetime(2021, 11, 5, 8, tzinfo=dt.UTC),
        ends_at=dt.datetime(2021, 11, 5, 9, tzinfo=dt.UTC),
    )
    data = compliance_by_year([world.school.pk], [2021, 2022, 2023], dt.date(2024, 3, 1))

    def rows(year):
        return {
            r.lecturer.name: (r.lecturer.post, r.held, r.required, r.state)
            for r in data[year].lecturers[world.school.pk]
        }

    assert rows(2021)["支书甲"] == ("第一党支部书记", 1, 1, "ok")
    assert rows(2022)["支书甲"] == ("第一党支部书记", 0, 1, "overdue")  # the term ended in August 2022
    assert "支书甲" not in rows(2023)
    assert rows(2023)["校长乙"] == ("校长、第二党支部书记", 0, 1, "overdue")


def test_a_general_branch_meeting_counts_for_the_branches_it_invited(world):
    """A 党总支's joint 党员大会 counts for each branch whose members were invited, in compliance and in
    the member-gap view alike; a branch not invited still owes its own."""
    import datetime as dt

    from dangjian.meetings.queries import compliance, member_gaps
    from dangjian.tests import factories as f

    general = f.OrganizationFactory(school=world.school, kind="general_branch", name="党总支")
    world.branch.parent = general
    world.branch.established_on = dt.date(2018, 9, 1)
    world.branch.save()
    other = f.OrganizationFactory(
        school=world.school, parent=general, name="第二党支部", established_on=dt.date(2018, 9, 1)
    )
    mine = f.PartyMemberFactory(branch=world.branch, staff__name="一支部党员").staff
    absent = f.PartyMemberFactory(branch=world.branch, staff__name="一支部缺席党员").staff
    f.PartyMemberFactory(branch=other, staff__name="二支部党员")
    joint = f.ActivityFactory(
        organization=general,
        kinds=["general_meeting"],
        starts_at=dt.datetime(2022, 11, 10, 7, tzinfo=dt.UTC),
        ends_at=dt.datetime(2022, 11, 10, 9, tzinfo=dt.UTC),
    )
    f.AttendanceFactory(activity=joint, staff=mine, status="present")
    f.AttendanceFactory(activity=joint, staff=absent, status="absent")
    data = compliance([world.school.pk], 2022, dt.date(2023, 3, 1))

    def q4_general_meeting(org):
        item = next(o for o in data.orgs if o.org.id == org.pk)
        return next(r.state for r in item.rows if r.kind == "general_meeting" and r.period.key == "2022-Q4")

    assert q4_general_meeting(world.branch) == "ok"
    assert q4_general_meeting(other) == "overdue"
    gaps = member_gaps(world.school, None, dt.date(2022, 11, 20))
    # The first branch owed it and was credited: its members who were not there missed it (王老师 is the
    # world's teacher, of the first branch); nobody of the second branch did.
    assert sorted(g.name for g in gaps if g.kind == "general_meeting") == ["一支部缺席党员", "王老师"]
