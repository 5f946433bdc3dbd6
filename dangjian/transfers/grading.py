"""民主评议党员 rules: the vote counts, the grade they point to, and the follow-up a 不合格 grade requires.
Plain functions, no database."""

from dangjian.party.enums import MemberStatus

from .enums import Grade

GRADE_ORDER = [Grade.EXCELLENT, Grade.QUALIFIED, Grade.BASIC, Grade.UNQUALIFIED]


def vote_errors(votes: dict[str, int], voters: int | None) -> list[str]:
    """Problems with the vote counts: none cast, or more than the members who could vote."""
    total = sum(votes.values())
    if total == 0:
        return ["请填写各等次的票数"]
    if voters is not None and total > voters:
        return [f"票数合计 {total} 超过参加评议的党员人数 {voters}"]
    return []


def leading_grade(votes: dict[str, int]) -> str | None:
    """The grade with the most votes; a tie goes to the lower grade (the cautious reading)."""
    if not any(votes.values()):
        return None
    return max(reversed(GRADE_ORDER), key=lambda grade: votes.get(grade, 0))


def needs_follow_up(grade: str) -> bool:
    return grade == Grade.UNQUALIFIED


def required_follow_up(grade: str, status: str) -> str:
    """The follow-up the rules require for a grade (《中国共产党党员教育管理工作条例》): a 不合格 probationary
    member's probation is cancelled; a full member is given a deadline to correct (限期改正), and one who does
    not change is persuaded to leave or removed."""
    if not needs_follow_up(grade):
        return ""
    if status == MemberStatus.PROBATIONARY:
        return "取消预备党员资格"
    return "限期改正（一般不超过一年）；经教育仍无转变的，劝其退党或予以除名"


def grade_distribution(grades) -> dict[str, int]:
    """Count per grade, in the grades' order (every grade present, zeros included)."""
    out = {grade.value: 0 for grade in GRADE_ORDER}
    for grade in grades:
        out[grade] += 1
    return out
