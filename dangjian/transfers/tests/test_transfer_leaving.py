"""A member who transfers out loses their role grants and Party posts at the sending school on the transfer
date, in the transfer's transaction, each in the audit log; the receiving school grants nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dangjian.accounts.enums import Role
from dangjian.accounts.models import AuditLog, RoleGrant
from dangjian.tests import factories as f
from dangjian.transfers.forms import TransferAcceptForm, TransferStartForm
from dangjian.transfers.models import Transfer
from dangjian.transfers.services import transfer_accept, transfer_start

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = "2022-11-01"


@pytest.fixture
def secretary_of_branch(world, county):
    """王老师 is the secretary of 第一党支部 at school a: a 支部书记 grant and the post since 2020."""
    user = world.users["teacher"]
    f.RoleGrantFactory(user=user, role=Role.BRANCH_SECRETARY, organization=world.branch, school=world.school)
    f.RoleGrantFactory(user=user, role=Role.ACADEMIC_AFFAIRS, school=world.school)
    post = f.OrganizationPostFactory(
        organization=world.branch, staff=county.member.staff, post="secretary", started_on=dt.date(2020, 6, 1)
    )
    old_post = f.OrganizationPostFactory(
        organization=world.branch,
        staff=county.member.staff,
        post="organization",
        started_on=dt.date(2017, 6, 1),
        ended_on=dt.date(2020, 5, 31),
    )
    return post, old_post


def accept(transfer, county, actor=None):
    form = TransferAcceptForm(
        {"accepted_on": "2022-10-20", "branch": county.b_branch.pk, "staff_number": "B001"},
        school=transfer.to_school,
        transfer=transfer,
    )
    assert form.is_valid(), form.errors
    return transfer_accept(transfer=transfer, form=form, actor=actor)


def test_accept_ends_grants_and_posts_at_the_sending_school(world, county, pending, secretary_of_branch):
    post, old_post = secretary_of_branch
    user = world.users["teacher"]
    b_grant = f.RoleGrantFactory(user=user, role=Role.ACADEMIC_AFFAIRS, school=county.third)  # another school: kept
    accept(pending, county, actor=county.b_secretary)
    post.refresh_from_db()
    old_post.refresh_from_db()
    assert (post.ended_on, old_post.ended_on) == (dt.date(2022, 10, 8), dt.date(2020, 5, 31))
    assert list(RoleGrant.objects.filter(user=user)) == [b_grant]  # and nothing granted at school b
    entries = AuditLog.objects.filter(action__in=["transfer.role_end", "transfer.post_end"]).order_by("pk")
    assert [(e.action, e.school, e.user, e.object_id) for e in entries] == [
        ("transfer.role_end", world.school, county.b_secretary, str(pending.pk)),
        ("transfer.role_end", world.school, county.b_secretary, str(pending.pk)),
        ("transfer.post_end", world.school, county.b_secretary, str(pending.pk)),
    ]


def test_a_transferred_branch_secretary_can_no_longer_open_the_old_branch(
    client, world, county, pending, secretary_of_branch
):
    client.force_login(world.users["teacher"])
    pages = [
        reverse("dues:ledger", args=["a", world.branch.pk]),
        reverse("transfers:appraisal_list", args=["a"]),
        reverse("party:org_detail", args=["a", world.branch.pk]),
    ]
    assert [client.get(url).status_code for url in pages] == [200, 200, 200]
    accept(pending, county)
    client.force_login(world.users["teacher"])  # a fresh request: roles are read again
    assert [client.get(url).status_code for url in pages] == [404, 404, 404]


def test_out_of_the_system_ends_them_at_once(world, county, secretary_of_branch):
    post, _ = secretary_of_branch
    form = TransferStartForm(
        {
            "member": county.member.pk,
            "direction": "out",
            "destination": "厦门市某中学党支部",
            "letter_number": "甲组转〔2022〕4号",
            "transfer_on": "2022-10-08",
        },
        school=world.school,
    )
    assert form.is_valid(), form.errors
    transfer_start(form=form, actor=world.users["secretary"])
    post.refresh_from_db()
    assert post.ended_on == dt.date(2022, 10, 8)
    assert not RoleGrant.objects.filter(user=world.users["teacher"]).exists()


def test_the_schools_last_secretary_cannot_be_transferred_away(world, county, pending):
    RoleGrant.objects.filter(role=Role.SECRETARY, school=world.school).delete()
    grant = f.RoleGrantFactory(user=world.users["teacher"], role=Role.SECRETARY, school=world.school)
    with pytest.raises(ValidationError, match="唯一的书记"):
        accept(pending, county)
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    assert Transfer.objects.get(pk=pending.pk).state == "pending"


def test_the_detail_page_lists_what_was_ended(client, world, county, pending, secretary_of_branch):
    accept(pending, county)
    """Both sides see it: the sending school's secretary and the receiving one's."""
    for code, user in (("a", world.users["secretary"]), ("b", county.b_secretary)):
        client.force_login(user)
        response = client.get(reverse("transfers:transfer_detail", args=[code, pending.pk]))
        assert response.context["ended"] == [
            "王老师：结束角色 支部书记/党小组长（第一党支部）",
            "王老师：结束角色 教务处",
            "王老师：第一党支部书记离任（2022-10-08）",
        ]
        assert "在转出学校结束的角色和党内职务" in response.content.decode()


def test_transferring_the_last_secretary_out_through_the_page_is_refused_not_a_500(client, world, county):
    RoleGrant.objects.filter(role=Role.SECRETARY, school=world.school).delete()
    teacher = world.users["teacher"]
    grant = f.RoleGrantFactory(user=teacher, role=Role.SECRETARY, school=world.school)
    client.force_login(teacher)
    response = client.post(
        reverse("transfers:transfer_create", args=["a"]),
        {
            "member": county.member.pk,
            "direction": "out",
            "destination": "厦门市某中学党支部",
            "letter_number": "甲组转〔2022〕4号",
            "transfer_on": "2022-10-08",
        },
    )
    assert response.status_code == 200
    assert "唯一的书记" in response.content.decode()
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    assert not Transfer.objects.exists()


def test_the_last_secretary_cannot_be_sent_on_a_county_transfer_the_receiver_could_never_accept(world, county):
    RoleGrant.objects.filter(role=Role.SECRETARY, school=world.school).delete()
    f.RoleGrantFactory(user=world.users["teacher"], role=Role.SECRETARY, school=world.school)
    form = TransferStartForm(
        {
            "member": county.member.pk,
            "direction": "county",
            "to_school": world.other_school.pk,
            "letter_number": "甲组转〔2022〕5号",
            "transfer_on": "2022-10-08",
        },
        school=world.school,
    )
    assert not form.is_valid()
    assert "唯一的书记" in str(form.errors["member"])


def test_a_post_begun_after_the_transfer_date_ends_the_day_it_began(world, county, pending):
    """Old code set every open post's 离任日期 to the transfer date, before the start of a post recorded as
    beginning later."""
    late = f.OrganizationPostFactory(
        organization=world.branch, staff=county.member.staff, post="propaganda", started_on=dt.date(2022, 10, 15)
    )
    accept(pending, county)
    late.refresh_from_db()
    assert late.ended_on == dt.date(2022, 10, 15)
