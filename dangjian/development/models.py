from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangjian.party.enums import MemberStatus
from dangjian.party.models import Organization
from dangjian.school.models import School, Staff, Student

from .enums import StepKind


class DevelopmentFile(models.Model):
    """One person's way into the Party, from the application on (发展党员档案)."""

    school = models.ForeignKey(School, models.CASCADE, related_name="development_files", verbose_name="学校")
    staff = models.OneToOneField(
        Staff,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="development_file",
        verbose_name="发展对象本人（教职工）",
    )
    student = models.OneToOneField(
        Student,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="development_file",
        verbose_name="发展对象本人（推优学生）",
        help_text="由团支部推优、党组织已接收的学生。",
    )
    branch = models.ForeignKey(
        Organization, models.PROTECT, related_name="development_files", verbose_name="所在党支部"
    )
    created_at = models.DateTimeField("建档时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "发展党员档案"
        ordering = ["school", "branch", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(staff__isnull=False, student__isnull=True) | Q(staff__isnull=True, student__isnull=False),
                name="development_file_one_person",
            )
        ]

    def __str__(self):
        return f"{self.person_name}的发展档案"

    def get_absolute_url(self):
        return reverse("development:file_detail", args=[self.school.code, self.pk])

    @property
    def person(self) -> Staff | Student:
        """The person the file is about: a member of staff, or a student recommended by their League branch."""
        return self.staff if self.staff_id is not None else self.student

    @property
    def person_name(self) -> str:
        return self.person.name

    @property
    def person_number(self) -> str:
        """工号, or 学号 for a student."""
        return self.staff.staff_number if self.staff_id is not None else self.student.student_number

    @property
    def is_student(self) -> bool:
        return self.student_id is not None

    @property
    def has_left(self) -> bool:
        """The person's member record was transferred out of the school: the receiving Party organization continues
        the procedure, and this file takes no more steps (read with ``staff__party_record`` selected)."""
        record = getattr(self.staff, "party_record", None) if self.staff_id is not None else None
        return record is not None and record.status == MemberStatus.TRANSFERRED_OUT

    @property
    def person_kind(self) -> str:
        return "推优学生" if self.is_student else "教职工"

    @property
    def person_record(self) -> str:
        """Where the person's details (their birth date) are kept."""
        return "学生信息" if self.is_student else "教职工档案"


def document_path(step, filename):
    return f"development/{step.file.school_id}/{step.file_id}/{filename}"


class DevelopmentStep(models.Model):
    """A step taken, with its date, people, vote, evidence and note."""

    file = models.ForeignKey(DevelopmentFile, models.CASCADE, related_name="steps", verbose_name="发展档案")
    kind = models.CharField("步骤", max_length=30, choices=StepKind.choices)
    date = models.DateField("日期")
    contact_1 = models.ForeignKey(
        Staff, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="培养联系人一"
    )
    contact_2 = models.ForeignKey(
        Staff, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="培养联系人二"
    )
    introducer_1 = models.ForeignKey(
        Staff, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="入党介绍人一"
    )
    introducer_2 = models.ForeignKey(
        Staff, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="入党介绍人二"
    )
    voters_eligible = models.PositiveSmallIntegerField("应到会有表决权的正式党员", null=True, blank=True)
    voters_present = models.PositiveSmallIntegerField("实到有表决权的正式党员", null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField("赞成", null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField("反对", null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField("弃权", null=True, blank=True)
    training_days = models.PositiveSmallIntegerField("培训天数", null=True, blank=True)
    training_hours = models.PositiveSmallIntegerField("培训学时", null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField("延长预备期（月）", null=True, blank=True)
    document = models.FileField("材料", upload_to=document_path, blank=True)
    note = models.TextField("备注", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    carried_from = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="原单位登记的步骤",
        help_text="随组织关系转入：该步骤由原学校登记，此处为副本。",
    )

    class Meta:
        verbose_name = verbose_name_plural = "发展步骤"
        ordering = ["file", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(extension_months__isnull=True) | Q(extension_months__gte=6, extension_months__lte=12),
                name="development_extension_6_to_12_months",
            )
        ]

    def __str__(self):
        return f"{self.file.person_name} {self.get_kind_display()} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return self.file.get_absolute_url()


class DevelopmentPlan(models.Model):
    """A branch's target for a school year: how many new 预备党员 it plans to admit."""

    branch = models.ForeignKey(Organization, models.CASCADE, related_name="development_plans", verbose_name="党支部")
    year = models.PositiveSmallIntegerField("学年（起始年份）")
    target = models.PositiveSmallIntegerField("计划发展人数")

    class Meta:
        verbose_name = verbose_name_plural = "年度发展计划"
        ordering = ["year", "branch"]
        constraints = [models.UniqueConstraint(fields=["branch", "year"], name="unique_development_plan")]

    def __str__(self):
        return f"{self.branch} {self.year}学年 计划发展 {self.target} 人"
