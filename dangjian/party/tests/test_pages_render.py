"""The organization tree and organization pages render with real data, at a constant query count."""

import datetime as dt

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from dangjian.party.enums import MemberStatus, OrgKind, Post
from dangjian.tests import factories as f


@pytest.fixture
def tree(world):
    """党总支 → 一支部 (3 full in 高一党小组, 1 probationary, secretary) and 二支部 (1 full, 1 activist)."""
    school = world.school
    top = f.OrganizationFactory(
        school=school,
        kind=OrgKind.GENERAL_BRANCH,
        name="党总支",
        order=0,
        established_on=dt.date(2018, 7, 1),
        term_starts_on=dt.date(2021, 7, 1),
        term_ends_on=dt.date(2099, 6, 30),
    )
    world.branch.parent = top
    world.branch.order = 3
    world.branch.save()
    b1 = f.OrganizationFactory(school=school, parent=top, name="一支部", order=1)
    b2 = f.OrganizationFactory(school=school, parent=top, name="二支部", order=2)
    group = f.OrganizationFactory(school=school, parent=b1, kind=OrgKind.GROUP, name="高一党小组", grade_level=1)
    for name in ("赵一", "钱二", "孙三"):
        f.PartyMemberFactory(branch=b1, group=group, staff__name=name)
    f.PartyMemberFactory(
        branch=b1,
        staff__name="李四",
        status=MemberStatus.PROBATIONARY,
        admitted_on=dt.date(2022, 7, 1),
        full_on=None,
    )
    f.PartyMemberFactory(branch=b2, staff__name="周五")
    f.PartyMemberFactory(
        branch=b2,
        staff__name="吴六",
        status=MemberStatus.ACTIVIST,
        activist_on=dt.date(2022, 1, 1),
        admitted_on=None,
        full_on=None,
    )
    f.OrganizationPostFactory(organization=top, post=Post.SECRETARY, staff__name="总支书记甲")
    f.OrganizationPostFactory(organization=b1, post=Post.SECRETARY, staff__name="支书乙")
    f.OrganizationPostFactory(organization=group, post=Post.GROUP_LEADER, staff__name="组长丙")
    return {"top": top, "b1": b1, "b2": b2, "group": group}


def test_tree_shows_nodes_counts_leaders_and_findings(client_for, world, tree):
    response = client_for("secretary").get(reverse("party:org_tree", args=["a"]))
    assert response.status_code == 200
    assert [(depth, node.org.name) for depth, node in response.context["rows"]] == [
        (0, "党总支"),
        (1, "一支部"),
        (2, "高一党小组"),
        (1, "二支部"),
        (1, "第一党支部"),
    ]
    for text in (
        "党组织架构",
        "党总支",
        "一支部",
        "高一党小组",
        "二支部",
        "第一党支部",
        "党支部",
        "党小组",
        "高一",
        "正式党员 5",
        "预备党员 1",
        "发展中 1",
        "书记：总支书记甲",
        "书记：支书乙",
        "党小组长：组长丙",
        "新增党组织",
        "新增党员",
    ):
        assertContains(response, text)
    for depth in range(3):
        assertContains(response, f"tree-depth-{depth}")
    # 二支部 and 第一党支部 have too few full members and no secretary.
    assertContains(response, "alert alert-danger", count=2)
    assertContains(response, "alert alert-warning", count=2)
    assertContains(response, "少于 3 名，不具备设立支部的条件", count=2)
    assertContains(response, reverse("party:org_detail", args=["a", tree["b1"].pk]))
    assertContains(response, reverse("party:member_create", args=["a"]))


def test_tree_hides_create_buttons_from_teachers(client_for, world, tree):
    response = client_for("teacher").get(reverse("party:org_tree", args=["a"]))
    assert response.status_code == 200
    assertContains(response, "党总支")
    assertNotContains(response, "新增党组织")
    assertNotContains(response, "新增党员")


def test_tree_empty_state(client_for, world):
    world.users["teacher"].staff.party_record.delete()
    world.branch.delete()
    response = client_for("secretary").get(reverse("party:org_tree", args=["a"]))
    assertContains(response, "尚未设置党组织")


def test_org_detail_shows_info_counts_and_members(client_for, world, tree):
    b1 = tree["b1"]
    response = client_for("secretary").get(reverse("party:org_detail", args=["a", b1.pk]))
    assert response.status_code == 200
    for text in (
        "一支部",
        "党支部",
        "党总支",
        "正式党员 3",
        "预备党员 1",
        "支书乙",
        "设置符合规定",
        "赵一",
        "钱二",
        "孙三",
        "李四",
        "正式党员",
        "预备党员",
        "高一党小组",
        "2010-07-01 / 2011-07-01",
        "2022-07-01 / —",
        "编辑党组织",
    ):
        assertContains(response, text)
    assertContains(response, reverse("party:org_edit", args=["a", b1.pk]))
    members = list(response.context["page_obj"].object_list)
    assert len(members) == 4
    for member in members:
        assertContains(response, reverse("party:member_edit", args=["a", member.pk]))


def test_org_detail_of_general_branch_shows_term_and_all_members(client_for, world, tree):
    response = client_for("secretary").get(reverse("party:org_detail", args=["a", tree["top"].pk]))
    assert response.status_code == 200
    for text in (
        "党总支",
        "2018-07-01",
        "2021-07-01 至 2099-06-30",
        "总支书记甲",
        "王老师",
        "周五",
        "吴六",
        "入党积极分子",
    ):
        assertContains(response, text)
    assert response.context["page_obj"].paginator.count == 7


def test_org_detail_group_shows_grade_and_leader(client_for, world, tree):
    response = client_for("secretary").get(reverse("party:org_detail", args=["a", tree["group"].pk]))
    assert response.status_code == 200
    for text in ("高一党小组", "对应年段", "高一", "党小组长", "组长丙", "赵一"):
        assertContains(response, text)
    assertNotContains(response, "李四")


def test_org_detail_search(client_for, world, tree):
    response = client_for("secretary").get(reverse("party:org_detail", args=["a", tree["b1"].pk]), {"q": "赵"})
    assert [m.staff.name for m in response.context["page_obj"].object_list] == ["赵一"]
    assertContains(response, 'value="赵"')
    empty = client_for("secretary").get(reverse("party:org_detail", args=["a", tree["b1"].pk]), {"q": "无此人"})
    assertContains(empty, "没有符合条件的党员")


def test_org_detail_for_teacher_has_no_edit_links(client_for, world, tree):
    response = client_for("teacher").get(reverse("party:org_detail", args=["a", tree["b1"].pk]))
    assert response.status_code == 200
    assertContains(response, "赵一")
    assertNotContains(response, "编辑党组织")
    assertNotContains(response, "/party/members/")


def test_org_detail_shows_findings(client_for, world, tree):
    response = client_for("secretary").get(reverse("party:org_detail", args=["a", tree["b2"].pk]))
    assertContains(response, "正式党员 1 名，少于 3 名，不具备设立支部的条件")
    assertContains(response, "未配备书记")
    assertNotContains(response, "设置符合规定")


# Query counts -------------------------------------------------------------


def _query_count(client, url, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(100) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_tree_query_count(client_for, world, django_assert_max_num_queries):
    client, url = client_for("secretary"), reverse("party:org_tree", args=["a"])
    f.OrganizationPostFactory(organization=world.branch, post=Post.SECRETARY)
    expected = _query_count(client, url, django_assert_max_num_queries)
    for n in range(4):
        branch = f.OrganizationFactory(school=world.school, name=f"支部{n}")
        f.PartyMemberFactory(branch=branch)
        f.OrganizationPostFactory(organization=branch, post=Post.SECRETARY)
    with django_assert_max_num_queries(expected):
        assert len(client.get(url).context["rows"]) == 5


def test_org_detail_query_count(client_for, world, django_assert_max_num_queries):
    client, url = client_for("secretary"), reverse("party:org_detail", args=["a", world.branch.pk])
    group = f.OrganizationFactory(school=world.school, parent=world.branch, kind=OrgKind.GROUP, name="党小组")
    world.users["teacher"].staff.party_record.group = group
    world.users["teacher"].staff.party_record.save()
    expected = _query_count(client, url, django_assert_max_num_queries)
    f.PartyMemberFactory.create_batch(4, branch=world.branch, group=group)
    with django_assert_max_num_queries(expected):
        assert len(client.get(url).context["page_obj"].object_list) == 5
