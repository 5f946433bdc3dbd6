"""factory_boy factories for every model the tests build."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from dangjian.accounts.enums import Role
from dangjian.accounts.models import RoleGrant, User
from dangjian.party.enums import MemberStatus, OrgKind
from dangjian.party.models import Organization, OrganizationPost, PartyMember
from dangjian.school.enums import Gender, PoliticalStatus
from dangjian.school.models import (
    County,
    Department,
    Enrollment,
    Grade,
    School,
    SchoolClass,
    SchoolYear,
    Semester,
    Staff,
    Student,
    Subject,
)

PASSWORD = "test-password-1"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class CountyFactory(DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"county{n}")
    name = factory.Sequence(lambda n: f"测试县{n}")


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ["code"]

    county = factory.SubFactory(CountyFactory)
    code = factory.Sequence(lambda n: f"school{n}")
    name = factory.Sequence(lambda n: f"测试第{n}中学")


class SchoolYearFactory(DjangoModelFactory):
    class Meta:
        model = SchoolYear
        django_get_or_create = ["start_year"]

    start_year = 2022
    starts_on = factory.LazyAttribute(lambda o: dt.date(o.start_year, 9, 1))
    ends_on = factory.LazyAttribute(lambda o: dt.date(o.start_year + 1, 8, 31))


class SemesterFactory(DjangoModelFactory):
    class Meta:
        model = Semester
        django_get_or_create = ["school_year", "term"]

    school_year = factory.SubFactory(SchoolYearFactory)
    term = 1
    starts_on = factory.LazyAttribute(lambda o: dt.date(o.school_year.start_year, 9, 1))
    ends_on = factory.LazyAttribute(lambda o: dt.date(o.school_year.start_year + 1, 1, 31))


class SubjectFactory(DjangoModelFactory):
    class Meta:
        model = Subject
        django_get_or_create = ["school", "name"]

    school = factory.SubFactory(SchoolFactory)
    name = factory.Iterator(["语文", "数学", "英语", "物理", "化学", "生物", "政治", "历史", "地理"])


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["school", "name"]

    school = factory.SubFactory(SchoolFactory)
    name = "教务处"


class StaffFactory(DjangoModelFactory):
    class Meta:
        model = Staff

    school = factory.SubFactory(SchoolFactory)
    staff_number = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"教师{n}")
    gender = Gender.FEMALE
    birth_date = dt.date(1985, 5, 1)
    started_teaching_on = dt.date(2008, 8, 1)
    political_status = PoliticalStatus.MASSES


class GradeFactory(DjangoModelFactory):
    class Meta:
        model = Grade
        django_get_or_create = ["school", "school_year", "level"]

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    level = 1


class SchoolClassFactory(DjangoModelFactory):
    class Meta:
        model = SchoolClass

    grade = factory.SubFactory(GradeFactory)
    number = factory.Sequence(lambda n: n + 1)


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = Student

    school = factory.SubFactory(SchoolFactory)
    student_number = factory.Sequence(lambda n: f"S{n:06d}")
    name = factory.Sequence(lambda n: f"学生{n}")
    gender = Gender.MALE


class EnrollmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrollment

    student = factory.SubFactory(StudentFactory)
    school_class = factory.SubFactory(SchoolClassFactory, grade__school=factory.SelfAttribute("...student.school"))
    school_year = factory.SelfAttribute("school_class.grade.school_year")


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    school = factory.SubFactory(SchoolFactory)
    kind = OrgKind.BRANCH
    name = factory.Sequence(lambda n: f"第{n}党支部")


class OrganizationPostFactory(DjangoModelFactory):
    class Meta:
        model = OrganizationPost

    organization = factory.SubFactory(OrganizationFactory)
    staff = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..organization.school"))
    post = "secretary"
    started_on = dt.date(2020, 1, 1)


class PartyMemberFactory(DjangoModelFactory):
    class Meta:
        model = PartyMember

    branch = factory.SubFactory(OrganizationFactory)
    staff = factory.SubFactory(
        StaffFactory,
        school=factory.SelfAttribute("..branch.school"),
        political_status=PoliticalStatus.PARTY_MEMBER,
    )
    status = MemberStatus.FULL
    admitted_on = dt.date(2010, 7, 1)
    full_on = dt.date(2011, 7, 1)


class RoleGrantFactory(DjangoModelFactory):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    role = Role.SECRETARY
