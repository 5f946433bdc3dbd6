"""The matching, without the database: rules, capacity, continuity and the explanations."""

from dangjian.mentoring.matching import Mentee, Mentor, Pair, Problem, explain, propose, refusal

IDEOLOGY, MORAL, PROFESSIONAL = "ideology", "moral", "professional"


def mentee(pk, subject="数学", grade=1):
    return Mentee(pk, f"青{pk}", frozenset({subject}), grade)


def mentor(pk, subject="数学", grade=1, *, party=True, leader=False, homeroom=True, moral=False, capacity=None):
    return Mentor(
        pk,
        f"导{pk}",
        frozenset({subject}),
        grade,
        is_leader=leader,
        is_party_member=party,
        homeroom_experienced=homeroom,
        moral_leader=moral,
        capacity=capacity,
    )


def by_slot(proposal):
    return {(p.mentee_id, p.dimension): p.mentor_id for p in proposal.pairs}


def test_every_young_teacher_gets_three_different_mentors():
    proposal = propose(Problem(mentees=(mentee(1),), mentors=(mentor(11), mentor(12), mentor(13))))
    slots = by_slot(proposal)
    assert sorted(slots) == [(1, IDEOLOGY), (1, MORAL), (1, PROFESSIONAL)]
    assert len(set(slots.values())) == 3
    assert proposal.unmatched == []
    assert proposal.explanations == []


def test_capacity_is_shared_across_dimensions():
    # One mentor able to do everything, capacity 2: two of the three slots of two mentees at most.
    proposal = propose(Problem(mentees=(mentee(1), mentee(2)), mentors=(mentor(11),), capacity=2))
    assert proposal.loads == {11: 2}
    assert len(proposal.unmatched) == 4


def test_a_mentors_own_capacity_overrides_the_default():
    proposal = propose(
        Problem(mentees=(mentee(1), mentee(2), mentee(3)), mentors=(mentor(11, capacity=3),), capacity=1)
    )
    assert proposal.loads == {11: 3}


def test_professional_mentor_teaches_the_same_subject():
    proposal = propose(
        Problem(
            mentees=(mentee(1, "化学"),), mentors=(mentor(11, "数学"), mentor(12, "化学", party=False, homeroom=False))
        )
    )
    slots = by_slot(proposal)
    assert slots[(1, PROFESSIONAL)] == 12
    assert slots[(1, IDEOLOGY)] == 11
    assert (1, MORAL) not in slots  # 12 is no Party member, 11 already mentors 1


def test_same_grade_is_preferred_for_the_professional_mentor():
    proposal = propose(
        Problem(
            mentees=(mentee(1, "数学", grade=2),),
            mentors=(mentor(11, grade=1, party=False), mentor(12, grade=2, party=False), mentor(13, "语文")),
        )
    )
    pair = next(p for p in proposal.pairs if p.dimension == PROFESSIONAL)
    assert (pair.mentor_id, pair.same_grade) == (12, True)


def test_ideology_needs_a_leader_or_party_member_and_moral_a_party_member_with_homeroom_experience():
    masses = mentor(11, "语文", party=False)
    leader = mentor(12, "语文", party=False, leader=True)
    party_no_homeroom = mentor(13, "语文", homeroom=False)
    moral_leader = mentor(14, "语文", homeroom=False, moral=True)
    young = mentee(1)
    assert refusal(masses, young, IDEOLOGY) == "导11不是校领导或党员，不能担任思想导师。"
    assert refusal(leader, young, IDEOLOGY) == ""
    assert refusal(leader, young, MORAL) == "导12不是党员，不能担任德育导师。"
    assert refusal(party_no_homeroom, young, MORAL) == "导13没有班主任经验，也不是德育干部，不能担任德育导师。"
    assert refusal(moral_leader, young, MORAL) == ""
    assert refusal(masses, young, PROFESSIONAL) == "业务导师须与青年教师任教同一学科（数学），导11不符合。"


def test_a_mentor_is_never_their_own_mentee():
    both = Mentor(1, "甲", frozenset({"数学"}), is_party_member=True, homeroom_experienced=True)
    proposal = propose(Problem(mentees=(mentee(1),), mentors=(both,)))
    assert proposal.pairs == []
    assert refusal(both, mentee(1), IDEOLOGY) == "导师不能是青年教师本人。"


def test_last_years_pairs_are_kept():
    mentors = (mentor(11), mentor(12), mentor(13), mentor(14))
    continuing = (Pair(1, 14, PROFESSIONAL), Pair(1, 13, IDEOLOGY))
    proposal = propose(Problem(mentees=(mentee(1),), mentors=mentors, continuing=continuing))
    kept = {(p.mentee_id, p.mentor_id, p.dimension) for p in proposal.pairs if p.origin == "kept"}
    assert kept == {(1, 14, PROFESSIONAL), (1, 13, IDEOLOGY)}


def test_kept_pairs_win_over_new_ones_when_capacity_is_short():
    # Mentor 11 has room for one: last year they mentored young teacher 2, who keeps them.
    mentors = (mentor(11, capacity=1),)
    proposal = propose(Problem(mentees=(mentee(1), mentee(2)), mentors=mentors, continuing=(Pair(2, 11, IDEOLOGY),)))
    assert [(p.mentee_id, p.mentor_id, p.dimension, p.origin) for p in proposal.pairs] == [(2, 11, IDEOLOGY, "kept")]


def test_released_pairs_are_not_proposed_again():
    proposal = propose(
        Problem(
            mentees=(mentee(1),),
            mentors=(mentor(11),),
            continuing=(Pair(1, 11, IDEOLOGY),),
            excluded=(Pair(1, 11, IDEOLOGY),),
        )
    )
    pairs = [(p.mentor_id, p.dimension) for p in proposal.pairs]
    assert len(pairs) == 1  # one mentor, one dimension per couple
    assert pairs[0] != (11, IDEOLOGY)


def test_fixed_pairs_stay_and_use_capacity():
    proposal = propose(
        Problem(
            mentees=(mentee(1), mentee(2)),
            mentors=(mentor(11), mentor(12)),
            fixed=(Pair(1, 11, PROFESSIONAL), Pair(2, 11, MORAL)),
        )
    )
    assert proposal.loads[11] == 2
    assert [p.origin for p in proposal.pairs if p.mentor_id == 11] == ["fixed", "fixed"]
    assert sorted((p.mentee_id, p.mentor_id) for p in proposal.new_pairs()) == [(1, 12), (2, 12)]


def test_explanations_name_the_subject_and_the_shortage():
    mentees = (mentee(1, "化学"), mentee(2, "化学"), mentee(3, "化学"))
    mentors = (
        mentor(11, "化学", party=False, homeroom=False),
        mentor(12, "语文", leader=True),
        mentor(13, "语文"),
        mentor(14, "语文"),
    )
    proposal = propose(Problem(mentees=mentees, mentors=mentors, capacity=2))
    assert (
        proposal.explanations[0] == "化学：3 名青年教师，只有 1 名可任业务导师（每人最多带 2 名），1 名未配业务导师。"
    )
    reasons = {(u.mentee_id, u.dimension): u.reason for u in proposal.unmatched}
    missing = [k for k in reasons if k[1] == PROFESSIONAL]
    assert len(missing) == 1
    assert reasons[missing[0]] == "符合条件的 1 名导师名额已满（每人最多带 2 名）。"


def test_explanations_when_nobody_qualifies():
    proposal = propose(Problem(mentees=(mentee(1, "日语"),), mentors=(mentor(11, "数学", party=False),)))
    reasons = {u.dimension: u.reason for u in proposal.unmatched}
    assert reasons == {
        IDEOLOGY: "没有可任思想导师的校领导或党员。",
        MORAL: "没有可任德育导师的党员（须有班主任经验或为德育干部）。",
        PROFESSIONAL: "没有可任业务导师的同学科（日语）教师。",
    }
    assert proposal.explanations == [
        "日语：1 名青年教师，没有可任业务导师的同学科教师，1 名未配业务导师。",
        "思想导师：1 名青年教师未配到，可任思想导师的校领导或党员共 0 名（每人最多带 2 名，且名额三类导师共用）。",
        "德育导师：1 名青年教师未配到，可任德育导师的有班主任经验或任德育干部的党员共 0 名（每人最多带 2 名，且名额三类导师共用）。",
    ]


def test_explain_reports_open_slots_with_free_mentors():
    problem = Problem(mentees=(mentee(1),), mentors=(mentor(11),))
    unmatched, lines = explain(problem, [])
    assert [u.reason for u in unmatched] == ["尚未指定；可选导师 1 名。"] * 3
    assert lines == ["另有 3 个导师空缺尚未指定，仍有可选导师：可生成配对方案或手动指定。"]


def test_explain_says_when_the_only_mentor_already_has_the_mentee():
    problem = Problem(mentees=(mentee(1),), mentors=(mentor(11),))
    unmatched, _ = explain(problem, [Pair(1, 11, IDEOLOGY)])
    assert [u.reason for u in unmatched] == ["符合条件的 1 名导师已是其另一类导师（三类导师应由不同的人担任）。"] * 2


def test_the_same_input_gives_the_same_proposal():
    mentees = tuple(mentee(i, "数学" if i % 2 else "语文", grade=i % 3 + 1) for i in range(1, 21))
    mentors = tuple(mentor(100 + i, "数学" if i % 3 else "语文", grade=i % 3 + 1, party=i % 4 != 0) for i in range(30))
    first = propose(Problem(mentees, mentors))
    second = propose(Problem(mentees, mentors))
    assert first.pairs == second.pairs
    assert first.status == "OPTIMAL"


def test_larger_problems_use_candidate_lists_and_still_match_everyone():
    subjects = ["语文", "数学", "英语", "物理"]
    mentees = tuple(mentee(i, subjects[i % 4], grade=i % 3 + 1) for i in range(60))
    mentors = tuple(mentor(1000 + i, subjects[i % 4], grade=i % 3 + 1) for i in range(100))
    proposal = propose(Problem(mentees, mentors))
    assert len(proposal.pairs) == 180
    assert max(proposal.loads.values()) == 2


# --- verdicts against an exhaustive reference -------------------------------------------------------


def _random_problem(rng):
    subjects = ["数学", "语文"]
    mentees = tuple(mentee(i, rng.choice(subjects), rng.randint(1, 2)) for i in range(1, rng.randint(1, 2) + 1))
    mentors = tuple(
        mentor(
            10 + j,
            rng.choice(subjects),
            rng.randint(1, 2),
            party=rng.random() < 0.7,
            leader=rng.random() < 0.2,
            homeroom=rng.random() < 0.6,
            capacity=rng.choice([None, 1]),
        )
        for j in range(rng.randint(2, 4))
    )
    continuing = tuple(
        Pair(m.id, rng.choice(mentors).id, d)
        for m in mentees
        for d in (IDEOLOGY, MORAL, PROFESSIONAL)
        if rng.random() < 0.3
    )
    return Problem(mentees=mentees, mentors=mentors, capacity=rng.choice([1, 2]), continuing=continuing)


def _value(problem, chosen) -> int:
    """The objective as the rules define it: 1000 a filled slot, +10000 if continued, +10 same-grade 业务导师."""
    keep = set(problem.continuing)
    mentees = {m.id: m for m in problem.mentees}
    mentors = {m.id: m for m in problem.mentors}
    total = 0
    for mentee_id, mentor_id, dimension in chosen:
        total += 1000 + (10_000 if Pair(mentee_id, mentor_id, dimension) in keep else 0)
        if dimension == PROFESSIONAL and mentees[mentee_id].grade == mentors[mentor_id].grade:
            total += 10
    return total


def _exhaustive_optimum(problem) -> int:
    import itertools

    slots = [(m, d) for m in problem.mentees for d in (IDEOLOGY, MORAL, PROFESSIONAL)]
    options = [[None, *(t for t in problem.mentors if not refusal(t, m, d))] for m, d in slots]
    best = 0
    for choice in itertools.product(*options):
        load, couples, chosen = {}, set(), []
        ok = True
        for (m, d), t in zip(slots, choice, strict=True):
            if t is None:
                continue
            load[t.id] = load.get(t.id, 0) + 1
            cap = problem.capacity if t.capacity is None else t.capacity
            if load[t.id] > cap or (m.id, t.id) in couples:
                ok = False
                break
            couples.add((m.id, t.id))
            chosen.append((m.id, t.id, d))
        if ok:
            best = max(best, _value(problem, chosen))
    return best


def _proposed_value(problem, proposal) -> int:
    return _value(problem, [(p.mentee_id, p.mentor_id, p.dimension) for p in proposal.pairs])


def test_optimal_is_claimed_only_when_true_even_while_pruning(monkeypatch):
    """With the candidate lists cut to one mentor a slot, the proposal may fall short of the optimum; it is
    then FEASIBLE with a gap covering the shortfall, and OPTIMAL only when it reaches the exhaustive optimum."""
    import random

    from dangjian.mentoring import matching

    monkeypatch.setattr(matching, "CANDIDATES", 1)
    rng = random.Random(40)
    seen = set()
    for _ in range(40):
        problem = _random_problem(rng)
        proposal = propose(problem)
        best, got = _exhaustive_optimum(problem), _proposed_value(problem, proposal)
        assert got <= best
        if proposal.status == "OPTIMAL":
            assert got == best
        else:
            assert proposal.status == "FEASIBLE" and got + proposal.gap >= best
        seen.add(proposal.status)
    assert seen == {"OPTIMAL", "FEASIBLE"}


def test_without_pruning_the_proposal_is_the_exhaustive_optimum():
    import random

    rng = random.Random(41)
    for _ in range(40):
        problem = _random_problem(rng)
        proposal = propose(problem)
        assert proposal.status == "OPTIMAL"
        assert _proposed_value(problem, proposal) == _exhaustive_optimum(problem)
