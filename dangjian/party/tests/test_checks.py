"""The organization rules of 《支部工作条例》, without a database."""

import datetime as dt

from dangjian.party.checks import OrgFacts, organization_findings

TODAY = dt.date(2023, 3, 1)


def facts(**overrides):
    base = {
        "kind": "branch",
        "name": "第一党支部",
        "full_members": 5,
        "members": 5,
        "committee_size": 0,
        "has_secretary": True,
        "term_ends_on": None,
    }
    return OrgFacts(**{**base, **overrides})


def messages(org):
    return [f.message for f in organization_findings(org, TODAY)]


def test_a_healthy_branch_has_no_findings():
    assert messages(facts()) == []


def test_branch_under_three_full_members():
    assert messages(facts(full_members=2, members=3)) == ["正式党员 2 名，少于 3 名，不具备设立支部的条件"]


def test_three_full_members_is_enough():
    assert messages(facts(full_members=3, members=3)) == []


def test_branch_over_fifty_members():
    assert messages(facts(full_members=45, members=51, committee_size=3)) == ["党员 51 名，超过 50 名，应考虑分设支部"]


def test_fifty_members_is_allowed():
    assert messages(facts(full_members=45, members=50, committee_size=3)) == []


def test_seven_full_members_need_a_committee():
    assert messages(facts(full_members=7, members=7, committee_size=1)) == [
        "正式党员 7 名（7 名以上），应设立支部委员会，现任支委仅 1 名"
    ]
    assert messages(facts(full_members=7, members=7, committee_size=3)) == []


def test_six_full_members_need_no_committee():
    assert messages(facts(full_members=6, members=6, committee_size=0)) == []


def test_term_past_its_end_and_term_ending_soon():
    assert messages(facts(term_ends_on=dt.date(2023, 2, 28))) == ["本届任期已于 2023-02-28 届满，应按期换届"]
    assert messages(facts(term_ends_on=dt.date(2023, 5, 1))) == ["本届任期将于 2023-05-01 届满，请做好换届准备"]
    # six months before the term is due (the day after its last day), as the 换届 page warns
    assert messages(facts(term_ends_on=dt.date(2023, 8, 31))) == ["本届任期将于 2023-08-31 届满，请做好换届准备"]
    assert messages(facts(term_ends_on=dt.date(2023, 9, 1))) == []


def test_missing_secretary_and_group_leader():
    assert messages(facts(has_secretary=False)) == ["未配备书记"]
    assert messages(facts(kind="group", has_secretary=False, full_members=1, members=1)) == ["未配备党小组长"]


def test_member_count_rules_apply_only_to_branches():
    assert messages(facts(kind="general_branch", full_members=2, members=2)) == []
    assert messages(facts(kind="group", full_members=2, members=2)) == []
