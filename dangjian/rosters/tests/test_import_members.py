"""Importing the Party member roster: create, re-import unchanged, update, export round-trip, and every
problem by row and column with nothing written."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.lib import clock
from dangjian.party.enums import MemberStatus, OrgKind
from dangjian.party.models import MemberStatusChange, OrganizationPost, PartyMember
from dangjian.rosters.columns import MEMBERS
from dangjian.rosters.importers import plan_import
from dangjian.rosters.services import roster_import
from dangjian.tests import factories as f

from .helpers import xlsx_bytes
from .snapshot import snapshot

HEADER = [c.header for c in MEMBERS.columns]
ROWS = [
    HEADER,
    ["J001", "张明", "第一党支部", "第一党小组", "正式党员", "2008-03-01", "2008-09-01", "2009-03-01", "2009-07-01",
     "2010-07-01", "组织委员、党小组长"],
    ["J002", "李红", "第二党支部", "", "发展对象", "2020/3/1", "2020.9.1", "2021年3月1日", "", "", ""],
]  # fmt: skip


@pytest.fixture
def tree(roster, world):
    school = roster.school
    committee = f.OrganizationFactory(school=school, kind=OrgKind.COMMITTEE, name="甲中学党委")
    first = world.branch  # 第一党支部
    first.parent = committee
    first.save()
    second = f.OrganizationFactory(school=school, name="第二党支部", parent=committee)
    f.OrganizationFactory(school=school, kind=OrgKind.GROUP, name="第一党小组", parent=first)
    f.OrganizationFactory(school=school, kind=OrgKind.GROUP, name="第二党小组", parent=second)
    f.OrganizationFactory(school=world.other_school, name="外校党支部")
    return roster


def run(roster, rows, **kwargs):
    return roster_import(kind="members", school=roster.school, data=xlsx_bytes(rows), filename="党员.xlsx", **kwargs)


def test_import_creates_members_with_history_political_status_and_posts(tree):
    plan, applied = run(tree, ROWS)
    assert ([str(p) for p in plan.problems], plan.warnings) == ([], [])
    assert (applied, plan.counts) == (True, {"create": 2, "update": 0, "unchanged": 0})
    zhang = PartyMember.objects.select_related("staff", "branch", "group").get(staff__staff_number="J001")
    assert (zhang.branch.name, zhang.group.name, zhang.status) == ("第一党支部", "第一党小组", MemberStatus.FULL)
    assert (zhang.applied_on, zhang.full_on) == (dt.date(2008, 3, 1), dt.date(2010, 7, 1))
    assert (zhang.staff.political_status, zhang.staff.joined_party_on) == ("party", None)
    assert list(MemberStatusChange.objects.filter(member=zhang).values_list("status", "changed_on")) == [
        ("full", dt.date(2010, 7, 1))
    ]
    posts = OrganizationPost.objects.filter(staff=zhang.staff).order_by("post")
    assert [(p.organization.name, p.post, p.started_on, p.ended_on) for p in posts] == [
        ("第一党小组", "group_leader", clock.today(), None),
        ("第一党支部", "organization", clock.today(), None),
    ]
    li = PartyMember.objects.get(staff__staff_number="J002")
    assert (li.status, li.group, li.candidate_on) == (MemberStatus.CANDIDATE, None, dt.date(2021, 3, 1))
    assert li.staff.political_status == "masses"  # a 发展对象 is not yet a Party member


def test_reimporting_the_same_file_changes_nothing(tree):
    run(tree, ROWS)
    before = snapshot()
    plan, applied = run(tree, ROWS)
    assert (applied, plan.counts) == (True, {"create": 0, "update": 0, "unchanged": 2})
    assert {k: v for k, v in snapshot().items() if k != "accounts.AuditLog"} == {
        k: v for k, v in before.items() if k != "accounts.AuditLog"
    }


def test_corrected_file_updates_stage_posts_and_branch(tree):
    run(tree, ROWS)
    rows = [list(r) for r in ROWS]
    rows[1][10] = "组织委员、甲中学党委委员"  # no longer 党小组长; also on the committee
    rows[2][4], rows[2][8] = "预备党员", "2022-07-01"
    yesterday = clock.today() - dt.timedelta(days=1)
    OrganizationPost.objects.filter(post="group_leader").update(started_on=dt.date(2020, 1, 1))
    plan, applied = run(tree, rows)
    assert [(a.label, a.changes) for a in plan.changed] == [
        ("工号 J001", ("党内职务",)),
        ("工号 J002", ("状态", "接收为预备党员日期")),
    ]
    held = OrganizationPost.objects.filter(staff__staff_number="J001").order_by("post")
    assert [(p.organization.name, p.post, p.ended_on) for p in held] == [
        ("甲中学党委", "committee_member", None),
        ("第一党小组", "group_leader", yesterday),  # ended, kept in the history
        ("第一党支部", "organization", None),
    ]
    li = PartyMember.objects.select_related("staff").get(staff__staff_number="J002")
    assert list(MemberStatusChange.objects.filter(member=li).values_list("status", flat=True)) == [
        "candidate",
        "probationary",
    ]
    assert (li.staff.political_status, li.staff.joined_party_on) == ("probationary", dt.date(2022, 7, 1))
    assert run(tree, rows)[0].counts["unchanged"] == 2


def test_export_round_trips(tree, client_for, world):
    f.OrganizationPostFactory(organization=tree.school.organizations.get(name="甲中学党委"),
                              staff=world.users["teacher"].staff, post="propaganda")  # fmt: skip
    run(tree, ROWS)
    response = client_for("party_staff").get(reverse("rosters:export_members", args=["a"]))
    assert response.status_code == 200
    rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    by_number = {r[0]: r for r in rows[1:]}
    assert by_number["J001"][2:5] + by_number["J001"][10:] == [
        "第一党支部",
        "第一党小组",
        "正式党员",
        "组织委员、党小组长",
    ]
    teacher = world.users["teacher"].staff
    assert by_number[teacher.staff_number][10] == "甲中学党委宣传委员"
    plan, _ = run(tree, rows)
    assert ([str(p) for p in plan.problems], plan.counts) == ([], {"create": 0, "update": 0, "unchanged": 3})


def test_every_problem_is_reported_by_row_and_column_and_nothing_is_written(tree):
    inactive = f.StaffFactory(school=tree.school, staff_number="J009", name="赵退", is_active=False)
    f.StaffFactory(school=tree.school.__class__.objects.get(code="b"), staff_number="B001", name="外校")
    rows = [
        HEADER,
        ["J001", "张明", "第九党支部", "", "正式党员", "", "", "", "2009-07-01", "2010-07-01", ""],
        ["J002", "李白", "第一党支部", "", "入党申请人", "", "", "", "", "", ""],
        ["B001", "", "外校党支部", "", "正式", "", "", "", "2009-07-01", "2010-07-01", ""],
        ["J009", inactive.name, "第一党支部", "", "申请人", "2020-13-01", "", "", "", "", "校长"],
        ["J001", "", "第二党支部", "", "申请人", "2020-01-01", "", "", "", "", ""],
        [f.StaffFactory(school=tree.school).staff_number, "", "第二党支部", "", "", "", "", "", "", "", "党小组长"],
    ]
    before = snapshot()
    plan, applied = run(tree, rows)
    assert applied is False
    assert [str(p) for p in plan.problems] == [
        "第 2 行「所在支部」找不到“第九党支部”（可选：第一党支部、第二党支部）",
        "第 3 行「姓名」“李白”与工号 J002 的姓名“李红”不一致。",
        "第 4 行「工号」找不到本校教职工（请先导入教职工名册）：工号 B001。",
        "第 4 行「所在支部」找不到“外校党支部”（可选：第一党支部、第二党支部）",
        "第 5 行「工号」赵退（工号 J009）已不在职，不能新增党员档案。",
        "第 5 行「递交入党申请日期」无法识别：2020-13-01",
        "第 5 行「党内职务」无法识别党内职务：校长（可选：书记、副书记、组织委员、宣传委员、纪检委员、委员、党小组长）",
        "第 6 行「工号」与第 2 行重复：工号 J001。",
        "第 7 行「状态」这个字段是必填项。",
        "第 7 行「党内职务」填写党小组长须先填写所在党小组。",
    ]
    assert snapshot() == before


def test_form_rules_apply_to_rows(tree):
    inactive = f.StaffFactory(school=tree.school, staff_number="J009", name="赵退", is_active=False)
    rows = [
        HEADER,
        ["J001", "", "第一党支部", "第二党小组", "预备党员", "", "", "", "", "", ""],
        ["J002", "", "第一党支部", "", "正式党员", "", "", "", "2012-07-01", "2011-07-01", "第一党小组书记"],
        [inactive.staff_number, "", "第一党支部", "", "入党申请人", "2020-01-01", "", "", "", "", ""],
    ]
    plan, _ = run(tree, rows)
    assert [str(p) for p in plan.problems] == [
        "第 2 行「所在党小组」第二党小组不属于第一党支部。",
        "第 2 行「接收为预备党员日期」状态为“预备党员”时必须填写此日期。",
        "第 3 行「转为正式党员日期」不能早于“接收为预备党员日期”（2012-07-01）。",
        "第 3 行「党内职务」第一党小组是党小组，不设书记。",
        "第 4 行「工号」赵退（工号 J009）已不在职，不能新增党员档案。",
    ]


def test_unknown_branch_lists_only_this_schools_branches(tree):
    plan = plan_import(
        "members",
        school=tree.school,
        data=xlsx_bytes([["工号", "所在支部", "状态"], ["J001", "外校党支部", "入党申请人"]]),
        filename="a.xlsx",
    )
    assert [str(p) for p in plan.problems] == ["第 2 行「所在支部」找不到“外校党支部”（可选：第一党支部、第二党支部）"]


def test_command_imports_members(tree, tmp_path):
    path = tmp_path / "members.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))
    out = io.StringIO()
    call_command("import_roster", "members", str(path), "--school", "a", stdout=out)
    assert out.getvalue().splitlines()[1:] == [
        "党员名册：新增 2 行，更新 0 行，不变 0 行，问题 0 个",
        "导入完成：新增 2，更新 0。",
    ]
    path.write_bytes(xlsx_bytes([ROWS[0], ["J404", "", "第一党支部", "", "正式党员"]]))
    with pytest.raises(CommandError):
        call_command("import_roster", "members", str(path), "--school", "a", stdout=out)
    assert "问题：第 2 行「工号」找不到本校教职工（请先导入教职工名册）：工号 J404。" in out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _staff_rows(tree, count):
    rows = [HEADER]
    for i in range(count):
        staff = f.StaffFactory(school=tree.school, staff_number=f"M{i:03d}")
        group = "第一党小组" if i % 2 else ""
        rows.append([staff.staff_number, staff.name, "第一党支部", group, "正式党员", "", "", "", "2009-07-01",
                     "2010-07-01", "党小组长" if group else "委员"])  # fmt: skip
    return rows


@pytest.mark.parametrize("count", [2, 20])
def test_preview_and_confirm_query_counts_do_not_grow_with_rows(
    tree, client_for, media, django_assert_max_num_queries, count
):
    client = client_for("secretary")
    data = xlsx_bytes(_staff_rows(tree, count))
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("rosters:upload", args=["a", "members"]), {"file": SimpleUploadedFile("m.xlsx", data)}
    )
    assert response.status_code == 302
    with django_assert_max_num_queries(14):
        page = client.get(response["Location"])
    assert page.context["counts"] == {"create": count, "update": 0, "unchanged": 0}
    confirm_url = reverse("rosters:confirm", args=["a", "members", response["Location"].rstrip("/").split("/")[-1]])
    response = client.post(confirm_url)
    assert response["Location"] == reverse("party:org_tree", args=["a"])
    assert PartyMember.objects.filter(staff__staff_number__startswith="M").count() == count


def test_index_offers_the_member_roster_to_party_admins(tree, client_for):
    page = client_for("party_staff").get(reverse("rosters:index", args=["a"]))
    assert "members" in [s.kind for s in page.context["specs"]]
    assert reverse("rosters:export_members", args=["a"]) in page.text
    assert reverse("rosters:template", args=["a", "members"]) in page.text
    jiaowu = client_for("jiaowu").get(reverse("rosters:index", args=["a"]))
    assert "members" not in [s.kind for s in jiaowu.context["specs"]]
