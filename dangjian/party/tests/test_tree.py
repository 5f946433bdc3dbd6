import datetime as dt

from dangjian.party.enums import MemberStatus, OrgKind
from dangjian.party.queries import organization_tree, subtree_ids
from dangjian.tests import factories as f


def build_tree(school):
    top = f.OrganizationFactory(school=school, kind=OrgKind.GENERAL_BRANCH, name="党总支")
    b1 = f.OrganizationFactory(school=school, parent=top, name="一支部", order=1)
    b2 = f.OrganizationFactory(school=school, parent=top, name="二支部", order=2)
    g1 = f.OrganizationFactory(school=school, parent=b1, kind=OrgKind.GROUP, name="高一党小组")
    for _ in range(3):
        f.PartyMemberFactory(branch=b1, group=g1)
    f.PartyMemberFactory(branch=b1, status=MemberStatus.PROBATIONARY, full_on=None)
    f.PartyMemberFactory(branch=b2)
    f.PartyMemberFactory(branch=b2, status=MemberStatus.ACTIVIST, activist_on=dt.date(2022, 1, 1))
    f.OrganizationPostFactory(organization=b1, post="secretary")
    return top, b1, b2, g1


def test_tree_counts_members_once_and_sums_subtrees(world):
    top, b1, b2, g1 = build_tree(world.school)
    roots = organization_tree(world.school, today=dt.date(2023, 1, 1))
    by_name = {node.org.name: node for root in roots for _, node in root.walk()}
    assert (by_name["一支部"].full_members, by_name["一支部"].probationary_members) == (3, 1)
    assert by_name["高一党小组"].full_members == 3
    assert (by_name["二支部"].full_members, by_name["二支部"].developing) == (1, 1)
    # world.branch has the teacher: 1 full member, no secretary
    assert by_name["党总支"].full_members == 4
    assert [n.org.name for n in by_name["党总支"].children] == ["一支部", "二支部"]
    assert [f.message for f in by_name["二支部"].findings] == [
        "正式党员 1 名，少于 3 名，不具备设立支部的条件",
        "未配备书记",
    ]
    assert [p.staff.name for p in by_name["一支部"].leaders] == [b1.posts.get().staff.name]


def test_tree_uses_constant_queries(world, django_assert_max_num_queries):
    build_tree(world.school)
    with django_assert_max_num_queries(3):
        organization_tree(world.school)
    for i in range(5):
        f.OrganizationFactory(school=world.school, name=f"新支部{i}")
    with django_assert_max_num_queries(3):
        organization_tree(world.school)


def test_subtree_ids_stays_within_the_school(world):
    top, b1, b2, g1 = build_tree(world.school)
    foreign = f.OrganizationFactory(school=world.other_school)
    assert subtree_ids(world.school, [b1.pk]) == {b1.pk, g1.pk}
    assert subtree_ids(world.school, [top.pk]) == {top.pk, b1.pk, b2.pk, g1.pk}
    assert subtree_ids(world.school, [foreign.pk]) == set()
