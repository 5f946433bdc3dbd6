"""A 预备党员 transferred within the county takes their development file along: the receiving school goes on
with the probation; the former school's file is closed."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from dangjian.development.enums import Stage
from dangjian.development.enums import StepKind as K
from dangjian.development.models import DevelopmentFile, DevelopmentStep
from dangjian.development.queries import pipeline
from dangjian.development.services import step_add, step_undo
from dangjian.development.tests.conftest import lawful_file
from dangjian.tests import factories as f
from dangjian.transfers.forms import TransferAcceptForm
from dangjian.transfers.models import Transfer
from dangjian.transfers.services import transfer_accept

D = dt.date


@pytest.fixture
def probationary(world, county, settings):
    """A teacher of school a admitted as 预备党员 on 2022-06-20 (oath 2022-07-10), transferred to b on 2022-10-08."""
    settings.DANGJIAN_TODAY = "2022-11-01"
    members = [f.PartyMemberFactory(branch=world.branch).staff for _ in range(4)]
    person = f.StaffFactory(school=world.school, name="周预备", birth_date=D(1998, 3, 1))
    dev = SimpleNamespace(school=world.school, branch=world.branch, person=person, members=members)
    file = lawful_file(dev, until=K.OATH)
    transfer = Transfer.objects.create(
        direction="county",
        state="pending",
        from_school=world.school,
        to_school=world.other_school,
        member=person.party_record,
        name=person.name,
        destination=world.other_school.name,
        letter_number="甲组转〔2022〕9号",
        transfer_on=D(2022, 10, 8),
    )
    form = TransferAcceptForm(
        {"accepted_on": "2022-10-20", "branch": county.b_branch.pk, "staff_number": "B002"},
        school=world.other_school,
        transfer=transfer,
    )
    assert form.is_valid(), form.errors
    transfer_accept(transfer=transfer, form=form, actor=None)
    return file


def test_the_receiving_school_goes_on_with_the_probation(world, county, probationary):
    """Old code left the file at the former school: the receiving school could neither open one (已是党员) nor
    record the 转正 through the development pages."""
    moved = DevelopmentFile.objects.get(school=world.other_school)
    assert (moved.staff.staff_number, moved.branch) == ("B002", county.b_branch)
    old_steps = list(probationary.steps.order_by("date", "pk"))
    new_steps = list(moved.steps.order_by("date", "pk"))
    assert [(s.kind, s.date, s.introducer_1_id) for s in new_steps] == [
        (s.kind, s.date, s.introducer_1_id) for s in old_steps
    ]
    assert [s.carried_from_id for s in new_steps] == [s.pk for s in old_steps]
    [row] = pipeline(DevelopmentFile.objects.filter(school=world.other_school))
    assert (row.stage, row.next.kind) == (Stage.PROBATIONARY, K.PROBATION_ASSESSMENT)
    step_add(file=moved, step=DevelopmentStep(kind=K.PROBATION_ASSESSMENT, date=D(2022, 10, 30)), actor=None)
    [old_row] = pipeline(DevelopmentFile.objects.filter(school=world.school, staff__name="周预备"))
    assert (old_row.has_left, old_row.next) == (True, None)


def test_a_carried_step_is_neither_withdrawn_nor_corrected_at_the_new_school(world, county, probationary):
    moved = DevelopmentFile.objects.get(school=world.other_school)
    with pytest.raises(ValidationError) as exc:
        step_undo(file=moved, actor=None)
    assert exc.value.messages == ["该步骤由原学校登记，随组织关系转入本校，不能在此撤销或更正。"]
    assert moved.steps.count() == probationary.steps.count()
