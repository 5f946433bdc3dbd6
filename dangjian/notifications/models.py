"""The outbox: a Notification per recipient (read in the product), and a Delivery per outside channel it goes
out on (e-mail, a group robot), each retried with backoff and logged (attempts, last error)."""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q

from dangjian.party.models import Organization
from dangjian.school.models import School

from .webhooks import validate_webhook_url


class Channel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    ROBOT = "robot", "群机器人"


class Provider(models.TextChoices):
    WECOM = "wecom", "企业微信"
    DINGTALK = "dingtalk", "钉钉"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name="接收人"
    )
    school = models.ForeignKey(School, models.CASCADE, related_name="+", verbose_name="学校")
    kind = models.CharField("类型", max_length=30)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    event_key = models.CharField(
        "事件", max_length=100, help_text="同一事件对同一人只提醒一次；群机器人对同一事件只发一条。"
    )
    created = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "消息"
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [models.UniqueConstraint(fields=["recipient", "event_key"], name="unique_notice_per_event")]

    def __str__(self):
        return self.title


class Webhook(models.Model):
    """A group robot of 企业微信 or 钉钉: the school's, or one Party organization's (a branch's group chat)."""

    school = models.ForeignKey(School, models.CASCADE, related_name="+", verbose_name="学校")
    organization = models.ForeignKey(
        Organization,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="党组织",
        help_text="不填为全校的群；填写则该组织（含下级）的成员的提醒发到这个群。",
    )
    provider = models.CharField("平台", max_length=10, choices=Provider.choices)
    url = models.CharField("Webhook 地址", max_length=500, validators=[URLValidator(), validate_webhook_url])
    secret = models.CharField(
        "加签密钥", max_length=100, blank=True, help_text="钉钉机器人“加签”的密钥（SEC 开头），可不填。"
    )
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "群机器人"
        ordering = ["school", "organization_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school"], condition=Q(organization__isnull=True), name="one_school_webhook"
            ),
            models.UniqueConstraint(fields=["organization"], name="one_webhook_per_org"),
        ]

    def __str__(self):
        return f"{self.organization or self.school} {self.get_provider_display()}"


class Delivery(models.Model):
    notification = models.ForeignKey(Notification, models.CASCADE, related_name="deliveries", verbose_name="消息")
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    webhook = models.ForeignKey(
        Webhook, models.CASCADE, null=True, blank=True, related_name="+", verbose_name="群机器人"
    )
    status = models.CharField("状态", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.CharField("最近错误", max_length=300, blank=True)
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "发送记录"
        ordering = ["-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.notification} → {self.get_channel_display()}"


class ChannelChoice(models.Model):
    """Which outside channels someone hears on, and whether they get the daily digest: a row with a user is
    their own choice, a row without one (per school) the school's default."""

    school = models.ForeignKey(School, models.CASCADE, related_name="+", verbose_name="学校")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="+", verbose_name="用户"
    )
    email = models.BooleanField("电子邮件", default=False)
    robot = models.BooleanField("群机器人", default=False)
    digest = models.BooleanField("每日待办摘要", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "提醒渠道设置"
        constraints = [
            models.UniqueConstraint(fields=["school"], condition=Q(user__isnull=True), name="one_school_default")
        ]

    def __str__(self):
        return str(self.user or self.school)
