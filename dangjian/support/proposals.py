"""Proposing a helper for every registered student of a semester (no database).

Special students need a Party member skilled in student work or counselling (SPECIAL_SKILLS);
poor students any Party member. In order of preference: last semester's helper if still eligible,
then a helper of the student's own grade, the least loaded, the most skilled. Nobody gets more than
``max_load`` students while someone eligible has fewer. The user confirms or changes each proposal."""

from dataclasses import dataclass

from .enums import SPECIAL_SKILLS, PairingKind

MAX_LOAD = 3


@dataclass(frozen=True)
class Candidate:
    staff_id: int
    name: str
    grade_level: int | None = None
    skills: frozenset[str] = frozenset()
    load: int = 0  # pairings already held this semester


@dataclass(frozen=True)
class Need:
    student_id: int
    name: str
    kind: str  # PairingKind
    grade_level: int | None = None
    previous_helper_id: int | None = None


@dataclass(frozen=True)
class Proposal:
    student_id: int
    kind: str
    helper_id: int | None
    reason: str
    name: str = ""


def skill_score(candidate: Candidate) -> int:
    return sum(weight for name, weight in SPECIAL_SKILLS.items() if name in candidate.skills)


def eligible(candidate: Candidate, kind: str) -> bool:
    return kind != PairingKind.SPECIAL or skill_score(candidate) > 0


def propose(needs: list[Need], candidates: list[Candidate], *, max_load: int = MAX_LOAD) -> list[Proposal]:
    """One proposal per need, in the order of ``needs``. Deterministic: ties go to the lower staff id."""
    by_id = {c.staff_id: c for c in candidates}
    load = {c.staff_id: c.load for c in candidates}
    chosen: dict[tuple[int, str], Proposal] = {}
    score = {c.staff_id: skill_score(c) for c in candidates}
    special_pool = [c for c in candidates if score[c.staff_id] > 0]

    # First keep last semester's helpers (continuity matters most to the student).
    for need in needs:
        previous = by_id.get(need.previous_helper_id) if need.previous_helper_id else None
        if previous and eligible(previous, need.kind) and load[previous.staff_id] < max_load:
            load[previous.staff_id] += 1
            chosen[(need.student_id, need.kind)] = Proposal(
                need.student_id, need.kind, previous.staff_id, "沿用上学期帮扶人", need.name
            )

    # Then special students (fewer eligible helpers) before poor students, grade by grade.
    rest = [n for n in needs if (n.student_id, n.kind) not in chosen]
    rest.sort(key=lambda n: (n.kind != PairingKind.SPECIAL, n.grade_level or 9, n.student_id))
    for need in rest:
        pool = special_pool if need.kind == PairingKind.SPECIAL else candidates
        if not pool:
            reason = "没有具备学生工作或心理辅导特长的党员" if need.kind == PairingKind.SPECIAL else "没有可结对的党员"
            chosen[(need.student_id, need.kind)] = Proposal(need.student_id, need.kind, None, reason, need.name)
            continue
        under = [c for c in pool if load[c.staff_id] < max_load] or pool

        def key(c: Candidate, need=need):
            same_grade = need.grade_level is not None and c.grade_level == need.grade_level
            return (not same_grade, load[c.staff_id], -score[c.staff_id], c.staff_id)

        best = min(under, key=key)
        load[best.staff_id] += 1
        same = need.grade_level is not None and best.grade_level == need.grade_level
        parts = ["同年段" if same else "跨年段", f"已结对 {load[best.staff_id] - 1} 人"]
        if need.kind == PairingKind.SPECIAL:
            parts.insert(0, "、".join(s for s in SPECIAL_SKILLS if s in best.skills))
        chosen[(need.student_id, need.kind)] = Proposal(
            need.student_id, need.kind, best.staff_id, "；".join(parts), need.name
        )
    return [chosen[(n.student_id, n.kind)] for n in needs]
