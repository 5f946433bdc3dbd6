"""A supported school on top of the shared ``world``: the teacher (王老师) helps a poor student and a
special student; another Party member helps a third student; a colleague collaborates on a case."""

import datetime as dt
from dataclasses import dataclass

import pytest

from dangjian.school.enums import PoliticalStatus
from dangjian.support.enums import CollaboratorRole
from dangjian.support.models import Collaborator
from dangjian.tests import factories as f

TERM_START, TERM_END = dt.date(2022, 9, 1), dt.date(2023, 1, 31)


@dataclass
class Support:
    semester: object
    helper: object  # the teacher's staff record
    helper2: object
    collaborator: object
    poor_student: object
    special_student: object
    other_student: object
    poor_record: object
    case: object
    other_case: object
    poor_pairing: object
    special_pairing: object
    other_pairing: object
    talk: object
    visit: object
    other_visit: object


def build_support(world) -> Support:
    school, year = world.school, world.year
    semester = f.SemesterFactory(school_year=year, term=1, starts_on=TERM_START, ends_on=TERM_END)
    grade = f.GradeFactory(school=school, school_year=year, level=1)
    school_class = f.SchoolClassFactory(grade=grade, number=1)
    students = []
    for name in ("张小明", "李小红", "陈小刚"):
        student = f.StudentFactory(school=school, name=name)
        f.EnrollmentFactory(student=student, school_class=school_class, school_year=year)
        students.append(student)
    poor_student, special_student, other_student = students
    helper = world.users["teacher"].staff
    helper2 = f.PartyMemberFactory(
        branch=world.branch, staff__name="赵老师", staff__user=f.UserFactory(username="helper2")
    ).staff
    collaborator = f.StaffFactory(school=school, name="孙老师", user=f.UserFactory(username="collab"))
    poor_record = f.PoorStudentRecordFactory(student=poor_student, school_year=year, family_note="父亲务工，母亲患病。")
    case = f.SpecialStudentCaseFactory(student=special_student, school_year=year)
    other_case = f.SpecialStudentCaseFactory(
        student=other_student, school_year=year, description="厌学，作业常缺交。", categories="behavioural,learning"
    )
    Collaborator.objects.create(case=case, role=CollaboratorRole.HOMEROOM, staff=collaborator)
    poor_pairing = f.PairingFactory(student=poor_student, semester=semester, helper=helper, kind="poor")
    special_pairing = f.PairingFactory(student=special_student, semester=semester, helper=helper, kind="special")
    other_pairing = f.PairingFactory(student=other_student, semester=semester, helper=helper2, kind="special")
    talk = f.SupportRecordFactory(pairing=poor_pairing, kind="talk", date=dt.date(2022, 9, 20))
    visit = f.SupportRecordFactory(
        pairing=special_pairing, kind="home_visit", date=dt.date(2022, 10, 8), notes="入户家访，与家长交流。"
    )
    other_visit = f.SupportRecordFactory(pairing=other_pairing, kind="education", date=dt.date(2022, 10, 9))
    assert helper.political_status == PoliticalStatus.PARTY_MEMBER
    return Support(
        semester=semester,
        helper=helper,
        helper2=helper2,
        collaborator=collaborator,
        poor_student=poor_student,
        special_student=special_student,
        other_student=other_student,
        poor_record=poor_record,
        case=case,
        other_case=other_case,
        poor_pairing=poor_pairing,
        special_pairing=special_pairing,
        other_pairing=other_pairing,
        talk=talk,
        visit=visit,
        other_visit=other_visit,
    )


@pytest.fixture
def sw(world):
    return build_support(world)
