import hashlib
import secrets

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q

from .enums import SCHOOL_ROLES, Role


class User(AbstractUser):
    must_change_password = models.BooleanField(
        "首次登录须改密码", default=False, help_text="用一次性初始密码登录后，须先设置自己的密码才能使用系统。"
    )

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def get_full_name(self):
        return (self.last_name + self.first_name).strip()

    @property
    def display_name(self) -> str:
        """The staff record's name, else the account's name, else the username."""
        try:
            return self.staff.name
        except ObjectDoesNotExist:
            return self.get_full_name() or self.username


class RoleGrant(models.Model):
    """A role held by a user within a scope: a county, a school, or one Party organization."""

    user = models.ForeignKey(User, models.CASCADE, related_name="role_grants", verbose_name="用户")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    county = models.ForeignKey(
        "school.County", models.CASCADE, null=True, blank=True, related_name="+", verbose_name="县（区）"
    )
    school = models.ForeignKey(
        "school.School", models.CASCADE, null=True, blank=True, related_name="+", verbose_name="学校"
    )
    organization = models.ForeignKey(
        "party.Organization",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="党组织",
        help_text="支部书记/党小组长：所负责的支部或党小组。",
    )

    class Meta:
        verbose_name = verbose_name_plural = "角色授权"
        constraints = [
            models.CheckConstraint(
                condition=(Q(role=Role.COUNTY) & Q(county__isnull=False) & Q(school__isnull=True))
                | (Q(role=Role.BRANCH_SECRETARY) & Q(organization__isnull=False))
                | (Q(role__in=SCHOOL_ROLES) & Q(school__isnull=False) & Q(organization__isnull=True)),
                name="role_grant_scope_matches_role",
            ),
        ]

    def __str__(self):
        scope = self.county or self.organization or self.school
        return f"{self.user} · {self.get_role_display()} · {scope}"

    def clean(self):
        if self.role == Role.COUNTY and not self.county_id:
            raise ValidationError({"county": "县教育工委角色必须指定县（区）。"})
        if self.role == Role.BRANCH_SECRETARY and not self.organization_id:
            raise ValidationError({"organization": "支部书记角色必须指定党组织。"})
        if self.role in SCHOOL_ROLES and not self.school_id:
            raise ValidationError({"school": "该角色必须指定学校。"})
        if self.role == Role.BRANCH_SECRETARY and self.organization_id:
            self.school_id = self.organization.school_id


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only its hash is stored; the key is shown once at creation."""

    PREFIX = "dj_"

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens", verbose_name="用户")
    name = models.CharField("名称", max_length=50, help_text="用途说明，如“统计脚本”。")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField("令牌前缀", max_length=12, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "API 令牌"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class AuditLog(models.Model):
    """Who did or read what, when and from where. Written by services; never edited."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+", verbose_name="用户")
    school = models.ForeignKey("school.School", models.SET_NULL, null=True, related_name="+", verbose_name="学校")
    action = models.CharField("操作", max_length=40, db_index=True)
    object_type = models.CharField("对象类型", max_length=60, blank=True)
    object_id = models.CharField("对象编号", max_length=40, blank=True)
    summary = models.CharField("摘要", max_length=200, blank=True)
    ip_address = models.GenericIPAddressField("来源 IP", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "审计日志"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.object_type}#{self.object_id}"


# The login-lock records of django-axes, with Chinese names in the admin (axes ships no Chinese translation).
class LoginAttempt(AccessAttempt):
    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "登录失败与锁定"


class LoginLog(AccessLog):
    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "登录记录"


class LoginFailure(AccessFailureLog):
    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "登录失败记录"
