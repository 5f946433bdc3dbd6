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
from dangjian.lib import clock
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
            assert rules.step_error(done, facts, birth_date=row.file.staff.birth_date, today=today) is None, step
            done.append(facts)
        status = row.file.staff.party_record.status
        # a developed member may since have moved to another school (the transfers demo): the file stays here
        assert row.stage == status or (row.stage == Stage.FULL and status == MemberStatus.TRANSFERRED_OUT)
    counts = (DevelopmentFile.objects.count(), DevelopmentStep.objects.count())
    seed(school=school, years={y.start_year: y for y in SchoolYear.objects.all()})
    assert (DevelopmentFile.objects.count(), DevelopmentStep.objects.count()) == counts
