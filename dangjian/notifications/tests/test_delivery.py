"""Sending: e-mail through a local SMTP server, robot posts to a local receiver (WeCom and signed DingTalk
formats), one post per group per event, retries with backoff, a failing channel that blocks nothing, and no
student name ever in an e-mail or robot message."""

import base64
import datetime as dt
import hashlib
import hmac
import io
import socket

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from dangjian.meetings.queries import day_start
from dangjian.notifications import events, webhooks
from dangjian.notifications.models import ChannelChoice, Delivery, Notification, Webhook
from dangjian.notifications.services import MAX_ATTEMPTS, deliver, deliver_due, notify
from dangjian.tests import factories as f

TODAY = dt.date(2023, 4, 10)


@pytest.fixture
def teacher(world):
    user = world.users["teacher"]
    user.email = "wang@example.cn"
    user.save()
    return user


def _send(world, users, capture, **kw):
    with capture(execute=True):
        made = notify(
            users,
            world.school,
            kind="test",
            title="明天15:00：学习党章",
            body="请准时参加。",
            link="/s/a/me/",
            event_key=kw.pop("event_key", "test:1"),
            **kw,
        )
    return made


def test_email_reaches_the_smtp_server(world, teacher, smtp, django_capture_on_commit_callbacks):
    ChannelChoice.objects.create(school=world.school, email=True)  # the school's default
    made = _send(world, [teacher], django_capture_on_commit_callbacks)
    assert len(made) == 1 and Notification.objects.get().recipient == teacher
    assert "【党建343】明天15:00：学习党章" in smtp.text and "请准时参加。" in smtp.text
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 1, "")


def test_users_own_choice_beats_the_school_default(world, teacher, smtp, django_capture_on_commit_callbacks):
    ChannelChoice.objects.create(school=world.school, email=True)
    ChannelChoice.objects.create(school=world.school, user=teacher, email=False)
    _send(world, [teacher], django_capture_on_commit_callbacks)
    assert smtp.messages == [] and Notification.objects.count() == 1  # in-app only


def test_wecom_markdown_once_per_group(world, teacher, robot, django_capture_on_commit_callbacks):
    Webhook.objects.create(school=world.school, organization=world.branch, provider="wecom", url=robot.url)
    ChannelChoice.objects.create(school=world.school, robot=True)
    other = f.PartyMemberFactory(branch=world.branch, staff__user=f.UserFactory()).staff.user
    _send(world, [teacher, other], django_capture_on_commit_callbacks)
    assert Notification.objects.count() == 2
    assert len(robot.requests) == 1  # the branch's group hears of the event once
    path, body = robot.requests[0]
    assert path == "/hook"
    assert body["msgtype"] == "markdown" and body["markdown"]["content"].startswith(
        "**明天15:00：学习党章**\n请准时参加。"
    )
    _send(world, [teacher], django_capture_on_commit_callbacks)  # the same event again: nobody is told twice
    assert (Notification.objects.count(), len(robot.requests)) == (2, 1)


def test_dingtalk_markdown_signed(world, teacher, robot, django_capture_on_commit_callbacks):
    secret = "SEC0123456789"
    Webhook.objects.create(school=world.school, provider="dingtalk", url=robot.url + "?access_token=t", secret=secret)
    ChannelChoice.objects.create(school=world.school, robot=True)
    _send(world, [teacher], django_capture_on_commit_callbacks)
    _, body = robot.requests[0]
    assert body["msgtype"] == "markdown" and body["markdown"]["title"] == "明天15:00：学习党章"
    assert "请准时参加。" in body["markdown"]["text"]
    query = robot.query()
    timestamp, sign = query["timestamp"][0], query["sign"][0]
    expected = base64.b64encode(hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest())
    assert (query["access_token"], sign) == (["t"], expected.decode())
    assert abs(int(timestamp) / 1000 - timezone.now().timestamp()) < 60


def test_a_failing_robot_is_retried_with_backoff(world, teacher, robot, django_capture_on_commit_callbacks):
    Webhook.objects.create(school=world.school, provider="wecom", url=robot.url)
    ChannelChoice.objects.create(school=world.school, robot=True)
    robot.failures = 1
    _send(world, [teacher], django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("pending", 1, "WebhookError: HTTP 500")
    assert delivery.next_attempt_at > timezone.now()
    assert deliver_due() == 0  # not yet due
    assert deliver_due(delivery.next_attempt_at + dt.timedelta(seconds=1)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(robot.requests)) == ("sent", 2, 2)


def test_gives_up_after_the_last_attempt_and_other_channels_still_go(
    world, teacher, robot, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens: every mail attempt fails
    Webhook.objects.create(school=world.school, provider="wecom", url=robot.url)
    ChannelChoice.objects.create(school=world.school, email=True, robot=True)
    made = _send(world, [teacher], django_capture_on_commit_callbacks)
    assert len(made) == 1 and len(robot.requests) == 1  # the robot got it although the mail failed
    mail = Delivery.objects.get(channel="email")
    later = timezone.now()
    while mail.status == "pending":
        later += dt.timedelta(days=1)
        deliver(mail.pk, later)
        mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.next_attempt_at) == ("failed", MAX_ATTEMPTS, None)
    assert "Connection refused" in mail.last_error or "Error" in mail.last_error


def test_notify_never_raises(world, teacher, monkeypatch):
    monkeypatch.setattr("dangjian.notifications.services.choices_for", lambda *a: 1 / 0)
    assert notify([teacher], world.school, kind="x", title="t", event_key="k") == []


def test_webhook_urls_are_checked(settings):
    with pytest.raises(ValidationError):
        webhooks.validate_webhook_url("ftp://example.cn/hook")
    with pytest.raises(ValidationError):
        webhooks.validate_webhook_url("javascript:alert(1)")
    webhooks.validate_webhook_url("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")
    settings.DANGJIAN_WEBHOOK_ALLOW_PRIVATE = False
    hook = Webhook(provider="wecom", url="http://127.0.0.1:9/hook")
    with pytest.raises(webhooks.WebhookError, match="内部地址"):
        webhooks.post(hook, "t", "x")


def test_plan_submit_and_approve_tell_the_right_people(world, client_for):
    from dangjian.meetings.services import plan_transition

    semester = f.SemesterFactory(school_year=world.year)
    plan = f.LessonPlanFactory(organization=world.branch, semester=semester, created_by=world.users["branch"])
    f.PlannedLessonFactory(plan=plan)
    plan_transition(plan=plan, action="submit", actor=world.users["branch"], may_approve=False)
    assert [(n.recipient.username, n.kind) for n in Notification.objects.all()] == [("secretary", "plan_submitted")]
    plan_transition(plan=plan, action="approve", actor=world.users["secretary"], may_approve=True)
    assert {(n.recipient.username, n.kind) for n in Notification.objects.filter(kind="plan_approved")} == {
        ("branch", "plan_approved")
    }


def test_checkin_opening_tells_invitees_not_yet_checked_in(world, teacher):
    start = timezone.now() + dt.timedelta(minutes=10)
    activity = f.ActivityFactory(organization=world.branch, status="planned", starts_at=start, topic="四月党小组会")
    f.AttendanceFactory(activity=activity, staff=teacher.staff, status="")
    f.AttendanceFactory(activity=activity, staff=f.StaffFactory(school=world.school, user=f.UserFactory()))
    assert events.checkins_open(start - dt.timedelta(hours=2)) == 0  # window not open yet
    assert events.checkins_open() == 1 and events.checkins_open() == 0
    assert Notification.objects.get().title == "可以签到了：四月党小组会"


def test_no_student_name_leaves_the_product(world, teacher, smtp, robot, settings, django_capture_on_commit_callbacks):
    """The daily run with a support pairing due (a special student) and a meeting tomorrow: the helper and the
    counselling centre are mailed, the branch's robot posts; no student name in any of it."""
    settings.DANGJIAN_TODAY = TODAY.isoformat()
    semester = f.SemesterFactory(
        school_year=world.year, term=2, starts_on=dt.date(2023, 2, 15), ends_on=dt.date(2023, 7, 10)
    )
    student = f.StudentFactory(school=world.school, name="甲同学")
    f.SpecialStudentCaseFactory(student=student, school_year=world.year)
    f.PairingFactory(student=student, semester=semester, kind="special", helper=teacher.staff)
    counsellor = world.users["counsellor"]
    counsellor.email = "xinli@example.cn"
    counsellor.save()
    activity = f.ActivityFactory(
        organization=world.branch,
        status="planned",
        topic="学习党章",
        starts_at=day_start(TODAY + dt.timedelta(days=1)) + dt.timedelta(hours=15),
    )
    f.AttendanceFactory(activity=activity, staff=teacher.staff, status="")
    Webhook.objects.create(school=world.school, provider="dingtalk", url=robot.url)
    ChannelChoice.objects.create(school=world.school, email=True, robot=True)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_notifications", "--daily", stdout=io.StringIO())
    digest = Notification.objects.get(recipient=teacher, kind="digest")
    assert "您有 1 项帮扶联系待完成" in digest.body
    assert "学习党章" in smtp.text and "帮扶联系" in smtp.text and "学校待办" in smtp.text
    assert robot.requests and "学习党章" in robot.bodies
    assert "甲同学" not in smtp.text and "甲同学" not in robot.bodies
    assert not Notification.objects.filter(body__contains="甲同学").exists()


def test_the_worker_gets_the_retry_deferred(world, teacher, robot, settings, django_capture_on_commit_callbacks):
    """With a backend that defers (the database worker's), a failed attempt queues the next at its time."""
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    Webhook.objects.create(school=world.school, provider="wecom", url=robot.url)
    ChannelChoice.objects.create(school=world.school, robot=True)
    robot.failures = 1
    _send(world, [teacher], django_capture_on_commit_callbacks)  # queued, not run
    delivery = Delivery.objects.get()
    deliver(delivery.pk)
    delivery.refresh_from_db()
    queued = default_task_backend.results
    assert [r.task.run_after for r in queued] == [None, delivery.next_attempt_at]
    assert [r.args for r in queued] == [[delivery.pk], [delivery.pk]]


def test_the_connection_goes_to_the_address_that_was_checked(settings, monkeypatch):
    """DNS rebinding: the old code looked the host up to check it, then urllib looked it up again to connect,
    so a name answering a public address first and 127.0.0.1 next got the post through to an internal service."""
    settings.DANGJIAN_WEBHOOK_ALLOW_PRIVATE = False
    real = socket.getaddrinfo
    answers = iter(["93.184.216.34", "127.0.0.1"])
    connected = []

    def rebinding(host, port, *args, **kwargs):
        if host != "robot.example.cn":
            return real(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers, "127.0.0.1"), port))]

    def connect(address, *args):
        connected.append(address)
        raise ConnectionRefusedError("test: no network")

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(socket, "create_connection", connect)
    with pytest.raises(webhooks.WebhookError):
        webhooks.post(Webhook(provider="wecom", url="http://robot.example.cn:8080/hook"), "t", "x")
    assert connected == [("93.184.216.34", 8080)]


def test_robot_posts_go_through_the_servers_forward_proxy(robot, settings, monkeypatch):
    """Old code checked the address the socket reached, which behind a proxy is the proxy: an internal proxy
    refused every post, and the robot's own host went unchecked."""
    settings.DANGJIAN_WEBHOOK_ALLOW_PRIVATE = False
    monkeypatch.setenv("HTTP_PROXY", robot.url.rsplit("/", 1)[0])  # the local receiver plays the proxy
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    real = socket.getaddrinfo
    public = {"robot.example.cn": "93.184.216.34", "intranet.example.cn": "10.0.0.5"}

    def lookup(host, port, *args, **kwargs):
        if host in public:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (public[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    webhooks.post(Webhook(provider="wecom", url="http://robot.example.cn/hook"), "t", "x")
    assert robot.requests[-1][0] == "http://robot.example.cn/hook"  # the proxy was asked for the robot's URL
    with pytest.raises(webhooks.WebhookError, match="内部地址 10.0.0.5"):
        webhooks.post(Webhook(provider="wecom", url="http://intranet.example.cn/hook"), "t", "x")
    assert len(robot.requests) == 1
