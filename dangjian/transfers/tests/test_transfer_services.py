import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dangjian.party.membership import party_member_ids
from dangjian.party.models import PartyMember
from dangjian.school.models import Staff
from dangjian.tests import factories as f
from dangjian.transfers.forms import TransferAcceptForm, TransferInForm, TransferStartForm
from dangjian.transfers.models import Transfer
from dangjian.transfers.queries import transfer_figures
from dangjian.transfers.services import transfer_accept, transfer_in_register, transfer_return, transfer_start

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = "2022-11-01"


def start(world, county, **data):
    form = TransferStartForm(
        {"member": county.member.pk, "letter_number": "甲组转〔2022〕3号", "transfer_on": "2022-10-08", **data},
        school=world.school,
    )
    assert form.is_valid(), form.errors
    return transfer_start(form=form, actor=world.users["secretary"])


def accept(transfer, school, **data):
    form = TransferAcceptForm({"accepted_on": "2022-10-20", **data}, school=school, transfer=transfer)
    assert form.is_valid(), form.errors
    return transfer_accept(transfer=transfer, form=form, actor=None)


def test_out_of_the_system_member_leaves_from_the_transfer_date(world, county):
    transfer = start(world, county, direction="out", destination="厦门市某中学党支部")
    member = PartyMember.objects.get(pk=county.member.pk)
    assert (transfer.state, transfer.name, member.status) == ("done", "王老师", "transferred_out")
    assert list(member.status_changes.values_list("status", "changed_on")) == [
        ("probationary", dt.date(2010, 7, 1)),
        ("full", dt.date(2011, 7, 1)),
        ("transferred_out", dt.date(2022, 10, 8)),
    ]
    staff = member.staff
    assert party_member_ids([staff], dt.date(2022, 10, 7)) == {staff.pk}
    assert party_member_ids([staff], dt.date(2022, 10, 8)) == set()


def test_out_needs_a_destination_and_county_a_school(world, county):
    base = {"member": county.member.pk, "letter_number": "x", "transfer_on": "2022-10-08"}
    out = TransferStartForm({**base, "direction": "out"}, school=world.school)
    to_county = TransferStartForm({**base, "direction": "county"}, school=world.school)
    assert out.errors == {"destination": ["转出须填写转往单位。"]}
    assert to_county.errors == {"to_school": ["县内转接须选择接收学校。"]}


def test_county_transfer_goes_only_to_a_school_of_the_same_county(world, county):
    form = TransferStartForm(
        {
            "member": county.member.pk,
            "direction": "county",
            "to_school": county.far.pk,
            "letter_number": "x",
            "transfer_on": "2022-10-08",
        },
        school=world.school,
    )
    assert list(form.errors) == ["to_school"]


def test_a_transfer_date_in_the_future_is_refused(world, county):
    form = TransferStartForm(
        {
            "member": county.member.pk,
            "direction": "out",
            "destination": "x",
            "letter_number": "x",
            "transfer_on": "2022-11-02",
        },
        school=world.school,
    )
    assert form.errors == {"transfer_on": ["日期不能晚于今天。"]}


def test_county_transfer_waits_and_changes_nothing_until_accepted(world, county):
    transfer = start(world, county, direction="county", to_school=world.other_school.pk)
    assert (transfer.state, transfer.destination) == ("pending", "乙中学")
    assert PartyMember.objects.get(pk=county.member.pk).status == "full"


def test_a_member_with_a_pending_transfer_cannot_be_sent_twice(world, county, pending):
    form = TransferStartForm({}, school=world.school)
    assert county.member not in form.fields["member"].queryset


def test_accept_moves_the_file_in_one_transaction(world, county, pending):
    old_staff = county.member.staff
    transfer = accept(pending, world.other_school, branch=county.b_branch.pk, staff_number="B001")
    old = PartyMember.objects.get(pk=county.member.pk)
    new = transfer.new_member
    new_staff = Staff.objects.get(pk=new.staff_id)
    assert (transfer.state, transfer.handled_on, transfer.to_branch) == (
        "accepted",
        dt.date(2022, 10, 20),
        county.b_branch,
    )
    assert (old.status, new.status, new.branch, new.admitted_on, new.full_on) == (
        "transferred_out",
        "full",
        county.b_branch,
        dt.date(2010, 7, 1),
        dt.date(2011, 7, 1),
    )
    assert (new_staff.school, new_staff.staff_number, new_staff.name, new_staff.user) == (
        world.other_school,
        "B001",
        "王老师",
        world.users["teacher"],
    )
    old_staff.refresh_from_db()
    assert (old_staff.is_active, old_staff.user) == (False, None)
    assert list(new.status_changes.values_list("status", "changed_on")) == [
        ("probationary", dt.date(2010, 7, 1)),
        ("full", dt.date(2011, 7, 1)),
    ]
    assert list(old.status_changes.values_list("status", flat=True)) == ["probationary", "full", "transferred_out"]


def test_accept_into_an_existing_staff_record(world, county, pending):
    existing = f.StaffFactory(school=world.other_school, staff_number="B009", name="王老师")
    transfer = accept(pending, world.other_school, branch=county.b_branch.pk, staff=existing.pk)
    existing.refresh_from_db()
    assert (transfer.new_member.staff, existing.political_status) == (existing, "party")


def test_accept_refuses_a_staff_number_already_used(world, county, pending):
    f.StaffFactory(school=world.other_school, staff_number="B001")
    form = TransferAcceptForm(
        {"accepted_on": "2022-10-20", "branch": county.b_branch.pk, "staff_number": "B001"},
        school=world.other_school,
        transfer=pending,
    )
    assert form.errors == {"staff_number": ["本校已有此工号，请在上方选择该教职工。"]}


def test_accept_offers_only_the_receiving_schools_branches(world, county, pending):
    form = TransferAcceptForm(
        {"accepted_on": "2022-10-20", "branch": world.branch.pk, "staff_number": "B1"},
        school=world.other_school,
        transfer=pending,
    )
    assert list(form.errors) == ["branch"]


def test_a_transfer_is_accepted_once(world, county, pending):
    accept(pending, world.other_school, branch=county.b_branch.pk, staff_number="B001")
    with pytest.raises(ValidationError):
        accept(pending, world.other_school, branch=county.b_branch.pk, staff_number="B002")
    assert PartyMember.objects.filter(staff__school=world.other_school).count() == 1


def test_return_leaves_the_member_where_they_are(world, county, pending):
    transfer = transfer_return(transfer=pending, reason="介绍信抬头有误", actor=None)
    assert (transfer.state, transfer.return_reason, transfer.handled_on) == (
        "returned",
        "介绍信抬头有误",
        dt.date(2022, 11, 1),
    )
    assert PartyMember.objects.get(pk=county.member.pk).status == "full"
    with pytest.raises(ValidationError):
        transfer_return(transfer=pending, reason="again", actor=None)


def test_in_from_outside_registers_the_member_with_the_letter(world):
    staff = f.StaffFactory(school=world.school, name="新来的")
    form = TransferInForm(
        {
            "staff": staff.pk,
            "branch": world.branch.pk,
            "status": "full",
            "admitted_on": "2015-06-01",
            "full_on": "2016-06-01",
            "origin": "某县第三中学党支部",
            "letter_number": "某组转〔2022〕9号",
            "transfer_on": "2022-09-01",
        },
        school=world.school,
    )
    assert form.is_valid(), form.errors
    transfer = transfer_in_register(form=form, actor=None)
    member = transfer.new_member
    staff.refresh_from_db()
    assert (transfer.direction, transfer.state, transfer.to_school, member.status, staff.political_status) == (
        "in",
        "done",
        world.school,
        "full",
        "party",
    )
    assert list(member.status_changes.values_list("status", "note")) == [
        ("probationary", "从某县第三中学党支部转入（某组转〔2022〕9号）"),
        ("full", "从某县第三中学党支部转入（某组转〔2022〕9号）"),
    ]


def test_transfer_figures_count_each_side_once(world, county, pending):
    accept(pending, world.other_school, branch=county.b_branch.pk, staff_number="B001")
    other = f.PartyMemberFactory(branch=world.branch)
    Transfer.objects.create(
        direction="county",
        state="pending",
        from_school=world.school,
        to_school=world.other_school,
        member=other,
        name="x",
        letter_number="1",
        transfer_on=dt.date(2022, 10, 9),
    )
    Transfer.objects.create(
        direction="out",
        state="done",
        from_school=world.school,
        name="y",
        letter_number="2",
        transfer_on=dt.date(2022, 8, 31),
    )  # the year before
    assert transfer_figures(world.school, 2022) == {"out": 1, "in": 0, "pending_out": 1, "pending_in": 0}
    assert transfer_figures(world.other_school, 2022) == {"out": 0, "in": 1, "pending_out": 0, "pending_in": 1}
    assert transfer_figures(world.school, 2021)["out"] == 1


def test_only_party_members_can_be_transferred(world, county):
    applicant = f.PartyMemberFactory(branch=world.branch, status="applicant", admitted_on=None, full_on=None)
    form = TransferStartForm({}, school=world.school)
    assert set(form.fields["member"].queryset) == {county.member}
    assert applicant not in form.fields["member"].queryset
