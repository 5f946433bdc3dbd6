"""Student support: the poor-student and special-student registers, pairings with Party members,
semester records with an aid ledger, and yearly outcomes. Sensitive data about minors: read it only
through permissions.py; notes and family descriptions are encrypted at rest (fields.py)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangjian.school.models import Department, School, SchoolYear, Semester, Staff, Student

from .enums import (
    CaseOutcome,
    CollaboratorRole,
    FundSource,
    OutcomeStatus,
    PairingKind,
    PairingStatus,
    PoorType,
    RecordKind,
    SpecialCategory,
)
from .fields import EncryptedTextField

MAX_AID_YUAN = 100_000


class SupportSettings(models.Model):
    school = models.OneToOneField(School, models.CASCADE, related_name="support_settings", verbose_name="学校")
    contact_interval_days = models.PositiveSmallIntegerField(
        "特殊生联系间隔（天）",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text="每名特殊生在此天数内至少应有一次帮扶记录。",
    )

    class Meta:
        verbose_name = verbose_name_plural = "帮扶设置"

    def __str__(self):
        return f"{self.school} 帮扶设置"

    def get_absolute_url(self):
        return reverse("support:home", args=[self.school.code])


class PoorStudentRecord(models.Model):
    """A student on the poor-student register of one school year."""

    school = models.ForeignKey(School, models.CASCADE, related_name="+", verbose_name="学校")
    school_year = models.ForeignKey(SchoolYear, models.PROTECT, related_name="+", verbose_name="学年")
    student = models.ForeignKey(Student, models.CASCADE, related_name="+", verbose_name="学生")
    type = models.CharField("困难类型", max_length=16, choices=PoorType.choices)
    recognition_source = models.CharField(
        "认定来源", max_length=100, blank=True, help_text="如：县扶贫办建档立卡名单、民政局低保证明。"
    )
    recognized_on = models.DateField("认定日期")
    family_note = EncryptedTextField("家庭情况", blank=True, help_text="加密保存，仅帮扶人和书记可见。")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "贫困生名册"
        ordering = ["school", "-school_year__start_year", "student__student_number"]
        constraints = [models.UniqueConstraint(fields=["school_year", "student"], name="unique_poor_record")]

    def __str__(self):
        return f"贫困生登记#{self.pk}（学生#{self.student_id}，{self.school_year.code}）"

    def get_absolute_url(self):
        return reverse("support:student", args=[self.school.code, self.student_id])


class SpecialStudentCase(models.Model):
    """A special student's case in one school year (restricted: every read is audited)."""

    school = models.ForeignKey(School, models.CASCADE, related_name="+", verbose_name="学校")
    school_year = models.ForeignKey(SchoolYear, models.PROTECT, related_name="+", verbose_name="学年")
    student = models.ForeignKey(Student, models.CASCADE, related_name="+", verbose_name="学生")
    categories = models.CharField(
        "类别", max_length=80, help_text="心理、行为、家庭、学习，可多选。"
    )  # comma-separated SpecialCategory values
    description = EncryptedTextField("简要情况", blank=True, help_text="加密保存；请只写帮扶所需的情况。")
    referred_by = models.CharField("转介人", max_length=50, blank=True, help_text="如：班主任、心理辅导中心。")
    referred_on = models.DateField("转介日期")
    outcome = models.CharField("帮扶成效", max_length=16, choices=CaseOutcome.choices, default=CaseOutcome.ONGOING)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "特殊生档案"
        ordering = ["school", "-school_year__start_year", "student__student_number"]
        constraints = [models.UniqueConstraint(fields=["school_year", "student"], name="unique_special_case")]

    def __str__(self):
        return f"特殊生档案#{self.pk}（学生#{self.student_id}，{self.school_year.code}）"

    def get_absolute_url(self):
        return reverse("support:student", args=[self.school.code, self.student_id])

    @property
    def category_list(self) -> list[str]:
        return [c for c in self.categories.split(",") if c]

    @property
    def category_labels(self) -> list[str]:
        labels = dict(SpecialCategory.choices)
        return [labels.get(c, c) for c in self.category_list]


class Pairing(models.Model):
    """A student paired with a Party-member teacher for one semester."""

    school = models.ForeignKey(School, models.CASCADE, related_name="+", verbose_name="学校")
    semester = models.ForeignKey(Semester, models.PROTECT, related_name="+", verbose_name="学期")
    student = models.ForeignKey(Student, models.CASCADE, related_name="+", verbose_name="学生")
    helper = models.ForeignKey(Staff, models.PROTECT, related_name="support_pairings", verbose_name="帮扶党员")
    kind = models.CharField("帮扶类型", max_length=10, choices=PairingKind.choices)
    status = models.CharField("状态", max_length=10, choices=PairingStatus.choices, default=PairingStatus.CONFIRMED)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "结对帮扶"
        ordering = ["school", "-semester__school_year__start_year", "-semester__term", "student__student_number"]
        constraints = [models.UniqueConstraint(fields=["semester", "student", "kind"], name="unique_pairing")]
        indexes = [models.Index(fields=["semester", "helper"])]

    def __str__(self):
        return f"结对#{self.pk}（{self.get_kind_display()}，学生#{self.student_id}）"

    def get_absolute_url(self):
        return reverse("support:student", args=[self.school.code, self.student_id])


class Collaborator(models.Model):
    """Someone working with the helper on a special student's case: a named teacher (who may then read
    the case) or an office, for the record (an office entry gives nobody access)."""

    case = models.ForeignKey(
        SpecialStudentCase, models.CASCADE, related_name="collaborators", verbose_name="特殊生档案"
    )
    role = models.CharField("身份", max_length=12, choices=CollaboratorRole.choices)
    staff = models.ForeignKey(
        Staff, models.CASCADE, null=True, blank=True, related_name="support_collaborations", verbose_name="教职工"
    )
    department = models.ForeignKey(
        Department, models.CASCADE, null=True, blank=True, related_name="+", verbose_name="处室"
    )
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "协同人员"
        ordering = ["case", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(staff__isnull=False) | Q(department__isnull=False), name="collaborator_staff_or_office"
            )
        ]

    def __str__(self):
        who = self.staff.name if self.staff_id else (self.department.name if self.department_id else "")
        role = self.get_role_display()
        return role if who == role else f"{role}：{who}"

    def get_absolute_url(self):
        return self.case.get_absolute_url()


class SupportRecordQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def of_helpers(self):
        """The helper's (or the secretary's) own contacts: what the person-times and contact checks count."""
        return self.alive().filter(by_collaborator=False)


class SupportRecord(models.Model):
    """One contact of the helper with the student. Deleting is a soft delete kept for the audit."""

    pairing = models.ForeignKey(Pairing, models.PROTECT, related_name="records", verbose_name="结对")
    kind = models.CharField("帮扶方式", max_length=16, choices=RecordKind.choices)
    date = models.DateField("日期")
    notes = EncryptedTextField("记录", blank=True, help_text="加密保存。")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name="记录人"
    )
    by_collaborator = models.BooleanField(
        "协同人员记录",
        default=False,
        help_text="班主任、心理辅导中心等协同人员的工作记录：计入个案记录，不计入帮扶人的帮扶人次和联系提醒。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    deleted_at = models.DateTimeField("删除时间", null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="删除人"
    )

    objects = SupportRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "帮扶记录"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["pairing", "date"])]

    def __str__(self):
        return f"帮扶记录#{self.pk}（{self.get_kind_display()} {self.date:%Y-%m-%d}）"

    def get_absolute_url(self):
        return self.pairing.get_absolute_url()


class AidEntry(models.Model):
    """Money or goods given with a 钱物资助 record: the aid ledger."""

    record = models.ForeignKey(SupportRecord, models.PROTECT, related_name="aid_entries", verbose_name="帮扶记录")
    amount = models.DecimalField(
        "资助金额（元）",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AID_YUAN)],
    )
    goods = models.CharField("物品", max_length=100, blank=True)
    goods_value = models.DecimalField(
        "物品折价（元）",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AID_YUAN)],
    )
    fund_source = models.CharField("资金来源", max_length=12, choices=FundSource.choices)

    class Meta:
        verbose_name = verbose_name_plural = "资助台账"
        ordering = ["record", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(amount__isnull=True) | Q(amount__gte=0, amount__lte=MAX_AID_YUAN))
                & (Q(goods_value__isnull=True) | Q(goods_value__gte=0, goods_value__lte=MAX_AID_YUAN)),
                name="aid_amounts_in_range",
            )
        ]

    def __str__(self):
        return f"资助#{self.pk}"

    @property
    def total(self):
        return (self.amount or 0) + (self.goods_value or 0)


class StudentOutcome(models.Model):
    """Where a supported student stands at the end of a school year."""

    school = models.ForeignKey(School, models.CASCADE, related_name="+", verbose_name="学校")
    student = models.ForeignKey(Student, models.CASCADE, related_name="+", verbose_name="学生")
    school_year = models.ForeignKey(SchoolYear, models.PROTECT, related_name="+", verbose_name="学年")
    status = models.CharField("去向", max_length=12, choices=OutcomeStatus.choices)
    destination = models.CharField("毕业去向", max_length=100, blank=True, help_text="如：同济大学。")

    class Meta:
        verbose_name = verbose_name_plural = "帮扶学生去向"
        ordering = ["school", "-school_year__start_year", "student__student_number"]
        constraints = [models.UniqueConstraint(fields=["student", "school_year"], name="unique_student_outcome")]

    def __str__(self):
        return f"去向#{self.pk}（学生#{self.student_id}，{self.school_year.code}）"

    def get_absolute_url(self):
        return reverse("support:student", args=[self.school.code, self.student_id])
