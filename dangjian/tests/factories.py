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
    # Five digits: tests write staff numbers by hand with four (T9001, T0100), which the sequence never reaches.
    staff_number = factory.Sequence(lambda n: f"T{n:05d}")
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


# publicity (党建之窗) ----------------------------------------------------------------------------


class HonourFactory(DjangoModelFactory):
    class Meta:
        model = "publicity.Honour"

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"测试荣誉{n}")
    year = 2021
    awarded_by = "省委"
    level = "provincial"


class NewsItemFactory(DjangoModelFactory):
    class Meta:
        model = "publicity.NewsItem"

    school = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"党建动态{n}")
    summary = "摘要"
    body = "<p>正文</p>"
    source = "校党总支"
    author_name = "党建办"
    status = "published"
    published_at = factory.Sequence(lambda n: dt.datetime(2022, 1, 1, 8, 0, tzinfo=dt.UTC) + dt.timedelta(days=n))


# support (帮好每名贫困生、每名特殊生) -----------------------------------------------------------------


class PoorStudentRecordFactory(DjangoModelFactory):
    class Meta:
        model = "support.PoorStudentRecord"

    student = factory.SubFactory(StudentFactory)
    school = factory.SelfAttribute("student.school")
    school_year = factory.SubFactory(SchoolYearFactory)
    type = "subsistence"
    recognition_source = "民政局低保证明"
    recognized_on = dt.date(2022, 9, 5)


class SpecialStudentCaseFactory(DjangoModelFactory):
    class Meta:
        model = "support.SpecialStudentCase"

    student = factory.SubFactory(StudentFactory)
    school = factory.SelfAttribute("student.school")
    school_year = factory.SubFactory(SchoolYearFactory)
    categories = "psychological"
    description = "考试前容易紧张，需要鼓励。"
    referred_by = "班主任"
    referred_on = dt.date(2022, 9, 10)


class PairingFactory(DjangoModelFactory):
    class Meta:
        model = "support.Pairing"

    student = factory.SubFactory(StudentFactory)
    school = factory.SelfAttribute("student.school")
    semester = factory.SubFactory(SemesterFactory)
    helper = factory.SubFactory(
        StaffFactory, school=factory.SelfAttribute("..school"), political_status=PoliticalStatus.PARTY_MEMBER
    )
    kind = "poor"
    status = "confirmed"


class SupportRecordFactory(DjangoModelFactory):
    class Meta:
        model = "support.SupportRecord"

    pairing = factory.SubFactory(PairingFactory)
    kind = "talk"
    date = factory.LazyAttribute(lambda o: o.pairing.semester.starts_on + dt.timedelta(days=10))
    notes = "谈学习计划，鼓励坚持。"


class AidEntryFactory(DjangoModelFactory):
    class Meta:
        model = "support.AidEntry"

    record = factory.SubFactory(SupportRecordFactory, kind="aid")
    amount = 500
    fund_source = "personal"


# subjects (抓好一个学科) ---------------------------------------------------------------------------


class SubjectLinkFactory(DjangoModelFactory):
    class Meta:
        model = "subjects.SubjectLink"

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    cadre = factory.SubFactory(
        StaffFactory,
        school=factory.SelfAttribute("..school"),
        political_status=PoliticalStatus.PARTY_MEMBER,
        key_teacher_level="county",
    )
    subject = factory.SubFactory(SubjectFactory, school=factory.SelfAttribute("..school"), name="物理")
    status = "published"


class SubjectActivityFactory(DjangoModelFactory):
    class Meta:
        model = "subjects.SubjectActivity"

    link = factory.SubFactory(SubjectLinkFactory)
    kind = "demo_lesson"
    date = factory.LazyAttribute(lambda o: dt.date(o.link.school_year.start_year, 10, 15))
    topic = factory.Sequence(lambda n: f"示范课{n}")


class LessonEvaluationFactory(DjangoModelFactory):
    class Meta:
        model = "subjects.LessonEvaluation"

    activity = factory.SubFactory(SubjectActivityFactory)
    evaluator = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..activity.link.school"))
    score = 90


# league (帮好一个团支部) ---------------------------------------------------------------------------


class LeagueBranchFactory(DjangoModelFactory):
    class Meta:
        model = "league.LeagueBranch"

    school_class = factory.SubFactory(SchoolClassFactory)
    school = factory.SelfAttribute("school_class.grade.school")
    school_year = factory.SelfAttribute("school_class.grade.school_year")
    name = factory.LazyAttribute(lambda o: f"{o.school_class.name}团支部")


class LeagueLessonFactory(DjangoModelFactory):
    class Meta:
        model = "league.LeagueLesson"
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    status = "held"
    date = factory.LazyAttribute(lambda o: dt.date(o.school_year.start_year, 10, 20))
    topic = factory.Sequence(lambda n: f"团课{n}")
    lecturer = factory.SubFactory(
        StaffFactory, school=factory.SelfAttribute("..school"), political_status=PoliticalStatus.PARTY_MEMBER
    )
    attendance = 0

    @factory.post_generation
    def branches(self, create, extracted, **kwargs):
        if create and extracted:
            self.branches.set(extracted)


class ThemeSeriesFactory(DjangoModelFactory):
    class Meta:
        model = "league.ThemeSeries"
        django_get_or_create = ["school", "name"]

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"主题系列{n}")


class ThemeActivityFactory(DjangoModelFactory):
    class Meta:
        model = "league.ThemeActivity"
        skip_postgeneration_save = True

    series = factory.SubFactory(ThemeSeriesFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    date = factory.LazyAttribute(lambda o: dt.date(o.school_year.start_year, 11, 5))
    title = factory.Sequence(lambda n: f"主题活动{n}")
    participants = 0
    guide = factory.SubFactory(
        StaffFactory,
        school=factory.SelfAttribute("..series.school"),
        political_status=PoliticalStatus.PARTY_MEMBER,
    )

    @factory.post_generation
    def branches(self, create, extracted, **kwargs):
        if create and extracted:
            self.branches.set(extracted)


class RecommendationFactory(DjangoModelFactory):
    class Meta:
        model = "league.Recommendation"

    branch = factory.SubFactory(LeagueBranchFactory)
    school = factory.SelfAttribute("branch.school")
    student = factory.SubFactory(StudentFactory, school=factory.SelfAttribute("..school"), is_league_member=True)
    date = factory.LazyAttribute(lambda o: dt.date(o.branch.school_year.start_year + 1, 4, 20))
    reason = "表现突出"


# meetings ------------------------------------------------------------------------------------------


class ActivityFactory(DjangoModelFactory):
    """A held activity of one branch; ``kinds=[...]`` adds its kinds (default 主题党日)."""

    class Meta:
        model = "meetings.Activity"
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    school = factory.SelfAttribute("organization.school")
    topic = factory.Sequence(lambda n: f"主题党日活动{n}")
    status = "held"
    starts_at = factory.LazyFunction(
        lambda: dt.datetime(2022, 11, 10, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1, minutes=30))

    @factory.post_generation
    def kinds(self, create, extracted, **kwargs):
        from dangjian.meetings.models import ActivityKind

        if create:
            for kind in extracted if extracted is not None else ["theme_day"]:
                ActivityKind.objects.create(activity=self, kind=kind)


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = "meetings.Attendance"

    activity = factory.SubFactory(ActivityFactory)
    staff = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..activity.school"))
    status = "present"


class LessonPlanFactory(DjangoModelFactory):
    class Meta:
        model = "meetings.LessonPlan"

    organization = factory.SubFactory(OrganizationFactory)
    school = factory.SelfAttribute("organization.school")
    semester = factory.SubFactory(SemesterFactory)
    status = "draft"


class PlannedLessonFactory(DjangoModelFactory):
    class Meta:
        model = "meetings.PlannedLesson"

    plan = factory.SubFactory(LessonPlanFactory)
    planned_on = factory.LazyAttribute(lambda o: o.plan.semester.starts_on + dt.timedelta(days=30))
    lecturer = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..plan.school"))
    topic = factory.Sequence(lambda n: f"党课{n}")


# --- staffing (建好一支队伍) ----------------------------------------------------------------


class TeachingAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = "staffing.TeachingAssignment"

    semester = factory.SubFactory(SemesterFactory)
    school_class = factory.SubFactory(SchoolClassFactory)
    subject = factory.SubFactory(SubjectFactory, school=factory.SelfAttribute("..school_class.grade.school"))
    teacher = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..school_class.grade.school"))


# --- mentoring (带好一名教师) ---------------------------------------------------------------


class MentorshipFactory(DjangoModelFactory):
    """A confirmed 思想导师 pairing of 2022-2023: a young teacher (born 1998, teaching since 2020) and a
    Party-member mentor of the same school."""

    class Meta:
        model = "mentoring.Mentorship"

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    mentee = factory.SubFactory(
        StaffFactory,
        school=factory.SelfAttribute("..school"),
        birth_date=dt.date(1998, 3, 1),
        started_teaching_on=dt.date(2020, 8, 20),
    )
    mentor = factory.SubFactory(
        StaffFactory, school=factory.SelfAttribute("..school"), political_status=PoliticalStatus.PARTY_MEMBER
    )
    dimension = "ideology"
    status = "confirmed"
    confirmed_on = factory.LazyAttribute(lambda o: o.school_year.starts_on + dt.timedelta(days=9))
    goals = "站稳讲台"
    duties = "每学期谈心两次"


class MentoringActivityFactory(DjangoModelFactory):
    class Meta:
        model = "mentoring.MentoringActivity"

    mentorship = factory.SubFactory(MentorshipFactory)
    date = factory.LazyAttribute(lambda o: o.mentorship.school_year.starts_on + dt.timedelta(days=30))
    dimension = factory.SelfAttribute("mentorship.dimension")
    six_kind = "method"
    kind = "talk"
    hours = 1
    notes = "谈心谈话"


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = "mentoring.Milestone"

    staff = factory.SubFactory(StaffFactory)
    school = factory.SelfAttribute("staff.school")
    date = dt.date(2023, 6, 1)
    kind = "key_teacher"
    level = "county"
    description = "评为县级骨干教师"
