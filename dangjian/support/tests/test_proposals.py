"""Proposing helpers (no database)."""

from dangjian.support.proposals import Candidate, Need, Proposal, propose

CERT = frozenset({"心理咨询师证书"})
WORK = frozenset({"学生工作经验"})


def test_special_students_get_skilled_helpers_of_their_grade_first():
    candidates = [
        Candidate(1, "甲", grade_level=1),  # no skill
        Candidate(2, "乙", grade_level=2, skills=CERT),
        Candidate(3, "丙", grade_level=1, skills=WORK),
    ]
    needs = [Need(10, "生10", "special", grade_level=1), Need(11, "生11", "special", grade_level=2)]
    assert [(p.student_id, p.helper_id) for p in propose(needs, candidates)] == [(10, 3), (11, 2)]


def test_no_skilled_helper_gives_a_reason():
    assert propose([Need(10, "生10", "special")], [Candidate(1, "甲")]) == [
        Proposal(10, "special", None, "没有具备学生工作或心理辅导特长的党员", "生10")
    ]


def test_poor_students_are_load_balanced():
    candidates = [Candidate(1, "甲", load=2), Candidate(2, "乙"), Candidate(3, "丙")]
    needs = [Need(i, f"生{i}", "poor") for i in range(10, 14)]
    assert [p.helper_id for p in propose(needs, candidates)] == [2, 3, 2, 3]


def test_last_semesters_helper_is_kept_before_others_are_placed():
    candidates = [Candidate(1, "甲", grade_level=1), Candidate(2, "乙", grade_level=2)]
    needs = [Need(10, "生10", "poor", grade_level=2), Need(11, "生11", "poor", grade_level=1, previous_helper_id=2)]
    proposals = propose(needs, candidates)
    assert [(p.student_id, p.helper_id, p.reason) for p in proposals] == [
        (10, 2, "同年段；已结对 1 人"),  # same grade first, even with a higher load
        (11, 2, "沿用上学期帮扶人"),
    ]


def test_previous_helper_not_kept_when_no_longer_eligible_or_full():
    candidates = [Candidate(1, "甲", load=3, skills=CERT), Candidate(2, "乙", skills=WORK)]
    needs = [Need(10, "生10", "special", previous_helper_id=1), Need(11, "生11", "special", previous_helper_id=9)]
    assert [p.helper_id for p in propose(needs, candidates)] == [2, 2]


def test_over_the_cap_only_when_everyone_is_full():
    candidates = [Candidate(1, "甲", load=3), Candidate(2, "乙", load=4)]
    assert [p.helper_id for p in propose([Need(10, "生10", "poor")], candidates)] == [1]


def test_deterministic():
    candidates = [
        Candidate(i, f"师{i}", grade_level=i % 3 + 1, skills=CERT if i % 4 == 0 else frozenset()) for i in range(1, 30)
    ]
    needs = [Need(i, f"生{i}", "special" if i % 5 == 0 else "poor", grade_level=i % 3 + 1) for i in range(100, 160)]
    assert propose(needs, candidates) == propose(needs, candidates)
    placed = [p for p in propose(needs, candidates) if p.kind == "special"]
    assert all(p.helper_id % 4 == 0 for p in placed)
