import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangjian.party.models import Organization
from dangjian.school.models import School, Semester, Staff

from .enums import ActivityStatus, AttendanceStatus, Kind, LessonStatus, PlanStatus


def _count(label: str, default: int, help_text: str = ""):
    return models.PositiveSmallIntegerField(
        label, default=default, validators=[MaxValueValidator(31)], help_text=help_text
    )


class RuleSettings(models.Model):
    """A school's 三会一课 rules; defaults from 《中国共产党支部工作条例（试行）》."""

    school = models.OneToOneField(School, models.CASCADE, related_name="meeting_rules", verbose_name="学校")
    general_meetings_per_quarter = _count("支部党员大会（次/季度）", 1)
    committee_meetings_per_month = _count("支部委员会会议（次/月）", 1, "仅对设支部委员会（正式党员 7 名以上）的支部。")
    group_meetings_per_month = _count("党小组会（次/月）", 1)
    lessons_per_quarter = _count("支部党课（次/季度）", 1, "学期党课计划可安排更多。")
    theme_days_per_month = _count("主题党日（次/月）", 1)
    life_meetings_per_year = _count("组织生活会（次/年）", 1)
    reviews_per_year = _count("民主评议党员（次/年）", 1)
    talks_per_member_per_year = _count("谈心谈话（次/人·年）", 1)
    secretary_lessons_per_year = _count("党组织书记讲党课（次/年）", 1)
    leader_lessons_per_year = _count("党员校级领导讲党课（次/人·年）", 1)
    holiday_months = models.CharField(
        "寒暑假月份",
        max_length=40,
        default="2,7,8",
        blank=True,
        help_text="逗号分隔的月份，如 2,7,8：这些月份不要求按月开展的活动。",
    )
    due_soon_days = models.PositiveSmallIntegerField(
        "提前提醒天数", default=10, validators=[MaxValueValidator(60)], help_text="本期结束前多少天提示“即将到期”。"
    )
    checkin_before_minutes = models.PositiveSmallIntegerField(
        "开始前可签到（分钟）", default=30, validators=[MaxValueValidator(240)]
    )
    checkin_after_minutes = models.PositiveSmallIntegerField(
        "结束后可签到（分钟）", default=30, validators=[MaxValueValidator(240)]
    )

    class Meta:
        verbose_name = verbose_name_plural = "三会一课规则设置"

    def __str__(self):
        return f"{self.school} 三会一课规则"

    def get_absolute_url(self):
        return reverse("meetings:settings", args=[self.school.code])


class LessonPlan(models.Model):
    """A branch's Party-lesson plan for one semester (定时、定人、定主题)."""

    school = models.ForeignKey(School, models.CASCADE, related_name="lesson_plans", verbose_name="学校")
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="lesson_plans", verbose_name="党组织")
    semester = models.ForeignKey(Semester, models.PROTECT, related_name="+", verbose_name="学期")
    status = models.CharField("状态", max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="制定人"
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="审批人"
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "学期党课计划"
        ordering = ["school", "-semester__starts_on", "organization__order", "organization_id"]
        constraints = [models.UniqueConstraint(fields=["organization", "semester"], name="unique_lesson_plan")]

    def __str__(self):
        return f"{self.organization.name} {self.semester} 党课计划"

    def get_absolute_url(self):
        return reverse("meetings:plan_detail", args=[self.school.code, self.pk])


class Activity(models.Model):
    """One meeting, lesson or other organizational activity, planned, held or cancelled."""

    school = models.ForeignKey(School, models.CASCADE, related_name="activities", verbose_name="学校")
    organization = models.ForeignKey(Organization, models.PROTECT, related_name="activities", verbose_name="组织单位")
    topic = models.CharField("主题", max_length=200)
    status = models.CharField("状态", max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.HELD)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    place = models.CharField("地点", max_length=100, blank=True)
    host = models.ForeignKey(
        Staff, models.SET_NULL, null=True, blank=True, related_name="hosted_activities", verbose_name="主持人"
    )
    lecturer = models.ForeignKey(
        Staff, models.SET_NULL, null=True, blank=True, related_name="lectures", verbose_name="授课人"
    )
    minutes = models.TextField("会议记录", blank=True)
    resolutions = models.TextField("决议事项", blank=True)
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="记录人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "组织生活记录"
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["school", "starts_at"]),
            models.Index(fields=["organization", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="activity_ends_after_start")
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d} {self.topic}"

    def get_absolute_url(self):
        return reverse("meetings:activity_detail", args=[self.school.code, self.pk])

    @property
    def kinds_in_order(self) -> list["ActivityKind"]:
        """Its kinds in the vocabulary's order (uses the prefetched rows)."""
        order = list(Kind.values)
        return sorted(self.kind_rows.all(), key=lambda row: order.index(row.kind))


class ActivityKind(models.Model):
    """One kind an activity counts as (a 主题党日 that is also a 党员大会 has two rows)."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="kind_rows", verbose_name="活动")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = verbose_name_plural = "活动类型"
        constraints = [models.UniqueConstraint(fields=["activity", "kind"], name="unique_activity_kind")]
        indexes = [models.Index(fields=["kind", "activity"])]

    def __str__(self):
        return self.get_kind_display()


class PlannedLesson(models.Model):
    """One lesson of a plan. A moved lesson keeps its first date; a cancelled one stays listed."""

    plan = models.ForeignKey(LessonPlan, models.CASCADE, related_name="lessons", verbose_name="党课计划")
    planned_on = models.DateField("计划日期")
    week = models.PositiveSmallIntegerField(
        "教学周", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    lecturer = models.ForeignKey(Staff, models.PROTECT, related_name="planned_lessons", verbose_name="授课人")
    topic = models.CharField("主题", max_length=200)
    status = models.CharField("状态", max_length=12, choices=LessonStatus.choices, default=LessonStatus.PLANNED)
    originally_on = models.DateField("原定日期", null=True, blank=True, help_text="调整日期后保留最初的计划日期。")
    change_note = models.CharField("调整/取消说明", max_length=200, blank=True)
    activity = models.OneToOneField(
        Activity, models.SET_NULL, null=True, blank=True, related_name="planned_lesson", verbose_name="讲授记录"
    )

    class Meta:
        verbose_name = verbose_name_plural = "计划党课"
        ordering = ["plan", "planned_on", "pk"]

    def __str__(self):
        return f"{self.planned_on:%Y-%m-%d} {self.lecturer.name}：{self.topic}"

    def get_absolute_url(self):
        return self.plan.get_absolute_url()


class Attendance(models.Model):
    """An invited member and what became of the invitation."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="attendances", verbose_name="活动")
    staff = models.ForeignKey(Staff, models.CASCADE, related_name="meeting_attendances", verbose_name="党员")
    status = models.CharField(
        "出勤", max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.PENDING, blank=True
    )
    reason = models.CharField("请假/缺席原因", max_length=200, blank=True)
    checked_in_at = models.DateTimeField("扫码签到时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "出勤"
        ordering = ["activity", "staff__staff_number"]
        constraints = [models.UniqueConstraint(fields=["activity", "staff"], name="unique_attendance")]
        indexes = [models.Index(fields=["staff", "activity"])]

    def __str__(self):
        return f"{self.staff.name} {self.get_status_display()}"


def evidence_path(instance, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"meetings/{instance.activity.school_id}/{instance.activity_id}/{secrets.token_hex(8)}.{suffix}"


class Evidence(models.Model):
    """A photo or PDF proving an activity took place."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="evidence", verbose_name="活动")
    file = models.FileField("文件", upload_to=evidence_path)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=50)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "佐证材料"
        ordering = ["activity", "uploaded_at", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.activity.get_absolute_url()

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class CalendarToken(models.Model):
    """The secret in a user's private .ics feed URL; replacing it revokes the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="meeting_calendar_token", verbose_name="用户"
    )
    token = models.CharField("令牌", max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "日历订阅令牌"

    def __str__(self):
        return f"{self.user} 日历订阅"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
