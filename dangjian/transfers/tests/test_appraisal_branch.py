"""民主评议 of a whole branch on one screen: every member's row validated by the single form's rules and
saved together or not at all, in a constant number of queries."""

import pytest
from django.urls import reverse

from dangjian.accounts.models import AuditLog
from dangjian.tests import factories as f
from dangjian.tests.test_view_permissions import ADMINS, ROLES, expect
from dangjian.transfers.models import Appraisal
from dangjian.transfers.queries import branch_appraisals, branch_review

pytestmark = pytest.mark.django_db

READERS = ADMINS | {"branch"}

GRADE_FIELDS = [
    "votes_excellent",
    "votes_qualified",
    "votes_basic",
    "votes_unqualified",
    "grade",
    "decision",
    "follow_up",
]


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = "2022-12-20"


@pytest.fixture
def review(world, county):
    """第一党支部's 2022 民主评议, with 王老师 (full), 陈老师 (full) and 林预备 (probationary)."""
    f.PartyMemberFactory(branch=world.branch, staff__name="陈老师", staff__staff_number="T900")
    f.PartyMemberFactory(
        branch=world.branch, status="probationary", full_on=None, staff__name="林预备", staff__staff_number="T901"
    )
    f.PartyMemberFactory(branch=world.branch, status="applicant", staff__name="申请人")  # not appraised
    return f.ActivityFactory(organization=world.branch, kinds=["review"], topic="2022年度民主评议党员")


def url(world, year=2022):
    return reverse("transfers:appraisal_branch", args=["a", world.branch.pk, year])


def row(appraisal, **values) -> dict:
    prefix = f"a-{appraisal.member_id}"
    data = {"votes_excellent": 0, "votes_qualified": 0, "votes_basic": 0, "votes_unqualified": 0, "grade": ""}
    data |= {"decision": "", "follow_up": ""} | values
    return {f"{prefix}-{k}": v for k, v in data.items()}


def post_data(rows) -> dict:
    data = {"a-TOTAL_FORMS": len(rows), "a-INITIAL_FORMS": 0, "a-MIN_NUM_FORMS": 0, "a-MAX_NUM_FORMS": 1000}
    for values in rows:
        data |= values
    return data


def members(world, review):
    return {a.member.staff.name: a for a in branch_appraisals(review, world.branch)}


def test_the_screen_lists_full_and_probationary_members_prefilled(client_for, world, review):
    wang = members(world, review)["王老师"]
    Appraisal.objects.create(
        activity=review, member=wang.member, year=2022, grade="excellent", votes_excellent=2, decision="通过"
    )
    response = client_for("branch").get(url(world))
    forms = response.context["formset"].forms
    assert sorted(form.instance.member.staff.name for form in forms) == sorted(["王老师", "陈老师", "林预备"])
    [prefilled] = [form for form in forms if form.instance.pk]
    assert (prefilled.instance.member.staff.name, prefilled["grade"].value(), prefilled["decision"].value()) == (
        "王老师",
        "excellent",
        "通过",
    )
    assert response.context["voters"] == 2


def test_all_rows_saved_together_blank_rows_skipped(client_for, world, review):
    people = members(world, review)
    data = post_data(
        [
            row(people["王老师"], votes_excellent=2, grade="excellent", decision="支部大会通过"),
            row(people["陈老师"], votes_qualified=2, grade="qualified"),
            row(people["林预备"]),  # not graded yet
        ]
    )
    response = client_for("branch").post(url(world), data)
    assert response.status_code == 302
    saved = {
        a.member.staff.name: (a.grade, a.year, a.decision) for a in Appraisal.objects.select_related("member__staff")
    }
    assert saved == {"王老师": ("excellent", 2022, "支部大会通过"), "陈老师": ("qualified", 2022, "")}
    assert AuditLog.objects.filter(action="appraisal.branch_save").count() == 1


def test_one_bad_row_saves_nothing_and_names_the_member(client_for, world, review):
    people = members(world, review)
    data = post_data(
        [
            row(people["王老师"], votes_excellent=2, grade="excellent"),
            row(people["林预备"], votes_unqualified=2, grade="unqualified"),  # no follow-up
            row(people["陈老师"], votes_qualified=3, grade="qualified"),  # 3 votes, 2 voters
        ]
    )
    response = client_for("secretary").post(url(world), data)
    assert response.status_code == 200
    assert Appraisal.objects.count() == 0
    errors = {form.instance.member.staff.name: form.errors for form in response.context["formset"] if form.errors}
    assert errors == {
        "林预备": {"follow_up": ["评为不合格须填写后续处置（取消预备党员资格）。"]},
        "陈老师": {"__all__": ["票数合计 3 超过参加评议的党员人数 2"]},
    }
    text = response.content.decode()
    assert "林预备</a>：后续处置评为不合格须填写后续处置（取消预备党员资格）。" in text
    assert "陈老师</a>：票数合计 3 超过参加评议的党员人数 2" in text


def test_an_existing_grade_is_updated(client_for, world, review):
    wang = members(world, review)["王老师"]
    Appraisal.objects.create(activity=review, member=wang.member, year=2022, grade="excellent", votes_excellent=2)
    people = members(world, review)
    data = post_data(
        [row(people["王老师"], votes_basic=2, grade="basic"), row(people["陈老师"]), row(people["林预备"])]
    )
    assert client_for("branch").post(url(world), data).status_code == 302
    assert list(Appraisal.objects.values_list("grade", "votes_basic", "votes_excellent")) == [("basic", 2, 0)]


def test_a_year_without_a_review_says_so(client_for, world, review):
    response = client_for("branch").get(url(world, 2020))
    assert response.context["activity"] is None
    assert "没有民主评议党员活动" in response.content.decode()


def test_a_review_of_the_parent_organization_appraises_the_branch(world):
    general = f.OrganizationFactory(school=world.school, kind="general_branch", name="党总支")
    world.branch.parent = general
    world.branch.save(update_fields=["parent"])
    activity = f.ActivityFactory(organization=general, kinds=["review"])
    assert branch_review(world.school, world.branch, 2022) == activity


def test_another_branchs_secretary_gets_404(client, world, review):
    other = f.OrganizationFactory(school=world.school, name="第二党支部")
    secretary = f.RoleGrantFactory(
        user__username="other_branch", role="branch_secretary", organization=other, school=world.school
    ).user
    client.force_login(secretary)
    assert client.get(url(world)).status_code == 404


def test_query_count_does_not_grow_with_the_branch(client_for, world, review, django_assert_max_num_queries):
    client = client_for("branch")

    def save_all():
        people = members(world, review)
        data = post_data([row(a, votes_qualified=1, grade="qualified") for a in people.values()])
        assert client.post(url(world), data).status_code == 302

    with django_assert_max_num_queries(40) as small_get:
        client.get(url(world))
    with django_assert_max_num_queries(60) as small_post:
        save_all()
    for n in range(12):
        f.PartyMemberFactory(branch=world.branch, staff__name=f"新党员{n}")
    with django_assert_max_num_queries(len(small_get.captured_queries)):
        client.get(url(world))
    with django_assert_max_num_queries(len(small_post.captured_queries)):
        save_all()


@pytest.mark.parametrize("role", ROLES)
def test_saving_per_role(world, county, review, client_for, role):
    """Same permissions as single entry: the school's admins and the branch's secretary save; others 403/404."""
    people = members(world, review)
    data = post_data([row(a, votes_qualified=1, grade="qualified") for a in people.values()])
    response = client_for(role).post(url(world), data)
    expected = {**expect(READERS), **dict.fromkeys(READERS, 302)}
    assert response.status_code == expected[role]
    assert Appraisal.objects.count() == (3 if role in READERS else 0)
