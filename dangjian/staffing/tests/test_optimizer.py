"""The optimizer as a plain module: no database."""

import json

import pytest
from django.core.management import call_command

from dangjian.staffing import optimizer
from dangjian.staffing.optimizer import Cell, parse_problem, precheck, solve, validate
from dangjian.staffing.samples import generate_school


def teacher(tid, subjects, grades=("高一",), party=False, max_classes=3, min_classes=0, name=None):
    return {
        "id": tid,
        "name": name or f"T{tid}",
        "subjects": list(subjects),
        "grades": list(grades),
        "party_member": party,
        "max_classes": max_classes,
        "min_classes": min_classes,
    }


def klass(cid, needs=("语文", "数学"), grade="高一", homeroom=None):
    return {"id": cid, "name": f"{grade}（{cid}）班", "grade": grade, "needs": list(needs), "homeroom": homeroom}


def problem(classes, teachers, previous=(), pinned=(), min_party=1, subjects=("语文", "数学")):
    return {
        "subjects": list(subjects),
        "classes": classes,
        "teachers": teachers,
        "previous": [dict(zip(("class", "subject", "teacher"), p, strict=True)) for p in previous],
        "pinned": [dict(zip(("class", "subject", "teacher"), p, strict=True)) for p in pinned],
        "rules": {"min_party_teachers_per_class": min_party},
    }


def solved(data, **kwargs):
    p = parse_problem(data)
    s = solve(p, time_limit=10, **kwargs)
    return p, s, {(int(a["class"]), a["subject"]): a["teacher"] for a in s.to_dict(p)["assignments"]}


# --- parsing ----------------------------------------------------------------------------------


def test_parse_names_every_offending_entry():
    data = problem(
        [klass(1, needs=("语文", "体育")), klass(1)],
        [teacher(1, ["语文"], max_classes=-1), teacher(1, ["数学"]), teacher(2, ["化学"], min_classes=5)],
        previous=[(1, "语文", 99)],
        pinned=[(7, "语文", 1)],
    )
    with pytest.raises(optimizer.ProblemError) as exc:
        parse_problem(data)
    assert exc.value.errors == [
        "teachers[0]（id=1 T1）：max_classes 不能为负数（现为 -1）。",
        "teachers[1]（id=1 T1）：教师 id 1 重复。",
        "teachers[2]（id=2 T2）：任教学科“化学”不在 subjects 中。",
        "teachers[2]（id=2 T2）：min_classes（5）大于 max_classes（3）。",
        "classes[0]（id=1）：needs 中的学科“体育”不在 subjects 中。",
        "classes[1]（id=1）：班级 id 1 重复。",
        "previous[0]：未知教师 id 99。",
        "pinned[0]：未知班级 id 7。",
    ]


def test_parse_refuses_non_object_and_bad_rules():
    with pytest.raises(optimizer.ProblemError) as exc:
        parse_problem([])
    assert exc.value.errors == ["problem.json 的顶层应为 JSON 对象。"]
    data = problem([klass(1)], [teacher(1, ["语文", "数学"], party=True)])
    data["rules"]["min_party_teachers_per_class"] = -2
    with pytest.raises(optimizer.ProblemError) as exc:
        parse_problem(data)
    assert exc.value.errors == ["rules.min_party_teachers_per_class：应为不小于 0 的整数（现为 -2）。"]


def test_round_trip_to_dict():
    data = problem([klass(1, homeroom=2)], [teacher(1, ["语文", "数学"]), teacher(2, ["语文"], party=True)])
    assert parse_problem(parse_problem(data).to_dict()).to_dict() == parse_problem(data).to_dict()


# --- feasibility and objectives ---------------------------------------------------------------


def test_simple_feasible_assignment_is_optimal_and_valid():
    data = problem(
        [klass(1), klass(2)],
        [
            teacher(1, ["语文"], party=True),
            teacher(2, ["语文"]),
            teacher(3, ["数学"]),
            teacher(4, ["数学"], party=True),
        ],
    )
    p, s, _ = solved(data)
    assert s.status == "optimal"
    assert validate(p, s.assignments) == []
    assert len(s.assignments) == 4


def test_only_eligible_teachers_are_used():
    data = problem(
        [klass(1), klass(2, grade="高二")],
        [
            teacher(1, ["语文", "数学"], grades=["高一"], party=True),
            teacher(2, ["语文", "数学"], grades=["高二"], party=True),
        ],
    )
    _, s, cells = solved(data)
    assert s.status == "optimal"
    assert cells == {(1, "语文"): 1, (1, "数学"): 1, (2, "语文"): 2, (2, "数学"): 2}


def test_keeping_previous_comes_before_party_mix():
    # Two classes, one subject. Previous: P1 (party) taught both... but max 1 each now; keep what can be kept.
    # Kept previous beats spreading Party members: both classes keep their previous teachers even though
    # swapping would not change coverage; and the party objective may only pick among max-kept solutions.
    data = problem(
        [klass(1, needs=["语文"], homeroom=9), klass(2, needs=["语文"], homeroom=9)],
        [
            teacher(1, ["语文"], party=True, max_classes=2),
            teacher(2, ["语文"], party=True, max_classes=2),
            teacher(9, [], party=True),
        ],
        previous=[(1, "语文", 1), (2, "语文", 1)],
        subjects=["语文"],
    )
    _, s, cells = solved(data)
    assert s.status == "optimal"
    assert s.kept_previous == 2
    assert cells == {(1, "语文"): 1, (2, "语文"): 1}


def test_party_mix_spreads_members_across_classes():
    # Two classes × two subjects; every teacher takes one class. The two Party members (语文 1, 数学 3)
    # must go to different classes for the smallest number of members in a class to be 1, not 0.
    data = problem(
        [klass(1), klass(2)],
        [
            teacher(1, ["语文"], party=True, max_classes=1),
            teacher(2, ["语文"], max_classes=1),
            teacher(3, ["数学"], party=True, max_classes=1),
            teacher(4, ["数学"], max_classes=1),
        ],
        min_party=0,
    )
    _, s, cells = solved(data)
    assert s.min_party_teachers_in_a_class == {"高一": 1}
    class_of = {t: c for (c, _), t in cells.items()}
    assert class_of[1] != class_of[3]


def test_party_mix_comes_before_load_balance():
    # Teacher 1 (party) could take both 语文 classes (max 2) — unbalanced — or one. Teacher 2 is not a member.
    # 数学 is taught by non-members only, so each class's only possible Party member is its 语文 teacher:
    # the max-min is reached only when teacher 1 teaches both classes, even though 1/1 would balance loads.
    data = problem(
        [klass(1), klass(2)],
        [
            teacher(1, ["语文"], party=True, max_classes=2),
            teacher(2, ["语文"], max_classes=2),
            teacher(3, ["数学"], max_classes=2),
        ],
        min_party=0,
    )
    _, s, cells = solved(data)
    assert s.min_party_teachers_in_a_class == {"高一": 1}
    assert cells[(1, "语文")] == cells[(2, "语文")] == 1
    stages = {st.name: st.value for st in s.stages}
    assert stages["load_balance"] == 2  # the price of the Party objective: one class above and one below the share


def test_load_balance_splits_evenly():
    data = problem(
        [klass(i, needs=["语文"]) for i in range(1, 5)],
        [teacher(1, ["语文"], party=True, max_classes=4), teacher(2, ["语文"], party=True, max_classes=4)],
        subjects=["语文"],
    )
    _, s, cells = solved(data)
    assert sorted(list(cells.values()).count(t) for t in (1, 2)) == [2, 2]


def test_pinned_cells_are_kept_even_against_previous():
    data = problem(
        [klass(1, needs=["语文"])],
        [teacher(1, ["语文"], party=True), teacher(2, ["语文"], party=True)],
        previous=[(1, "语文", 1)],
        pinned=[(1, "语文", 2)],
        subjects=["语文"],
    )
    _, s, cells = solved(data)
    assert cells == {(1, "语文"): 2}
    assert s.kept_previous == 0


def test_min_classes_is_respected():
    data = problem(
        [klass(i, needs=["语文"]) for i in range(1, 4)],
        [
            teacher(1, ["语文"], party=True, max_classes=3),
            teacher(2, ["语文"], party=True, max_classes=3, min_classes=3),
        ],
        previous=[(1, "语文", 1), (2, "语文", 1)],
        subjects=["语文"],
    )
    _, s, cells = solved(data)
    assert list(cells.values()) == [2, 2, 2]


def test_generated_school_is_solved_optimally_and_validated():
    p = generate_school(30)
    s = solve(p, time_limit=20)
    assert s.status == "optimal"
    assert validate(p, s.assignments) == []
    assert s.kept_previous >= optimizer.kept_count(p, optimizer.greedy(p)) - 5


# --- infeasibility explanations ----------------------------------------------------------------


def test_capacity_shortage_is_explained_in_school_terms():
    data = problem(
        [klass(i, needs=["物理"], grade="高二", homeroom=9) for i in range(1, 4)],
        [teacher(1, ["物理"], grades=["高二"], max_classes=1), teacher(2, ["物理"], grades=["高二"], max_classes=1)]
        + [teacher(9, [], grades=["高二"], party=True)],
        subjects=["物理"],
    )
    _, s, _ = solved(data)
    assert s.status == "infeasible"
    assert s.explanation == ["高二 物理：需要 3 个班次，可任教教师最多可承担 2 个班次"]


def test_too_few_party_teachers_is_explained():
    classes = [klass(i, needs=["语文"]) for i in range(1, 4)]
    teachers = [teacher(1, ["语文"], party=True, max_classes=1), teacher(2, ["语文"], party=True, max_classes=1)]
    teachers += [teacher(3, ["语文"], max_classes=3)]
    _, s, _ = solved(problem(classes, teachers, subjects=["语文"]))
    assert s.status == "infeasible"
    assert s.explanation == ["高一：3 个班只有 2 名党员教师可任教，无法保证每班至少 1 名党员"]


def test_slot_without_any_teacher_and_bad_pin_are_explained():
    data = problem(
        [klass(1, needs=["语文", "数学"], homeroom=1)],
        [teacher(1, ["语文"], party=True), teacher(2, ["语文"], grades=["高二"])],
        pinned=[(1, "语文", 2)],
    )
    _, s, _ = solved(data)
    assert s.explanation == [
        "已锁定 高一（1）班 语文 由 T2 任教，但 T2 不在高一任教",
        "高一 数学：需要 1 个班次，但没有既任教数学又在高一任教的教师",
    ]


def test_shared_teacher_conflict_is_found_by_the_solver_core():
    # Each subject alone fits (2 classes, teacher 1 can take 2); together they need 4 slots of one teacher.
    data = problem(
        [klass(1, homeroom=1), klass(2, homeroom=1)],
        [teacher(1, ["语文", "数学"], party=True, max_classes=2, name="张老师")],
    )
    p = parse_problem(data)
    assert precheck(p) == []
    s = solve(p, time_limit=5)
    assert s.status == "infeasible"
    assert s.explanation == [
        "以下规则不能同时满足（去掉其中任何一条即可排出方案）：",
        "高一 语文：2 个班次都要有教师任教（可任教教师 1 名，上限合计 2 个班次）",
        "高一 数学：2 个班次都要有教师任教（可任教教师 1 名，上限合计 2 个班次）",
        "班次上限：高一 数学、语文教师（张老师≤2）",
    ]


def test_infeasible_generated_school_is_explained_quickly():
    p = generate_school(60, min_party=5)
    s = solve(p, time_limit=5)
    assert s.status == "infeasible"
    assert s.solve_seconds < 5
    assert s.explanation and all("无法保证每班至少 5 名党员" in line for line in s.explanation)


# --- the checker and the baseline --------------------------------------------------------------


def test_validate_reports_each_kind_of_violation():
    data = problem(
        [klass(1, homeroom=None), klass(2)],
        [teacher(1, ["语文"], max_classes=1), teacher(2, ["数学"], grades=["高二"]), teacher(3, ["语文"])],
        pinned=[(2, "语文", 3)],
    )
    p = parse_problem(data)
    cells = [Cell("1", "语文", "1"), Cell("2", "语文", "1"), Cell("1", "数学", "2"), Cell("1", "数学", "3")]
    assert validate(p, cells) == [
        "高一（1）班 数学：T2 不在高一任教",
        "高一（1）班 数学 安排了不止一名教师",
        "高一（2）班 数学：没有任课教师",
        "T1：2 个班次，超过上限 1",
        "已锁定的 高一（2）班 语文（T3）未被保留",
        "高一（1）班：党员教师 0 名，少于 1 名",
        "高一（2）班：党员教师 0 名，少于 1 名",
    ]


def test_greedy_baseline_fills_a_generated_school():
    p = generate_school(30)
    cells = optimizer.greedy(p)
    assert len(cells) == len(p.slots)


# --- the command-line contract -----------------------------------------------------------------


def run_cli(tmp_path, data, *args):
    src, out = tmp_path / "problem.json", tmp_path / "solution.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    try:
        call_command("assign_teachers", "--input", str(src), "--output", str(out), *args)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, (json.loads(out.read_text(encoding="utf-8")) if out.exists() else None)


def test_cli_optimal_writes_solution(tmp_path):
    data = problem([klass(1)], [teacher(1, ["语文", "数学"], party=True)], previous=[(1, "语文", 1)])
    code, solution = run_cli(tmp_path, data, "--time-limit", "5")
    assert code == 0
    assert solution["status"] == "optimal"
    assert solution["assignments"] == [
        {"class": 1, "subject": "语文", "teacher": 1},
        {"class": 1, "subject": "数学", "teacher": 1},
    ]
    assert solution["kept_previous"] == 1
    assert solution["min_party_teachers_in_a_class"] == {"高一": 1}
    assert solution["explanation"] == []
    assert isinstance(solution["solve_seconds"], float)


def test_cli_infeasible_exits_2_with_explanation(tmp_path):
    data = problem([klass(1)], [teacher(1, ["语文", "数学"])])
    code, solution = run_cli(tmp_path, data)
    assert code == 2
    assert solution["status"] == "infeasible"
    assert solution["assignments"] == []
    assert solution["explanation"] == [
        "高一：高一（1）班 可任教的党员教师（含党员班主任）不足 1 名，无法保证每班至少 1 名党员"
    ]


def test_cli_invalid_input_exits_1_without_output(tmp_path, capsys):
    data = problem([klass(1)], [teacher(1, ["语文"], max_classes=-3)])
    code, solution = run_cli(tmp_path, data)
    assert code == 1
    assert solution is None
    assert "teachers[0]（id=1 T1）：max_classes 不能为负数（现为 -3）。" in capsys.readouterr().err


def test_cli_refuses_bad_json(tmp_path, capsys):
    src, out = tmp_path / "p.json", tmp_path / "s.json"
    src.write_text("{not json", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        call_command("assign_teachers", "--input", str(src), "--output", str(out))
    assert exc.value.code == 1
    assert not out.exists()


# --- verdicts are true: out of time is "unknown", never "infeasible" ---------------------------------


@pytest.fixture
def out_of_time(monkeypatch):
    """Every CP-SAT call ends as a time-out does: no solution, nothing proven."""
    monkeypatch.setattr(optimizer.cp_model.CpSolver, "solve", lambda self, model, *a, **k: optimizer.cp_model.UNKNOWN)


def test_a_time_out_is_unknown_not_infeasible(out_of_time):
    p = generate_school(30)
    s = solve(p, time_limit=1)
    assert s.status == "unknown"
    assert s.assignments == []
    assert "增加求解时间" in s.explanation[0] and "无解" in s.explanation[0]


def test_cli_exits_3_when_out_of_time(tmp_path, out_of_time):
    code, solution = run_cli(tmp_path, generate_school(10).to_dict(), "--time-limit", "1")
    assert (code, solution["status"]) == (3, "unknown")


def test_a_feasible_school_with_a_short_limit_is_never_called_infeasible():
    """The 150-class school that a 1 s limit used to call infeasible: feasible or unknown, never infeasible."""
    s = solve(generate_school(150), time_limit=1)
    assert s.status in ("optimal", "feasible", "unknown")


def test_the_explanation_of_infeasibility_stays_within_the_limit():
    data = problem(
        [klass(1, homeroom=1), klass(2, homeroom=1)],
        [teacher(1, ["语文", "数学"], party=True, max_classes=2, name="张老师")],
    )
    s = solve(parse_problem(data), time_limit=0.5)
    assert s.status == "infeasible"
    assert s.solve_seconds < 0.5 + 0.2


# --- against an exhaustive reference on small random schools ----------------------------------------


def _random_problem(rng):
    n_classes = rng.randint(1, 3)
    subjects = ["语文", "数学"]
    classes = [klass(i, needs=subjects, homeroom=rng.choice([None, 10 + i])) for i in range(1, n_classes + 1)]
    teachers = [
        teacher(
            t,
            rng.sample(subjects, rng.randint(1, 2)),
            party=rng.random() < 0.4,
            max_classes=rng.randint(1, 3),
        )
        for t in range(1, rng.randint(2, 4) + 1)
    ]
    teachers += [teacher(10 + c["id"], [], party=rng.random() < 0.3) for c in classes if c["homeroom"]]
    previous = [(c["id"], s, rng.choice(teachers[:3])["id"]) for c in classes for s in subjects if rng.random() < 0.5]
    return problem(classes, teachers, previous=previous, subjects=subjects)


def _exhaustive_best(p) -> int | None:
    """The most previous assignments any valid assignment keeps, by trying every assignment; None: none valid."""
    import itertools

    eligible = p.eligible()
    slots = p.slots
    best = None
    for choice in itertools.product(*(eligible.get(slot, []) for slot in slots)):
        cells = [Cell(c, s, t) for (c, s), t in zip(slots, choice, strict=True)]
        if validate(p, cells) == []:
            kept = optimizer.kept_count(p, cells)
            best = kept if best is None else max(best, kept)
    return best


def test_verdicts_and_first_objective_match_brute_force_on_random_small_schools():
    import random

    rng = random.Random(343)
    checked = {"optimal": 0, "infeasible": 0}
    for _ in range(60):
        p = parse_problem(_random_problem(rng))
        expected = _exhaustive_best(p)
        s = solve(p, time_limit=5)
        if expected is None:
            assert s.status == "infeasible"
        else:
            assert s.status == "optimal"
            assert validate(p, s.assignments) == []
            assert s.kept_previous == expected
        checked[s.status] += 1
    assert checked["optimal"] >= 10 and checked["infeasible"] >= 5, checked
