"""3+1+2 classes: each class needs its own subjects, and its Party coverage counts only their teachers."""

from dangjian.school.enums import PoliticalStatus
from dangjian.school.models import StaffYear
from dangjian.staffing import optimizer, queries
from dangjian.staffing.models import TeachingGroup
from dangjian.tests import factories as f

from .conftest import NINE_SUBJECTS


def test_each_class_needs_the_compulsory_subjects_and_its_own_three(gao_er):
    school, semester, (physics, history, open_), _ = gao_er
    data = queries.load_semester(school, semester)
    assert data.needs[physics.pk] == ["语文", "数学", "英语", "物理", "化学", "生物"]
    assert data.needs[history.pk] == ["语文", "数学", "英语", "政治", "历史", "地理"]
    assert "物理" not in data.needs[history.pk]
    assert data.needs[open_.pk] == list(NINE_SUBJECTS)  # no combination yet: what its grade is taught


def test_coverage_counts_only_the_teachers_of_the_class_own_subjects(gao_er):
    school, semester, (physics, history, open_), teachers = gao_er
    coverage = queries.semester_coverage(school, semester)
    rows = {row.school_class.id: row for row in coverage.rows}
    assert rows[physics.pk].covered
    assert not rows[history.pk].covered  # the Party member teaches 物理 there, which 史政地 does not take
    assert [s for s, _ in rows[history.pk].team] == ["语文", "数学", "英语", "政治", "历史", "地理"]
    assert rows[history.pk].missing == []  # not required to have a 物理 teacher
    stale = [(o.row.school_class.id, o.subject, o.teacher.id, o.reason) for o in coverage.outside]
    assert stale == [(history.pk, "物理", teachers["物理"].pk, "本班（选科组合史政地）不开设物理")]
    assert {r.school_class.id for r in coverage.uncovered} == {history.pk, open_.pk}


def test_problem_gives_each_class_its_needs_and_demand_counts_only_them(gao_er):
    school, semester, (physics, history, open_), teachers = gao_er
    data = queries.load_semester(school, semester)
    problem = queries.problem_dict(data)
    needs = {c["id"]: c["needs"] for c in problem["classes"]}
    assert "物理" not in needs[history.pk] and "历史" not in needs[physics.pk]
    loads = {t["id"]: t["max_classes"] for t in problem["teachers"]}
    assert loads[teachers["物理"].pk] == 3  # two classes take 物理 (物化生, not chosen yet): 2 / 1 + 1
    assert loads[teachers["历史"].pk] == 3
    assert loads[teachers["语文"].pk] == 4  # all three
    parsed = optimizer.parse_problem(problem)
    cells = optimizer.greedy(parsed)
    assert not any(c.class_key == str(history.pk) and c.subject == "物理" for c in cells)


def test_a_teaching_group_teacher_counts_for_every_class_it_draws_from(gao_er, world):
    school, semester, (physics, history, open_), teachers = gao_er
    politics = teachers["政治"].subjects.get()
    member = f.StaffFactory(school=school, name="政治党员", political_status=PoliticalStatus.PARTY_MEMBER)
    member.subjects.add(politics)
    StaffYear.objects.create(staff=member, school_year=world.year, grade=history.grade)
    group = TeachingGroup.objects.create(semester=semester, name="高二政治教学班 1", subject=politics, teacher=member)
    group.classes.set([history, open_])
    coverage = queries.semester_coverage(school, semester)
    rows = {row.school_class.id: row for row in coverage.rows}
    assert [t.name for t in rows[history.pk].party_members] == ["政治党员"]  # besides 政治老师's own assignment
    assert dict(rows[open_.pk].team)["政治"].name == "政治党员"  # the class's 政治 is taught in the group
    assert rows[open_.pk].covered
    assert not any(o.teacher.id == member.pk for o in coverage.outside)
