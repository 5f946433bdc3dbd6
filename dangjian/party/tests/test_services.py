import datetime as dt

from dangjian.party.enums import MemberStatus
from dangjian.party.forms import OrganizationForm, PartyMemberForm
from dangjian.party.models import Organization
from dangjian.party.services import party_member_save
from dangjian.school.enums import PoliticalStatus
from dangjian.tests import factories as f


def test_promotion_to_probationary_keeps_history_and_updates_political_status(world):
    staff = f.StaffFactory(school=world.school, birth_date=dt.date(1995, 1, 1))
    data = {
        "staff": staff.pk,
        "branch": world.branch.pk,
        "status": MemberStatus.ACTIVIST,
        "applied_on": "2021-03-01",
        "activist_on": "2021-09-01",
    }
    member = party_member_save(
        form=_valid(PartyMemberForm(data=data, school=world.school)), actor=world.users["secretary"]
    )
    data.update(status=MemberStatus.PROBATIONARY, candidate_on="2022-09-01", admitted_on="2022-12-01")
    party_member_save(
        form=_valid(PartyMemberForm(data=data, instance=member, school=world.school)),
        actor=world.users["secretary"],
    )
    staff.refresh_from_db()
    assert staff.political_status == PoliticalStatus.PROBATIONARY
    assert staff.joined_party_on == dt.date(2022, 12, 1)
    assert list(member.status_changes.values_list("status", "changed_on")) == [
        (MemberStatus.ACTIVIST, dt.date(2021, 9, 1)),
        (MemberStatus.PROBATIONARY, dt.date(2022, 12, 1)),
    ]


def test_member_form_refuses_out_of_order_dates_missing_date_and_foreign_group(world):
    staff = f.StaffFactory(school=world.school, birth_date=dt.date(2006, 1, 1))
    other_branch = f.OrganizationFactory(school=world.school, name="二支部")
    group = f.OrganizationFactory(school=world.school, parent=other_branch, kind="group", name="二组")
    form = PartyMemberForm(
        data={
            "staff": staff.pk,
            "branch": world.branch.pk,
            "group": group.pk,
            "status": MemberStatus.PROBATIONARY,
            "applied_on": "2023-03-01",
            "activist_on": "2023-01-01",
        },
        school=world.school,
    )
    assert not form.is_valid()
    assert form.errors["group"] == ["二组不属于第一党支部。"]
    assert form.errors["admitted_on"] == ["状态为“预备党员”时必须填写此日期。"]
    assert form.errors["activist_on"] == ["不能早于“递交入党申请日期”（2023-03-01）。"]
    assert form.errors["applied_on"] == ["递交入党申请时须年满 18 周岁。"]


def test_organization_form_enforces_the_tree_shape(world):
    group = f.OrganizationFactory(school=world.school, parent=world.branch, kind="group", name="一组")
    parents = Organization.objects.filter(school=world.school)
    form = OrganizationForm(
        data={"name": "新支部", "kind": "branch", "parent": group.pk, "order": 0},
        school=world.school,
        parents=parents,
        allow_top_level=True,
    )
    assert form.errors["parent"] == ["党小组下不能设立党支部。"]
    form = OrganizationForm(
        data={"name": "一组", "kind": "group", "order": 0},
        school=world.school,
        parents=parents,
        allow_top_level=True,
    )
    assert form.errors["name"] == ["本校已有名为“一组”的党组织。"]
    assert form.errors["parent"] == ["党小组必须设在支部之下。"]
    form = OrganizationForm(
        data={"name": "第一党支部", "kind": "branch", "parent": group.pk, "order": 0},
        instance=world.branch,
        school=world.school,
        parents=parents,
        allow_top_level=True,
    )
    assert "上级组织不能是自身或其下级。" in form.errors["parent"]


def _valid(form):
    assert form.is_valid(), form.errors
    return form


def test_the_member_form_leaves_cancellation_to_the_development_file(world):
    member = f.PartyMemberFactory(branch=world.branch, status=MemberStatus.PROBATIONARY)
    form = PartyMemberForm(instance=member, school=world.school)
    assert MemberStatus.CANCELLED not in dict(form.fields["status"].choices)
    member.status = MemberStatus.CANCELLED
    form = PartyMemberForm(instance=member, school=world.school)
    assert MemberStatus.CANCELLED in dict(form.fields["status"].choices)
