"""The pages: every role against every route, the bell's unread count (one query), the list that marks read,
全部标为已读, a user's own channels, the school's defaults and robots; admin pages."""

import pytest
from django.urls import reverse

from dangjian.notifications.models import ChannelChoice, Notification, Webhook
from dangjian.tests.test_view_permissions import ROLES, expect

SETTERS = {"secretary", "party_staff", "branch", "superuser"}
SIGNED_IN = {r for r in ROLES if r != "anonymous"}
WITH_A_SCHOOL = SIGNED_IN - {"county", "superuser"}


def _notice(world, user, n=1, **kw):
    return [
        Notification.objects.create(
            recipient=user, school=world.school, kind="x", title=f"消息{i}", event_key=f"x:{i}", **kw
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("role", ROLES)
def test_list_and_read_all_per_role(client_for, world, role):
    client = client_for(role)
    assert client.get(reverse("notifications:list")).status_code == (302 if role == "anonymous" else 200)
    assert client.post(reverse("notifications:read_all")).status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_preferences_per_role(client_for, world, role):
    """Everyone with a school chooses their own channels; the county and a superuser have no school to belong to."""
    status = client_for(role).get(reverse("notifications:preferences")).status_code
    assert status == (302 if role == "anonymous" else 200 if role in WITH_A_SCHOOL else 404)


@pytest.mark.parametrize("role", ROLES)
def test_school_settings_per_role(client_for, world, role):
    response = client_for(role).get(reverse("notifications:school_settings", args=["a"]))
    assert response.status_code == expect(SETTERS)[role]


@pytest.mark.parametrize("role", ROLES)
def test_webhook_delete_per_role(client_for, world, role):
    hook = Webhook.objects.create(
        school=world.school,
        organization=world.branch,
        provider="wecom",
        url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    )
    response = client_for(role).post(reverse("notifications:webhook_delete", args=["a", hook.pk]))
    gone = not Webhook.objects.filter(pk=hook.pk).exists()
    assert (response.status_code, gone) == ((302, True) if role in SETTERS else (expect(SETTERS)[role], False))


def test_bell_counts_unread_and_the_list_marks_read(client_for, world, django_assert_max_num_queries):
    teacher = world.users["teacher"]
    _notice(world, teacher, 3)
    _notice(world, world.users["secretary"], 2)  # someone else's
    client = client_for("teacher")
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "消息：3 条未读" in page
    with django_assert_max_num_queries(12):
        listing = client.get(reverse("notifications:list")).content.decode()
    assert listing.count("list-group-item-warning") == 3
    assert Notification.objects.filter(recipient=teacher, read_at__isnull=True).count() == 0
    assert "条未读" not in client.get(reverse("notifications:list")).content.decode()


def test_list_queries_do_not_grow(client_for, world, django_assert_max_num_queries):
    _notice(world, world.users["teacher"], 40)
    client = client_for("teacher")
    with django_assert_max_num_queries(12):
        client.get(reverse("notifications:list"))


def test_read_all(client_for, world):
    _notice(world, world.users["teacher"], 2)
    response = client_for("teacher").post(reverse("notifications:read_all"), follow=True)
    assert "已将 2 条消息标为已读。" in response.content.decode()


def test_preferences_start_from_the_school_default_and_save_the_users_own(client_for, world):
    ChannelChoice.objects.create(school=world.school, email=True, robot=False, digest=True)
    client = client_for("teacher")
    form = client.get(reverse("notifications:preferences")).context["form"]
    assert (form["email"].value(), form["robot"].value(), form["digest"].value()) == (True, False, True)
    assert client.post(reverse("notifications:preferences"), {"robot": "on"}).status_code == 302
    own = ChannelChoice.objects.get(user=world.users["teacher"])
    assert (own.school, own.email, own.robot, own.digest) == (world.school, False, True, False)


def test_school_defaults_by_admins_only(client_for, world):
    url = reverse("notifications:school_settings", args=["a"])
    assert client_for("branch").post(url, {"form": "defaults", "d-email": "on"}).status_code == 404
    assert client_for("secretary").post(url, {"form": "defaults", "d-email": "on"}).status_code == 302
    default = ChannelChoice.objects.get(user__isnull=True)
    assert (default.school, default.email, default.robot, default.digest) == (world.school, True, False, False)


def test_robot_urls_are_validated_and_a_branch_sets_only_its_own(client_for, world):
    url = reverse("notifications:school_settings", args=["a"])
    bad = client_for("branch").post(
        url,
        {"form": "webhook", "w-organization": world.branch.pk, "w-provider": "wecom", "w-url": "ftp://example.cn/x"},
    )
    assert bad.status_code == 200 and not Webhook.objects.exists()
    whole_school = client_for("branch").post(
        url, {"form": "webhook", "w-provider": "wecom", "w-url": "https://qyapi.weixin.qq.com/x"}
    )
    assert whole_school.status_code == 200 and not Webhook.objects.exists()  # a branch has no say on the school's
    ok = client_for("branch").post(
        url,
        {
            "form": "webhook",
            "w-organization": world.branch.pk,
            "w-provider": "dingtalk",
            "w-url": "https://oapi.dingtalk.com/robot/send?access_token=t",
            "w-secret": "SECabc",
        },
    )
    assert ok.status_code == 302
    assert Webhook.objects.get().organization == world.branch


@pytest.mark.parametrize("model", ["notification", "delivery", "webhook", "channelchoice"])
def test_admin_pages(client_for, world, model):
    _notice(world, world.users["teacher"])
    client = client_for("superuser")
    assert client.get(reverse(f"admin:notifications_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:notifications_{model}_add")).status_code == 200


@pytest.mark.parametrize("role", ["secretary", "branch", "teacher"])
def test_the_settings_page_is_in_the_menu_of_those_who_may_open_it(client_for, world, role):
    page = client_for(role).get(reverse("school:home", args=["a"])).content.decode()
    assert (reverse("notifications:school_settings", args=["a"]) in page) == (role in SETTERS)
