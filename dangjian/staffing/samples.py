"""Generated assignment problems for tests and the benchmark (no database): a school of N classes in three
grades, nine subjects, realistic loads (语数英 2 classes a teacher, 物化生 4, 政史地 5, one class of slack),
about 40 % Party members, a 班主任 per class and last semester's assignment with some turnover."""

import random

from .optimizer import Cell, ClassInfo, Problem, Teacher, greedy

GRADES = ("高一", "高二", "高三")
SUBJECT_LOADS = {
    "语文": 2,
    "数学": 2,
    "英语": 2,
    "物理": 4,
    "化学": 4,
    "生物": 4,
    "政治": 5,
    "历史": 5,
    "地理": 5,
}
SUBJECTS = tuple(SUBJECT_LOADS)


def generate_school(
    n_classes: int,
    *,
    seed: int = 1,
    party_share: float = 0.4,
    turnover: float = 0.1,
    min_party: int = 1,
    spare: float = 0.1,
) -> Problem:
    rng = random.Random(f"staffing:{n_classes}:{seed}")
    per_grade = [n_classes // 3 + (1 if i < n_classes % 3 else 0) for i in range(3)]
    classes: list[ClassInfo] = []
    teachers: list[Teacher] = []
    for g, (grade, n) in enumerate(zip(GRADES, per_grade, strict=True)):
        grade_teachers: list[Teacher] = []
        for subject, load in SUBJECT_LOADS.items():
            count = -(-n // load) + max(0, round(n / load * spare))
            for _ in range(count):
                t = Teacher(
                    id=len(teachers) + 1,
                    name=f"{grade}{subject}教师{len(grade_teachers) + 1}",
                    subjects=frozenset({subject}),
                    grades=frozenset({grade}),
                    party_member=rng.random() < party_share,
                    max_classes=load + 1,
                )
                teachers.append(t)
                grade_teachers.append(t)
        homerooms = rng.sample([t for t in grade_teachers if next(iter(t.subjects)) in SUBJECTS[:3]], n)
        for i in range(n):
            classes.append(
                ClassInfo(
                    id=f"{g + 1}-{i + 1}",
                    grade=grade,
                    needs=SUBJECTS,
                    homeroom=homerooms[i].key,
                    name=f"{grade}（{i + 1}）班",
                )
            )
    problem = Problem(subjects=SUBJECTS, classes=classes, teachers=teachers, min_party=min_party)
    # Last semester: a greedy assignment without the Party rule, over a shuffled staff; then some
    # of those teachers moved on, so their cells are history that cannot be kept.
    shuffled = list(teachers)
    rng.shuffle(shuffled)
    before = Problem(subjects=SUBJECTS, classes=classes, teachers=shuffled, min_party=0)
    previous = greedy(before)
    gone = {t.key for t in rng.sample(teachers, round(len(teachers) * turnover))}
    problem.previous = [c for c in previous if c.teacher_key not in gone] + [
        Cell(c.class_key, c.subject, _other(rng, teachers, c)) for c in previous if c.teacher_key in gone
    ]
    return problem


def _other(rng: random.Random, teachers: list[Teacher], cell: Cell) -> str:
    """A teacher of another grade (e.g. one who has moved with their cohort): not keepable."""
    pool = [t for t in teachers if cell.subject in t.subjects and t.key != cell.teacher_key]
    return rng.choice(pool).key
