"""Demo teaching assignments: every semester of the demo years, each class × its subjects, drawn from the
staff's grades (StaffYear) and subjects, teachers following their classes up the grades (跟班走) and a
Party member in every class's team — except two classes of the latest semester, left uncovered on purpose
so that the coverage check shows something for the optimizer to fix.

Deterministic (a function of the demo school's rows) and idempotent (a school that already has teaching
assignments is left alone)."""

from collections import Counter

from dangjian.school.models import School, Semester, Subject

from . import optimizer, queries
from .models import TeachingAssignment

UNCOVERED_IN_LATEST = 2


def seed(*, school: School, years: dict, log=lambda message: None) -> None:
    if TeachingAssignment.objects.filter(school_class__grade__school=school).exists():
        log(f"{school.name}：任课安排已存在，跳过。")
        return
    semesters = list(
        Semester.objects.filter(school_year__in=list(years.values()))
        .select_related("school_year")
        .order_by("school_year__start_year", "term")
    )
    subject_ids = dict(Subject.objects.filter(school=school).values_list("name", "pk"))
    total = 0
    for i, semester in enumerate(semesters):
        data = queries.load_semester(school, semester)
        problem = optimizer.parse_problem(queries.problem_dict(data))
        cells = _fill(problem, optimizer.greedy(problem))
        if i == len(semesters) - 1:
            cells = _uncover(problem, cells, UNCOVERED_IN_LATEST)
        TeachingAssignment.objects.bulk_create(
            [
                TeachingAssignment(
                    semester=semester,
                    school_class_id=int(c.class_key),
                    subject_id=subject_ids[c.subject],
                    teacher_id=int(c.teacher_key),
                )
                for c in cells
            ]
        )
        total += len(cells)
    log(f"{school.name}：任课安排 {total} 条（{len(semesters)} 个学期）。")


def _fill(problem: optimizer.Problem, cells: list[optimizer.Cell]) -> list[optimizer.Cell]:
    """Slots the greedy left empty (loads were full) go to the least-loaded eligible teacher anyway."""
    chosen = {c.slot for c in cells}
    load = Counter(c.teacher_key for c in cells)
    out = list(cells)
    for slot, keys in problem.eligible().items():
        if slot in chosen or not keys:
            continue
        key = min(keys, key=lambda k: (load[k], k))
        load[key] += 1
        out.append(optimizer.Cell(slot[0], slot[1], key))
    return sorted(out)


def _uncover(problem: optimizer.Problem, cells: list[optimizer.Cell], count: int) -> list[optimizer.Cell]:
    """Swap Party-member teachers out of ``count`` classes (whose 班主任 is not a Party member) with
    non-members teaching the same subject to another class of the grade: loads stay the same."""
    teachers = problem.teacher_by_key
    by_slot = {c.slot: c.teacher_key for c in cells}
    done = 0
    targets: set[str] = set()
    for c in sorted(problem.classes, key=lambda c: (c.grade, len(c.key), c.key)):
        if done >= count:
            break
        if c.homeroom and teachers[c.homeroom].party_member:
            continue
        trial = dict(by_slot)
        ok = True
        for subject in c.needs:
            key = trial.get((c.key, subject))
            if key is None or not teachers[key].party_member:
                continue
            donor = next(
                (
                    other.key
                    for other in problem.classes
                    if other.grade == c.grade
                    and other.key != c.key
                    and other.key not in targets
                    and (other.key, subject) in trial
                    and not teachers[trial[(other.key, subject)]].party_member
                ),
                None,
            )
            if donor is None:
                ok = False
                break
            trial[(c.key, subject)], trial[(donor, subject)] = trial[(donor, subject)], key
        if ok:
            by_slot = trial
            targets.add(c.key)
            done += 1
    return sorted(optimizer.Cell(k[0], k[1], t) for k, t in by_slot.items())
