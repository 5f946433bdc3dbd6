"""seed_demo at its default size (the domain brief's school), seeded once for the module (module_transaction)."""

import datetime as dt

import pytest

from dangjian.accounts.enums import Role
from dangjian.accounts.models import User
from dangjian.conftest import BASE_STORY_DAY, module_writes
from dangjian.demo.tests.test_seed_demo import seed
from dangjian.party.checks import Finding
from dangjian.party.enums import MemberStatus, OrgKind, Post
from dangjian.party.models import MemberStatusChange, Organization, OrganizationPost, PartyMember
from dangjian.party.queries import organization_tree, tree_findings
from dangjian.school.enums import PARTY_STATUSES, StudentStatus
from dangjian.school.models import (
    Enrollment,
    Grade,
    School,
    Staff,
    StaffYear,
    Student,
)

pytestmark = pytest.mark.usefixtures("base_story")

AS_OF = dt.date(2022, 10, 1)  # inside the demo's latest school year


@pytest.fixture(scope="module")
def seeded(module_transaction, django_db_blocker) -> str:
    """The demo at its default size, seeded once for the tests of this module, which only read it; what
    seeding printed."""
    with module_writes(django_db_blocker, {"DANGJIAN_TODAY": BASE_STORY_DAY}):
        return seed()


def test_logins_have_their_grants_and_staff(db, seeded):
    out = seeded
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


def test_default_size_matches_the_domain_brief(db, seeded):
    out = seeded
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
