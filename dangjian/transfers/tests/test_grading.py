from dangjian.transfers.grading import (
    grade_distribution,
    leading_grade,
    needs_follow_up,
    required_follow_up,
    vote_errors,
)


def votes(e=0, q=0, b=0, u=0):
    return {"excellent": e, "qualified": q, "basic": b, "unqualified": u}


def test_votes_up_to_the_voters_are_accepted():
    assert vote_errors(votes(3, 5), 8) == []


def test_more_votes_than_voters_are_refused():
    assert vote_errors(votes(3, 6), 8) == ["票数合计 9 超过参加评议的党员人数 8"]


def test_no_votes_are_refused():
    assert vote_errors(votes(), 8) == ["请填写各等次的票数"]


def test_leading_grade_is_the_most_voted():
    assert leading_grade(votes(2, 6, 1)) == "qualified"


def test_a_tie_goes_to_the_lower_grade():
    assert leading_grade(votes(4, 4)) == "qualified"
    assert leading_grade(votes(0, 0, 3, 3)) == "unqualified"


def test_no_votes_no_leading_grade():
    assert leading_grade(votes()) is None


def test_only_unqualified_needs_follow_up():
    assert [needs_follow_up(g) for g in ["excellent", "qualified", "basic", "unqualified"]] == [
        False,
        False,
        False,
        True,
    ]


def test_follow_up_depends_on_the_member_stage():
    assert required_follow_up("unqualified", "probationary") == "取消预备党员资格"
    assert required_follow_up("unqualified", "full").startswith("限期改正")
    assert required_follow_up("basic", "full") == ""


def test_distribution_lists_every_grade():
    assert grade_distribution(["qualified", "qualified", "excellent"]) == {
        "excellent": 1,
        "qualified": 2,
        "basic": 0,
        "unqualified": 0,
    }
