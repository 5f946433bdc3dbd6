import datetime as dt
from dataclasses import dataclass

import pytest

from dangjian.tests import factories as f


@dataclass
class Meet:
    teacher: object  # the world's teacher (a member of the branch)
    member: object  # another member of the branch
    outsider_staff: object  # staff of the school, not a Party member
    other_branch: object
    other_member: object
    leader: object  # the school's Party secretary (leader_post), a member
    activity: object  # held, the branch's; the teacher and member invited
    other_activity: object  # held, the other branch's; nobody of the world invited
    plan: object  # the branch's plan for the world's first semester, draft


@pytest.fixture
def meet(world):
    school = world.school
    world.branch.established_on = dt.date(2018, 9, 1)
    world.branch.save()
    teacher = world.users["teacher"].staff
    member = f.PartyMemberFactory(branch=world.branch, staff__name="李党员").staff
    leader = f.PartyMemberFactory(branch=world.branch, staff__name="书记甲", staff__leader_post="secretary").staff
    other_branch = f.OrganizationFactory(school=school, name="第二党支部", established_on=dt.date(2018, 9, 1))
    other_member = f.PartyMemberFactory(branch=other_branch, staff__name="赵党员").staff
    outsider_staff = f.StaffFactory(school=school, name="群众教师")
    activity = f.ActivityFactory(
        organization=world.branch, topic="十一月主题党日", kinds=["theme_day", "general_meeting"]
    )
    f.AttendanceFactory(activity=activity, staff=teacher, status="present")
    f.AttendanceFactory(activity=activity, staff=member, status="leave", reason="外出培训")
    other_activity = f.ActivityFactory(organization=other_branch, topic="二支部党课", kinds=["lesson"], lecturer=leader)
    f.AttendanceFactory(activity=other_activity, staff=other_member)
    semester = f.SemesterFactory(school_year=world.year, term=1)
    plan = f.LessonPlanFactory(organization=world.branch, semester=semester)
    return Meet(teacher, member, outsider_staff, other_branch, other_member, leader, activity, other_activity, plan)
