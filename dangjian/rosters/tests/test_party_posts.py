"""党内职务 cells, without the database."""

from types import SimpleNamespace as Org

import pytest

from dangjian.rosters.party_posts import parse_posts, post_text, resolve_posts
from dangjian.rosters.values import CellError

COMMITTEE = Org(pk=1, name="甲中学党委", kind="committee")
BRANCH = Org(pk=2, name="第一党支部", kind="branch")
OTHER = Org(pk=3, name="第二党支部", kind="branch")
GROUP = Org(pk=4, name="第一党小组", kind="group")
ORGS = [COMMITTEE, BRANCH, OTHER, GROUP]


def test_parse_reads_posts_with_and_without_their_organization():
    assert parse_posts("组织委员、 党小组长，党委委员;第二党支部 副书记、支部书记、第一党小组组长") == (
        ("", "organization"),
        ("", "group_leader"),
        ("党委", "committee_member"),
        ("第二党支部", "deputy_secretary"),
        ("支部", "secretary"),
        ("第一党小组", "group_leader"),
    )
    assert parse_posts("") == parse_posts(None) == ()
    with pytest.raises(CellError, match="无法识别党内职务：校长"):
        parse_posts("书记、校长")


def test_resolve_places_posts_in_the_members_own_organizations():
    items = parse_posts("组织委员、党小组长、党委委员、第二党支部副书记、支部书记")
    pairs, errors = resolve_posts(items, branch=BRANCH, group=GROUP, organizations=ORGS)
    assert errors == []
    assert pairs == ((1, "committee_member"), (2, "organization"), (2, "secretary"), (3, "deputy_secretary"),
                     (4, "group_leader"))  # fmt: skip
    assert resolve_posts(pairs, branch=BRANCH, group=GROUP, organizations=ORGS) == (pairs, [])  # stored pairs


def test_resolve_names_what_is_wrong():
    items = parse_posts("党小组长、第一党小组书记、第一党支部党小组长、团委书记")
    assert resolve_posts(items, branch=BRANCH, group=None, organizations=ORGS)[1] == [
        "填写党小组长须先填写所在党小组。",
        "第一党小组是党小组，不设书记。",
        "党小组长只设在党小组，第一党支部不是党小组。",
        "找不到党组织“团委”（本校党组织：甲中学党委、第一党支部、第二党支部、第一党小组）。",
    ]


def test_post_text_writes_the_organization_only_when_it_is_not_the_members_own():
    assert post_text(BRANCH, "organization", branch_id=2, group_id=4) == "组织委员"
    assert post_text(GROUP, "group_leader", branch_id=2, group_id=4) == "党小组长"
    assert post_text(COMMITTEE, "committee_member", branch_id=2, group_id=4) == "甲中学党委委员"
    text = "、".join(
        post_text(o, p, branch_id=2, group_id=4) for o, p in [(COMMITTEE, "secretary"), (OTHER, "propaganda")]
    )
    assert resolve_posts(parse_posts(text), branch=BRANCH, group=GROUP, organizations=ORGS) == (
        ((1, "secretary"), (3, "propaganda")),
        [],
    )
