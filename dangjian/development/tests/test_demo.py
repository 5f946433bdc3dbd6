"""The demo seeder: files in every stage, lawful and matching the member records; some due, one overdue."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from dangjian.development import rules
from dangjian.development.demo import seed
from dangjian.development.enums import Stage
from dangjian.development.models import DevelopmentFile, DevelopmentStep
from dangjian.development.queries import pipeline
from dangjian.development.services import full_members_on_its_day, rule_step
from dangjian.league.enums import RecommendationStatus
from dangjian.lib import clock
from dangjian.lib.dates import age_on
from dangjian.party.enums import MemberStatus
from dangjian.school.models import School, SchoolYear

pytestmark = pytest.mark.usefixtures("base_story")


def test_demo_files_cover_every_stage_lawfully(db):
    call_command("seed_demo", "--quiet", "--classes-per-grade", "2", stdout=StringIO())
    school = School.objects.get(code="sfyz")
    today = clock.today()
    rows = pipeline(DevelopmentFile.objects.filter(school=school), today)
    stages = Counter(row.stage for row in rows)
    assert set(stages) == {Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY, Stage.FULL}
    assert [row.next.label for row in rows if row.overdue] == ["积极分子半年考察"]
    assert sum(row.due_soon for row in rows) >= 1
    for row in rows:
        done = []
        for step in row.steps:
            facts = rule_step(step, full_members_on_its_day(step))
            assert rules.step_error(done, facts, birth_date=row.file.person.birth_date, today=today) is None, step
            done.append(facts)
        if row.file.is_student:
            continue
        status = row.file.staff.party_record.status
        # a developed member may since have moved to another school (the transfers demo): the file stays here
        assert row.stage == status or (row.stage == Stage.FULL and status == MemberStatus.TRANSFERRED_OUT)
    counts = (DevelopmentFile.objects.count(), DevelopmentStep.objects.count())
    seed(school=school, years={y.start_year: y for y in SchoolYear.objects.all()})
    assert (DevelopmentFile.objects.count(), DevelopmentStep.objects.count()) == counts


def test_demo_has_a_recommended_student_activist_of_18(db):
    call_command("seed_demo", "--quiet", "--classes-per-grade", "2", stdout=StringIO())
    today = clock.today()
    [row] = [r for r in pipeline(DevelopmentFile.objects.filter(school__code="sfyz"), today) if r.file.is_student]
    student = row.file.student
    assert row.stage == Stage.ACTIVIST
    assert age_on(student.birth_date, row.steps[0].date) == 18
    assert student.enrollments.get(school_year__start_year=clock.school_year_start(today)).school_class.grade.level == 3
    assert student.party_recommendations.filter(status=RecommendationStatus.ACCEPTED).exists()
