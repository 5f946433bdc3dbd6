import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from dangjian.accounts.enums import Role
from dangjian.accounts.models import User
from dangjian.demo import generate
from dangjian.lib.dates import age_on
from dangjian.party.checks import Finding
from dangjian.party.enums import MemberStatus, OrgKind, Post
from dangjian.party.models import MemberStatusChange, Organization, OrganizationPost, PartyMember
from dangjian.party.queries import organization_tree, tree_findings
from dangjian.school.enums import PARTY_STATUSES, StudentStatus
from dangjian.school.models import (
    Enrollment,
    Grade,
    School,
    SchoolClass,
    SchoolYear,
    Semester,
    Staff,
    StaffYear,
    Student,
    Subject,
)
from dangjian.staffing import queries
from dangjian.staffing.models import TeachingAssignment

pytestmark = pytest.mark.usefixtures("base_story")

SMALL = ["--quiet", "--classes-per-grade", "2"]
AS_OF = dt.date(2022, 10, 1)  # inside the demo's latest school year


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def data_digest() -> str:
    digest = hashlib.sha256()
    for rows in (
        Staff.objects.order_by("school__code", "staff_number").values_list(
            "school__code", "staff_number", "name", "gender", "birth_date", "political_status", "phone"
        ),
        Student.objects.order_by("school__code", "student_number").values_list(
            "student_number", "name", "is_league_member", "status"
        ),
        PartyMember.objects.order_by("staff__school__code", "staff__staff_number").values_list(
            "staff__staff_number", "branch__name", "status", "admitted_on"
        ),
        SchoolClass.objects.order_by(
            "grade__school__code", "grade__school_year__start_year", "grade__level", "number"
        ).values_list("homeroom_teacher__staff_number"),
    ):
        digest.update(repr(list(rows)).encode())
    return digest.hexdigest()


def test_small_run_builds_both_schools_with_five_years(db):
    seed(*SMALL)
    assert list(School.objects.order_by("code").values_list("code", "county__code")) == [
        ("sfez", "sfx"),
        ("sfyz", "sfx"),
    ]
    assert list(SchoolYear.objects.order_by("start_year").values_list("start_year", flat=True)) == [
        2018, 2019, 2020, 2021, 2022
    ]  # fmt: skip
    assert Semester.objects.count() == 10
    assert Semester.objects.get(school_year__start_year=2022, term=1).ends_on == dt.date(2023, 1, 31)
    main = School.objects.get(code="sfyz")
    assert main.spirit == "特别能吃苦、特别能奉献、特别讲大局"
    assert Subject.objects.filter(school=main).count() == 14
    assert Grade.objects.filter(school=main).count() == 15
    assert SchoolClass.objects.filter(grade__school=main).count() == 15 * 2
    assert SchoolClass.objects.filter(grade__school__code="sfez").count() == 15 * 6
    assert SchoolClass.objects.filter(homeroom_teacher__isnull=True).count() == 0
    assert Grade.objects.filter(head__isnull=True).count() + Grade.objects.filter(deputy__isnull=True).count() == 0
    assert Grade.objects.exclude(head__political_status__in=PARTY_STATUSES).count() == 0


def test_homeroom_teachers_belong_to_their_school_and_teach_one_class_a_year(db):
    seed(*SMALL)
    rows = SchoolClass.objects.values_list("grade__school_id", "homeroom_teacher__school_id")
    assert all(school == teacher_school for school, teacher_school in rows)
    per_year = SchoolClass.objects.values_list("grade__school_year_id", "homeroom_teacher_id")
    assert len(set(per_year)) == len(per_year)


def test_students_move_up_a_grade_each_year_and_graduate(db):
    seed(*SMALL)
    student = Student.objects.get(school__code="sfyz", student_number="2020010101")
    history = list(
        student.enrollments.order_by("school_year__start_year").values_list(
            "school_year__start_year", "school_class__grade__level", "school_class__number"
        )
    )
    assert history == [(2020, 1, 1), (2021, 2, 1), (2022, 3, 1)]
    assert student.status == StudentStatus.ENROLLED
    graduate = Student.objects.get(school__code="sfyz", student_number="2016010101")
    assert graduate.status == StudentStatus.GRADUATED
    assert list(graduate.enrollments.values_list("school_year__start_year", "school_class__grade__level")) == [
        (2018, 3)
    ]


def test_logins_have_their_grants_and_staff(db):
    out = seed()
    main = School.objects.get(code="sfyz")
    users = {u.username: u for u in User.objects.prefetch_related("role_grants")}
    assert sorted(users) == sorted(["admin", "secretary", "branch", "jiaowu", "counsellor", "teacher", "county"])
    assert all(u.check_password("dangjian-demo") for u in users.values())
    assert (users["admin"].is_superuser, users["admin"].is_staff) == (True, True)
    grants = {
        name: [(g.role, g.school_id, g.organization and g.organization.name, g.county_id) for g in u.role_grants.all()]
        for name, u in users.items()
    }
    branch = Organization.objects.get(school=main, name="高一年段党支部")
    assert grants == {
        "admin": [],
        "secretary": [(Role.SECRETARY, main.pk, None, None)],
        "branch": [(Role.BRANCH_SECRETARY, main.pk, "高一年段党支部", None)],
        "jiaowu": [(Role.ACADEMIC_AFFAIRS, main.pk, None, None)],
        "counsellor": [(Role.COUNSELLING, main.pk, None, None)],
        "teacher": [],
        "county": [(Role.COUNTY, None, None, main.county_id)],
    }
    assert users["secretary"].staff.leader_post == "secretary"
    assert branch.posts.get(post=Post.SECRETARY).staff == users["branch"].staff
    assert users["jiaowu"].staff.position == "教务处主任"
    counsellor = users["counsellor"].staff
    assert (counsellor.department.name, counsellor.skills.filter(name="心理咨询师证书").count()) == (
        "心理辅导中心",
        1,
    )
    teacher = users["teacher"].staff
    assert (teacher.school, teacher.political_status, teacher.leader_post) == (main, "party", "")
    assert teacher.party_posts.count() == 0
    assert users["teacher"].get_full_name() == teacher.name
    assert Staff.objects.filter(user__username__in=["admin", "county"]).count() == 0
    assert teacher.homeroom_classes.filter(grade__school_year__start_year=2022).count() == 1
    assert teacher.party_record.branch.name == "高一年段党支部"
    login_lines = [line.split()[0] for line in out.splitlines() if line.strip().endswith("dangjian-demo")]
    assert login_lines == ["admin", "secretary", "branch", "jiaowu", "counsellor", "teacher", "county"]


def test_second_run_changes_no_row_count(db):
    seed(*SMALL)
    before = row_counts()
    out = seed("--classes-per-grade", "2")
    assert row_counts() == before
    assert "已存在" in out.splitlines()[0]


def test_same_data_in_two_fresh_databases(db):
    def digest_of_fresh_run():
        with transaction.atomic():
            seed(*SMALL)
            digest = data_digest()
            transaction.set_rollback(True)
        return digest

    first = digest_of_fresh_run()
    assert Staff.objects.count() == 0
    assert digest_of_fresh_run() == first


def test_quiet_prints_nothing(db):
    assert seed(*SMALL) == ""


def test_plan_is_deterministic_and_has_the_young_teachers_of_the_article():
    first, second = (
        generate.build_plan(generate.main_school_spec()),
        generate.build_plan(generate.main_school_spec()),
    )
    assert [p.name for p in first.people] == [p.name for p in second.people]
    assert first.students == second.students
    young = set()
    for year in range(2019, 2023):
        sept = dt.date(year, 9, 1)
        for p in first.people:
            if (
                p.subjects
                and year >= p.hired_year
                and (age_on(p.birth, sept) < 35 or (sept - p.started).days < 5 * 365)
            ):
                young.add(p.idx)
    assert len(young) >= 50
    under_35 = sum(p.age < 35 for p in first.people)
    assert 0.17 <= under_35 / len(first.people) <= 0.25


@pytest.mark.parametrize("today", ["2023-08-31", "2026-12-04"])
def test_member_histories_follow_the_member_forms_rules(settings, today):
    """Applied at 18 or older, stages in order: the members roster of the demo exports and re-imports
    (on 2026-12-04 two members had applied at 17)."""
    settings.DANGJIAN_TODAY = today
    plan = generate.build_plan(generate.main_school_spec())
    for member in plan.members:
        person = plan.people[member.person]
        dates = [d for d in (member.applied_on, member.activist_on, member.candidate_on, member.admitted_on) if d]
        assert dates == sorted(dates), person.name
        if member.applied_on:
            assert age_on(person.birth, member.applied_on) >= 18, person.name


def test_default_size_matches_the_domain_brief(db):
    out = seed()
    main = School.objects.get(code="sfyz")
    current = Grade.objects.filter(school=main, school_year__start_year=2022)
    assert [g.classes.count() for g in current.order_by("level")] == [20, 20, 20]
    staff = Staff.objects.filter(school=main)
    assert staff.count() == 250
    assert staff.filter(political_status__in=PARTY_STATUSES).count() == 100
    assert staff.filter(political_status="probationary").count() == 6
    assert sorted(staff.exclude(leader_post="").values_list("leader_post", flat=True)) == sorted(
        ["secretary", "principal", "deputy_secretary", "vice_principal", "vice_principal", "vice_principal",
         "union_chair"]
    )  # fmt: skip
    assert staff.filter(skills__name="心理咨询师证书").count() == 8
    enrolled = Student.objects.filter(school=main, status=StudentStatus.ENROLLED)
    assert 2800 <= enrolled.count() <= 2960
    assert Enrollment.objects.filter(student__in=enrolled, school_year__start_year=2022).count() == enrolled.count()
    league = enrolled.filter(is_league_member=True).count() / enrolled.count()
    assert 0.35 <= league <= 0.45
    assert StaffYear.objects.filter(staff__school=main, school_year__start_year=2022, grade__isnull=False).count() > 180
    second = School.objects.get(code="sfez")
    assert 38 <= Staff.objects.filter(school=second).count() <= 45
    # 15 of its own, and the member transferred in from sfyz (transfers.demo)
    assert PartyMember.objects.filter(branch__school=second, status__in=["full", "probationary"]).count() == 16
    # In service now: 249 staff and 99 members, the one transferred to sfez no longer counted (transfers.demo)
    assert "示范县第一中学  sfyz  249     99" in out

    members = PartyMember.objects.filter(branch__school=main)
    assert members.filter(status__in=[MemberStatus.FULL, MemberStatus.PROBATIONARY]).count() == 99
    assert members.filter(status=MemberStatus.TRANSFERRED_OUT).count() == 1
    assert members.exclude(status__in=[MemberStatus.FULL, MemberStatus.PROBATIONARY]).count() == 8 + 1
    full = members.filter(status=MemberStatus.FULL).select_related("staff")
    assert all(m.admitted_on == m.staff.joined_party_on and m.full_on.year == m.admitted_on.year + 1 for m in full)
    developing = members.filter(status__in=[MemberStatus.APPLICANT, MemberStatus.ACTIVIST, MemberStatus.CANDIDATE])
    assert MemberStatusChange.objects.filter(member__in=developing).count() >= 8

    roots = organization_tree(main, today=AS_OF)
    shape = [(depth, node.org.kind, node.org.name) for root in roots for depth, node in root.walk()]
    assert shape == [
        (0, OrgKind.GENERAL_BRANCH, "示范县第一中学党总支"),
        (1, OrgKind.BRANCH, "高一年段党支部"),
        (2, OrgKind.GROUP, "高一年段党小组"),
        (1, OrgKind.BRANCH, "高二年段党支部"),
        (2, OrgKind.GROUP, "高二年段党小组"),
        (1, OrgKind.BRANCH, "高三年段党支部"),
        (2, OrgKind.GROUP, "高三年段党小组"),
        (1, OrgKind.BRANCH, "行政后勤党支部"),
    ]
    nodes = {node.org.name: node for root in roots for _, node in root.walk()}
    assert nodes["示范县第一中学党总支"].committee_size == 5
    assert [nodes[f"{lv}年段党支部"].committee_size for lv in ("高一", "高二", "高三")] == [3, 3, 3]
    for level, name in ((1, "高一"), (2, "高二"), (3, "高三")):
        group = nodes[f"{name}年段党小组"]
        assert group.org.grade_level == level
        assert [p.staff for p in group.leaders] == [current.get(level=level).head]
    # The one deliberate finding of the demo, as of the latest school year.
    assert tree_findings(roots) == [
        (nodes["行政后勤党支部"].org, Finding("danger", "本届任期已于 2021-12-31 届满，应按期换届"))
    ]
    assert OrganizationPost.objects.filter(organization__school=main, post=Post.GROUP_LEADER).count() == 15


@pytest.mark.parametrize("value", ["0", "-1"])
def test_scale_must_be_positive(db, value):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        seed("--scale", value)


def test_classes_from_gao_er_have_combinations_and_their_teams_follow_them(db):
    seed(*SMALL)
    rows = SchoolClass.objects.filter(grade__school__code="sfez", grade__school_year__start_year=2022)
    combinations = {(lv, n): c for lv, n, c in rows.values_list("grade__level", "number", "combination")}
    assert {c for (lv, _), c in combinations.items() if lv == 1} == {""}
    assert [combinations[(2, n)] for n in range(1, 7)] == ["物化生", "物化生", "物地生", "物政地", "史政地", "史地生"]
    assert [combinations[(3, n)] for n in range(1, 7)] == ["物化生"] * 4 + ["史政地"] * 2  # 文理分科 cohort
    history = rows.get(grade__level=2, number=5)
    taught = set(TeachingAssignment.objects.filter(school_class=history).values_list("subject__name", flat=True))
    assert {"政治", "历史", "地理"} <= taught and not taught & {"物理", "化学", "生物"}
    latest = Semester.objects.get(school_year__start_year=2022, term=2)
    coverage = queries.semester_coverage(School.objects.get(code="sfez"), latest)
    assert (coverage.missing, coverage.outside) == ([], [])

