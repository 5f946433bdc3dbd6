"""Proposing mentor pairings for a school year with OR-Tools CP-SAT. Pure: dataclasses in, dataclasses
out, no database.

Rules (hard):
- each young teacher gets at most one mentor per dimension (思想、德育、业务);
- 思想导师: a school leader or a Party member;
- 德育导师: a Party member who is an experienced 班主任 or a moral-education leader;
- 业务导师: teaches one of the young teacher's subjects;
- a mentor carries at most ``capacity`` mentees across all dimensions (default 2);
- a mentor is never their own mentee, and mentors one young teacher in one dimension only;
- pairs already decided this year (``fixed``) stay as they are; released pairs (``excluded``) are
  never proposed again.

Objective, in order of weight: keep last year's pairs (``continuing``), match as many (mentee, dimension)
slots as possible, prefer a 业务导师 of the same grade."""

from collections import defaultdict
from dataclasses import dataclass, field

from .enums import DIMENSIONS, Dimension

DEFAULT_CAPACITY = 2
W_KEEP, W_MATCH, W_SAME_GRADE = 10_000, 1_000, 10
LABELS = {d.value: d.label for d in DIMENSIONS}


@dataclass(frozen=True)
class Mentee:
    id: int
    name: str
    subjects: frozenset[str] = frozenset()
    grade: int | None = None


@dataclass(frozen=True)
class Mentor:
    id: int
    name: str
    subjects: frozenset[str] = frozenset()
    grade: int | None = None
    is_leader: bool = False
    is_party_member: bool = False
    homeroom_experienced: bool = False
    moral_leader: bool = False
    capacity: int | None = None  # None: the problem's default


@dataclass(frozen=True)
class Pair:
    mentee_id: int
    mentor_id: int
    dimension: str


@dataclass(frozen=True)
class Problem:
    mentees: tuple[Mentee, ...]
    mentors: tuple[Mentor, ...]
    capacity: int = DEFAULT_CAPACITY
    fixed: tuple[Pair, ...] = ()
    continuing: tuple[Pair, ...] = ()
    excluded: tuple[Pair, ...] = ()
    time_limit: float = 20.0


@dataclass(frozen=True)
class ProposedPair:
    mentee_id: int
    mentor_id: int
    dimension: str
    origin: str  # "fixed" (already decided), "kept" (continued from last year) or "new"
    same_grade: bool = False


@dataclass(frozen=True)
class Unmatched:
    mentee_id: int
    dimension: str
    reason: str


@dataclass
class Proposal:
    pairs: list[ProposedPair]
    unmatched: list[Unmatched]
    explanations: list[str]
    loads: dict[int, int] = field(default_factory=dict)
    status: str = "OPTIMAL"  # OPTIMAL only when proven for every eligible mentor, not just the candidates
    gap: int = 0  # FEASIBLE after pruning: how far the objective may be from the optimum, at most

    def new_pairs(self) -> list[ProposedPair]:
        return [p for p in self.pairs if p.origin != "fixed"]


# Rules ---------------------------------------------------------------------------------------------


def refusal(mentor: Mentor, mentee: Mentee, dimension: str) -> str:
    """Why ``mentor`` may not mentor ``mentee`` in ``dimension`` ("" when they may)."""
    if mentor.id == mentee.id:
        return "导师不能是青年教师本人。"
    if dimension == Dimension.IDEOLOGY:
        if not (mentor.is_leader or mentor.is_party_member):
            return f"{mentor.name}不是校领导或党员，不能担任思想导师。"
    elif dimension == Dimension.MORAL:
        if not mentor.is_party_member:
            return f"{mentor.name}不是党员，不能担任德育导师。"
        if not (mentor.homeroom_experienced or mentor.moral_leader):
            return f"{mentor.name}没有班主任经验，也不是德育干部，不能担任德育导师。"
    elif dimension == Dimension.PROFESSIONAL:
        if not mentor.subjects & mentee.subjects:
            wanted = "、".join(sorted(mentee.subjects)) or "未登记学科"
            return f"业务导师须与青年教师任教同一学科（{wanted}），{mentor.name}不符合。"
    else:
        return "未知的导师类别。"
    return ""


def capacity_of(mentor: Mentor, default: int) -> int:
    return default if mentor.capacity is None else mentor.capacity


# Solver --------------------------------------------------------------------------------------------

# Each (young teacher, dimension) slot first gets its best CANDIDATES eligible mentors (the others are
# interchangeable for the objective); a slot left open while an eligible mentor still has room is then
# widened to every eligible mentor and the model solved again from the previous answer.
CANDIDATES = 12
WIDEN_ROUNDS = 2


def propose(problem: Problem) -> Proposal:
    mentees = {m.id: m for m in problem.mentees}
    mentors = {m.id: m for m in problem.mentors}
    excluded = set(problem.excluded)
    fixed = [p for p in problem.fixed if p.mentee_id in mentees]
    filled = {(p.mentee_id, p.dimension) for p in fixed}
    fixed_load = defaultdict(int)
    paired = set()  # (mentee, mentor) already together in some dimension
    for p in problem.fixed:  # every decided pair takes a place, even one of a teacher no longer young
        fixed_load[p.mentor_id] += 1
        paired.add((p.mentee_id, p.mentor_id))
    keep = {
        (p.mentee_id, p.mentor_id, p.dimension)
        for p in problem.continuing
        if p not in excluded and (p.mentee_id, p.dimension) not in filled
    }
    room = {m.id: max(0, capacity_of(m, problem.capacity) - fixed_load[m.id]) for m in problem.mentors}

    # Every eligible mentor per open slot, best first.
    eligible = {}
    pools = _pools(problem.mentors)
    for mentee in problem.mentees:
        for dimension in DIMENSIONS:
            slot = (mentee.id, dimension.value)
            if slot in filled:
                continue
            pool = pools[dimension.value] if dimension != Dimension.PROFESSIONAL else _by_subject(pools, mentee)
            able = [
                m
                for m in pool
                if m.id != mentee.id
                and room[m.id] > 0
                and (mentee.id, m.id) not in paired
                and Pair(mentee.id, m.id, dimension.value) not in excluded
            ]
            able.sort(key=lambda m, mentee=mentee, d=dimension.value: _rank(m, mentee, d, keep))
            eligible[slot] = able

    candidates = {slot: able[:CANDIDATES] for slot, able in eligible.items()}
    chosen, status = _solve(problem, candidates, mentees, mentors, keep, room, hint=None)
    for _ in range(WIDEN_ROUNDS):
        load = defaultdict(int)
        couples = set()
        for mentee_id, mentor_id, _dimension in chosen:
            load[mentor_id] += 1
            couples.add((mentee_id, mentor_id))
        taken = {(mentee_id, dimension) for mentee_id, _mentor_id, dimension in chosen}
        widen = [
            slot
            for slot, able in eligible.items()
            if slot not in taken
            and len(able) > len(candidates[slot])
            and any(load[m.id] < room[m.id] and (slot[0], m.id) not in couples for m in able)
        ]
        if not widen:
            break
        for slot in widen:
            candidates[slot] = eligible[slot]
        chosen, status = _solve(problem, candidates, mentees, mentors, keep, room, hint=chosen)
    gap = 0
    if status == "OPTIMAL" and any(len(candidates[slot]) < len(able) for slot, able in eligible.items()):
        # Optimal among the candidates only. Proven for the whole problem when no slot could do better
        # with any eligible mentor at all; otherwise say feasible, with the largest possible shortfall.
        value = sum(_weight(key, mentees, mentors, keep) for key in chosen)
        bound = sum(
            max((_weight((slot[0], m.id, slot[1]), mentees, mentors, keep) for m in able), default=0)
            for slot, able in eligible.items()
        )
        if value < bound:
            status, gap = "FEASIBLE", bound - value

    pairs = [ProposedPair(p.mentee_id, p.mentor_id, p.dimension, "fixed") for p in fixed]
    for mentee_id, mentor_id, dimension in sorted(chosen):
        same = dimension == Dimension.PROFESSIONAL and _same_grade(mentors[mentor_id], mentees[mentee_id])
        origin = "kept" if (mentee_id, mentor_id, dimension) in keep else "new"
        pairs.append(ProposedPair(mentee_id, mentor_id, dimension, origin, same))
    unmatched, explanations = explain(problem, pairs)
    return Proposal(pairs, unmatched, explanations, loads(pairs), status, gap)


def _pools(mentors) -> dict:
    pools = {d.value: [] for d in DIMENSIONS}
    by_subject = defaultdict(list)
    probe = Mentee(-1, "")
    for mentor in mentors:
        for dimension in (Dimension.IDEOLOGY, Dimension.MORAL):
            if not refusal(mentor, probe, dimension):
                pools[dimension.value].append(mentor)
        for subject in mentor.subjects:
            by_subject[subject].append(mentor)
    pools["by_subject"] = by_subject
    return pools


def _by_subject(pools, mentee: Mentee) -> list[Mentor]:
    seen, out = set(), []
    for subject in sorted(mentee.subjects):
        for mentor in pools["by_subject"].get(subject, ()):
            if mentor.id not in seen:
                seen.add(mentor.id)
                out.append(mentor)
    return out


def _mix(a: int, b: int) -> int:
    """A deterministic scramble of two ids, so that candidate lists differ from one mentee to the next."""
    return ((a * 2654435761) ^ (b * 40503)) % 1_000_003


def _rank(mentor: Mentor, mentee: Mentee, dimension: str, keep) -> tuple:
    kept = (mentee.id, mentor.id, dimension) in keep
    same = dimension == Dimension.PROFESSIONAL and _same_grade(mentor, mentee)
    return (not kept, not same, _mix(mentee.id, mentor.id))


def _weight(key, mentees, mentors, keep) -> int:
    """The objective's value of one (young teacher, mentor, dimension) pair."""
    mentee_id, mentor_id, dimension = key
    weight = W_MATCH + (W_KEEP if key in keep else 0)
    if dimension == Dimension.PROFESSIONAL and _same_grade(mentors[mentor_id], mentees[mentee_id]):
        weight += W_SAME_GRADE
    return weight


def _solve(problem, candidates, mentees, mentors, keep, room, hint):
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    x = {}
    objective = []
    for (mentee_id, dimension), able in candidates.items():
        for mentor in able:
            key = (mentee_id, mentor.id, dimension)
            var = model.new_bool_var(f"x{mentee_id}_{mentor.id}_{dimension}")
            x[key] = var
            objective.append(_weight(key, mentees, mentors, keep) * var)
    by_slot, by_mentor, by_couple = defaultdict(list), defaultdict(list), defaultdict(list)
    for (mentee_id, mentor_id, dimension), var in x.items():
        by_slot[(mentee_id, dimension)].append(var)
        by_mentor[mentor_id].append(var)
        by_couple[(mentee_id, mentor_id)].append(var)
    for vars_ in by_slot.values():
        model.add_at_most_one(vars_)
    for vars_ in by_couple.values():
        if len(vars_) > 1:
            model.add_at_most_one(vars_)
    for mentor_id, vars_ in by_mentor.items():
        if len(vars_) > room[mentor_id]:
            model.add(sum(vars_) <= room[mentor_id])
    model.maximize(sum(objective))
    if hint:
        for key, var in x.items():
            model.add_hint(var, key in hint)

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # deterministic: the same input gives the same proposal
    solver.parameters.random_seed = 1
    solver.parameters.symmetry_level = 1  # full symmetry detection costs seconds on interchangeable mentors
    solver.parameters.max_time_in_seconds = problem.time_limit
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return set(hint or ()), solver.status_name(code)
    return {key for key, var in x.items() if solver.boolean_value(var)}, solver.status_name(code)


def _same_grade(mentor: Mentor, mentee: Mentee) -> bool:
    return mentor.grade is not None and mentor.grade == mentee.grade


def loads(pairs) -> dict[int, int]:
    out = defaultdict(int)
    for p in pairs:
        out[p.mentor_id] += 1
    return dict(out)


# Explanations -------------------------------------------------------------------------------------


def explain(problem: Problem, pairs) -> tuple[list[Unmatched], list[str]]:
    """Which (young teacher, dimension) slots have no mentor in ``pairs``, each with its reason, and a
    summary per subject or dimension such as “化学：3 名青年教师，只有 1 名可任业务导师”."""
    mentors = problem.mentors
    load = loads(pairs)
    filled = {(p.mentee_id, p.dimension) for p in pairs}
    couples = {(p.mentee_id, p.mentor_id) for p in pairs}
    excluded = set(problem.excluded)
    unmatched = []
    for mentee in problem.mentees:
        for dimension in DIMENSIONS:
            if (mentee.id, dimension.value) in filled:
                continue
            able = [m for m in mentors if not refusal(m, mentee, dimension)]
            able = [m for m in able if Pair(mentee.id, m.id, dimension.value) not in excluded]
            if not able:
                reason = _no_one(mentee, dimension)
            else:
                free = [
                    m
                    for m in able
                    if load.get(m.id, 0) < capacity_of(m, problem.capacity) and (mentee.id, m.id) not in couples
                ]
                if free:
                    reason = f"{PENDING}；可选导师 {len(free)} 名。"
                elif all((mentee.id, m.id) in couples for m in able):
                    reason = f"符合条件的 {len(able)} 名导师已是其另一类导师（三类导师应由不同的人担任）。"
                else:
                    reason = f"符合条件的 {len(able)} 名导师名额已满（每人最多带 {problem.capacity} 名）。"
            unmatched.append(Unmatched(mentee.id, dimension.value, reason))
    return unmatched, _summaries(problem, unmatched)


def _no_one(mentee: Mentee, dimension) -> str:
    if dimension == Dimension.PROFESSIONAL:
        subjects = "、".join(sorted(mentee.subjects)) or "未登记学科"
        return f"没有可任业务导师的同学科（{subjects}）教师。"
    if dimension == Dimension.MORAL:
        return "没有可任德育导师的党员（须有班主任经验或为德育干部）。"
    return "没有可任思想导师的校领导或党员。"


PENDING = "尚未指定"


def _summaries(problem: Problem, unmatched: list[Unmatched]) -> list[str]:
    """One line per shortage (subject or dimension); slots that still have free mentors are only counted."""
    lines = []
    missing = defaultdict(list)
    pending = 0
    for u in unmatched:
        if u.reason.startswith(PENDING):
            pending += 1
        else:
            missing[u.dimension].append(u.mentee_id)
    mentees = {m.id: m for m in problem.mentees}
    if missing.get(Dimension.PROFESSIONAL.value):
        young_by_subject, unmatched_by_subject = defaultdict(int), defaultdict(int)
        for mentee in problem.mentees:
            for subject in mentee.subjects:
                young_by_subject[subject] += 1
        for mentee_id in missing[Dimension.PROFESSIONAL.value]:
            for subject in mentees[mentee_id].subjects or {"未登记学科"}:
                unmatched_by_subject[subject] += 1
        for subject in sorted(unmatched_by_subject):
            able = [m for m in problem.mentors if subject in m.subjects and m.id not in mentees]
            n_young, n_missing = young_by_subject.get(subject, 0), unmatched_by_subject[subject]
            if not able:
                lines.append(
                    f"{subject}：{n_young} 名青年教师，没有可任业务导师的同学科教师，{n_missing} 名未配业务导师。"
                )
            else:
                lines.append(
                    f"{subject}：{n_young} 名青年教师，只有 {len(able)} 名可任业务导师"
                    f"（每人最多带 {problem.capacity} 名），{n_missing} 名未配业务导师。"
                )
    for dimension, rule in (
        (Dimension.IDEOLOGY, "校领导或党员"),
        (Dimension.MORAL, "有班主任经验或任德育干部的党员"),
    ):
        ids = missing.get(dimension.value)
        if not ids:
            continue
        able = [m for m in problem.mentors if not refusal(m, Mentee(-1, ""), dimension)]
        lines.append(
            f"{dimension.label}：{len(ids)} 名青年教师未配到，可任{dimension.label}的{rule}共 {len(able)} 名"
            f"（每人最多带 {problem.capacity} 名，且名额三类导师共用）。"
        )
    if pending:
        lines.append(f"另有 {pending} 个导师空缺尚未指定，仍有可选导师：可生成配对方案或手动指定。")
    return lines
