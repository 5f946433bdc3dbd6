"""Fixtures of the mentoring tests: the world plus a young teacher who logs in, and pairings."""

import datetime as dt
from dataclasses import dataclass

import pytest

from dangjian.tests import factories as f


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@dataclass
class Mentoring:
    math: object
    mentor: object  # the world's teacher (王老师, a Party member, not young), mentor of `pairing`
    young: object  # a young maths teacher with a login ("young"), mentee of `pairing`
    pairing: object  # confirmed 2022 思想导师 pairing: mentor → young
    other: object  # a confirmed pairing of two other people
    proposed: object  # a proposal (not visible to its mentor and mentee)
    activity: object  # on `pairing`
    other_activity: object  # on `other`
    reflection: object  # young's, 2022 first term
    milestone: object  # young's


@pytest.fixture
def mentoring(world):
    school, year = world.school, world.year
    math = f.SubjectFactory(school=school, name="数学")
    mentor = world.users["teacher"].staff
    mentor.subjects.set([math])
    young_user = f.UserFactory(username="young")
    young = f.StaffFactory(
        school=school,
        user=young_user,
        name="青年甲",
        birth_date=dt.date(1998, 3, 1),
        started_teaching_on=dt.date(2021, 8, 20),
    )
    young.subjects.set([math])
    world.users["young"] = young_user
    pairing = f.MentorshipFactory(school=school, school_year=year, mentee=young, mentor=mentor)
    other = f.MentorshipFactory(school=school, school_year=year, mentee__name="青年乙", mentor__name="导师乙")
    other.mentee.subjects.set([math])
    proposed = f.MentorshipFactory(
        school=school,
        school_year=year,
        mentee=young,
        mentor=other.mentor,
        dimension="moral",
        status="proposed",
        confirmed_on=None,
    )
    from dangjian.mentoring.models import Reflection

    reflection = Reflection.objects.create(
        school=school, school_year=year, term=1, mentee=young, content="本学期收获很大", written_on=dt.date(2023, 1, 10)
    )
    return Mentoring(
        math=math,
        mentor=mentor,
        young=young,
        pairing=pairing,
        other=other,
        proposed=proposed,
        activity=f.MentoringActivityFactory(mentorship=pairing),
        other_activity=f.MentoringActivityFactory(mentorship=other),
        reflection=reflection,
        milestone=f.MilestoneFactory(staff=young),
    )


@pytest.fixture
def login(client, world):
    """login("young") → the test client logged in as that user (None: logged out)."""

    def make(role: str):
        client.logout()
        user = world.users.get(role)
        if user is not None:
            client.force_login(user)
        return client

    return make
