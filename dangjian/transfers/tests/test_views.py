"""Every page of the module against every role; the cross-school checks of an in-county transfer; and the
query counts of the list pages."""

import datetime as dt

import pytest
from django.urls import reverse

from dangjian.tests import factories as f
from dangjian.tests.test_view_permissions import ADMINS, ROLES, expect
from dangjian.transfers.models import Appraisal, BranchTerm, Transfer

READERS = ADMINS | {"branch"}


@pytest.fixture
def objects(world, county, pending):
    incoming = Transfer.objects.create(
        direction="county",
        state="pending",
        from_school=world.other_school,
        to_school=world.school,
        member=f.PartyMemberFactory(branch=county.b_branch),
        name="乙校老师",
        letter_number="乙组转1号",
        transfer_on=dt.date(2022, 10, 9),
    )
    review = f.ActivityFactory(organization=world.branch, kinds=["review"], topic="2022年度民主评议党员")
    BranchTerm.objects.create(organization=world.branch, elected_on=dt.date(2020, 6, 1))
    return {"outgoing": pending, "incoming": incoming, "review": review, "member": county.member}


CASES = {
    "transfer_list": (lambda o: reverse("transfers:transfer_list", args=["a"]), expect(READERS)),
    "transfer_export": (lambda o: reverse("transfers:transfer_export", args=["a"]), expect(READERS)),
    "transfer_create": (lambda o: reverse("transfers:transfer_create", args=["a"]), expect(ADMINS)),
    "transfer_in": (lambda o: reverse("transfers:transfer_in", args=["a"]), expect(ADMINS)),
    "transfer_detail_outgoing": (
        lambda o: reverse("transfers:transfer_detail", args=["a", o["outgoing"].pk]),
        expect(READERS),
    ),
    # A waiting transfer into the school has no branch yet: only the school's admins see it.
    "transfer_detail_incoming": (
        lambda o: reverse("transfers:transfer_detail", args=["a", o["incoming"].pk]),
        expect(ADMINS, hidden={"branch"}),
    ),
    "transfer_accept": (
        lambda o: reverse("transfers:transfer_accept", args=["a", o["incoming"].pk]),
        expect(ADMINS, hidden={"branch"}),
    ),
    "term_list": (lambda o: reverse("transfers:term_list", args=["a"]), expect(READERS)),
    "term_export": (lambda o: reverse("transfers:term_export", args=["a"]), expect(READERS)),
    "term_create": (lambda o: reverse("transfers:term_create", args=["a"]), expect(READERS)),
    "appraisal_list": (lambda o: reverse("transfers:appraisal_list", args=["a"]), expect(READERS)),
    "appraisal_export": (lambda o: reverse("transfers:appraisal_export", args=["a"]), expect(READERS)),
    "appraisal_activity": (
        lambda o: reverse("transfers:appraisal_activity", args=["a", o["review"].pk]),
        expect(READERS),
    ),
    "appraisal_branch": (
        lambda o: reverse("transfers:appraisal_branch", args=["a", o["review"].organization_id, 2022]),
        expect(READERS),
    ),
    "appraisal_edit": (
        lambda o: reverse("transfers:appraisal_edit", args=["a", o["review"].pk, o["member"].pk]),
        expect(READERS),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_page_access(world, objects, client_for, case, role):
    url_of, expected = CASES[case]
    assert client_for(role).get(url_of(objects)).status_code == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_transfer_return_per_role(world, objects, client_for, role):
    """Only the receiving school's admins return a waiting transfer; it is a POST."""
    transfer = objects["incoming"]
    url = reverse("transfers:transfer_return", args=["a", transfer.pk])
    response = client_for(role).post(url, {"return_reason": "材料不全"})
    transfer.refresh_from_db()
    if role in ADMINS:
        assert (response.status_code, transfer.state) == (302, "returned")
    else:
        assert (response.status_code, transfer.state) == (expect(ADMINS, hidden={"branch"})[role], "pending")


# Cross-school: the sending school, a third school of the county and another county's school --------


def _accept(client, code, transfer, branch):
    return client.post(
        reverse("transfers:transfer_accept", args=[code, transfer.pk]),
        {"branch": branch.pk, "staff_number": "B001", "accepted_on": "2022-10-20"},
    )


@pytest.mark.parametrize("who", ["c_secretary", "d_secretary"])
def test_other_schools_secretaries_neither_see_nor_accept(client, world, county, pending, who):
    user = county.third_secretary if who == "c_secretary" else county.far_secretary
    own = county.third if who == "c_secretary" else county.far
    client.force_login(user)
    for code in ["a", "b", own.code]:
        assert client.get(reverse("transfers:transfer_detail", args=[code, pending.pk])).status_code == 404
        assert _accept(client, code, pending, county.b_branch).status_code == 404
    listed = client.get(reverse("transfers:transfer_list", args=[own.code]))
    assert (list(listed.context["page_obj"].object_list), listed.context["waiting"]) == ([], [])
    pending.refresh_from_db()
    assert pending.state == "pending"


def test_the_sending_secretary_cannot_accept_their_own_transfer(client_for, world, county, pending):
    client = client_for("secretary")
    assert _accept(client, "a", pending, world.branch).status_code == 404
    assert client.get(reverse("transfers:transfer_detail", args=["a", pending.pk])).status_code == 200
    pending.refresh_from_db()
    assert pending.state == "pending"


def test_a_teacher_of_the_receiving_school_cannot_accept(client, world, county, pending):
    client.force_login(world.users["outsider"])  # a staff member of b without a role
    assert _accept(client, "b", pending, county.b_branch).status_code == 403


def test_receiving_secretary_accepts_and_both_sides_see_the_state(client, world, county, pending):
    client.force_login(county.b_secretary)
    waiting = client.get(reverse("transfers:transfer_list", args=["b"]))
    assert [t.pk for t in waiting.context["waiting"]] == [pending.pk]
    response = _accept(client, "b", pending, county.b_branch)
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.state, pending.to_branch) == ("accepted", county.b_branch)
    page = client.get(reverse("transfers:transfer_detail", args=["b", pending.pk]))
    assert "已接收" in page.content.decode()
    client.force_login(world.users["secretary"])
    page = client.get(reverse("transfers:transfer_detail", args=["a", pending.pk]))
    assert "已接收" in page.content.decode()


def test_sending_secretary_starts_a_county_transfer_through_the_page(client_for, world, county):
    response = client_for("secretary").post(
        reverse("transfers:transfer_create", args=["a"]),
        {
            "member": county.member.pk,
            "direction": "county",
            "to_school": world.other_school.pk,
            "letter_number": "甲组转5号",
            "transfer_on": "2022-10-08",
        },
    )
    transfer = Transfer.objects.get()
    assert (response.status_code, response["Location"], transfer.state) == (
        302,
        reverse("transfers:transfer_detail", args=["a", transfer.pk]),
        "pending",
    )


def test_appraisal_saved_through_the_page_and_flagged(client_for, world, objects):
    review, member = objects["review"], objects["member"]
    client = client_for("branch")
    url = reverse("transfers:appraisal_edit", args=["a", review.pk, member.pk])
    data = {
        "votes_excellent": 0,
        "votes_qualified": 0,
        "votes_basic": 0,
        "votes_unqualified": 1,
        "grade": "unqualified",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "follow_up" in refused.context["form"].errors
    assert client.post(url, {**data, "follow_up": "限期改正半年"}).status_code == 302
    appraisal = Appraisal.objects.get()
    assert (appraisal.year, appraisal.grade) == (2022, "unqualified")
    listed = client.get(reverse("transfers:appraisal_list", args=["a"]))
    [row] = [r for r in listed.context["page_obj"].object_list if r.member == member]
    assert (listed.context["years"], row.flagged) == ([2022], True)


def test_votes_above_the_voters_are_refused(client_for, world, objects):
    url = reverse("transfers:appraisal_edit", args=["a", objects["review"].pk, objects["member"].pk])
    data = {"votes_excellent": 5, "votes_qualified": 0, "votes_basic": 0, "votes_unqualified": 0, "grade": "excellent"}
    response = client_for("secretary").post(url, data)
    assert response.context["form"].non_field_errors() == ["票数合计 5 超过参加评议的党员人数 1"]


def test_term_recorded_through_the_page(client_for, world, objects):
    staff = objects["member"].staff
    response = client_for("branch").post(
        reverse("transfers:term_create", args=["a"]),
        {"organization": world.branch.pk, "elected_on": "2022-06-30", "post_secretary": staff.pk},
    )
    assert response.status_code == 302
    world.branch.refresh_from_db()
    assert (world.branch.term_starts_on, world.branch.term_ends_on) == (dt.date(2022, 6, 30), dt.date(2025, 6, 29))
    term = BranchTerm.objects.get(elected_on=dt.date(2022, 6, 30))
    assert [(p.staff, p.post) for p in term.posts.all()] == [(staff, "secretary")]


def test_a_branch_secretary_records_terms_only_for_their_branch(client_for, world, objects):
    other = f.OrganizationFactory(school=world.school, name="第二党支部")
    response = client_for("branch").post(
        reverse("transfers:term_create", args=["a"]),
        {"organization": other.pk, "elected_on": "2022-06-30", "post_secretary": objects["member"].staff.pk},
    )
    assert response.status_code == 200 and "organization" in response.context["form"].errors


# Query counts: a list costs the same with 1 or 3 times the rows --------------------------------------


def _grow(world, county, n):
    for i in range(n):
        member = f.PartyMemberFactory(branch=world.branch)
        Transfer.objects.create(
            direction="out",
            state="done",
            from_school=world.school,
            member=member,
            name=f"转出{i}",
            destination="外地",
            letter_number=str(i),
            transfer_on=dt.date(2022, 9, 1),
        )
        review = f.ActivityFactory(organization=world.branch, kinds=["review"])
        Appraisal.objects.create(activity=review, member=member, year=2022 - i, grade="qualified", votes_qualified=1)
        branch = f.OrganizationFactory(school=world.school)
        term = BranchTerm.objects.create(organization=branch, elected_on=dt.date(2021, 1, 1))
        term.posts.create(staff=member.staff, post="secretary")


@pytest.mark.parametrize(
    "name,args",
    [("transfer_list", []), ("term_list", []), ("appraisal_list", []), ("appraisal_activity", ["review"])],
)
def test_list_pages_query_count_does_not_grow(
    client_for, world, objects, county, django_assert_max_num_queries, name, args
):
    client = client_for("secretary")
    url = reverse(f"transfers:{name}", args=["a", *[objects[a].pk for a in args]])
    _grow(world, county, 1)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    _grow(world, county, 3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
