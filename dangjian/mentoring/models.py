import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from dangjian.school.enums import KeyTeacherLevel, Term
from dangjian.school.models import School, SchoolYear, Staff

from .enums import ActivityKind, Dimension, EvaluationResult, MentorshipStatus, MilestoneKind, SixKind


def _upload_path(folder: str, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"mentoring/{folder}/{uuid.uuid4().hex}.{ext}"


def upload_scan(instance, filename):
    return _upload_path("scans", filename)


def upload_evidence(instance, filename):
    return _upload_path("evidence", filename)


def upload_template(instance, filename):
    return _upload_path("templates", filename)


class MentoringSettings(models.Model):
    """A school's rules for young teachers and mentors."""

    school = models.OneToOneField(School, models.CASCADE, related_name="mentoring_settings", verbose_name="学校")
    young_age_limit = models.PositiveSmallIntegerField(
        "青年教师年龄上限",
        default=35,
        validators=[MinValueValidator(25), MaxValueValidator(45)],
        help_text="学年 9 月 1 日未满此年龄的教师为青年教师。",
    )
    young_years_limit = models.PositiveSmallIntegerField(
        "青年教师教龄上限（年）",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(15)],
        help_text="参加工作不满此年数的教师也为青年教师。",
    )
    mentor_capacity = models.PositiveSmallIntegerField(
        "每名导师最多带教人数",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="三类导师合计。",
    )

    class Meta:
        verbose_name = verbose_name_plural = "青年教师培养设置"

    def __str__(self):
        return f"{self.school} 青年教师培养设置"

    def get_absolute_url(self):
        return reverse("mentoring:index", args=[self.school.code])


class Mentorship(models.Model):
    """One mentor of one young teacher in one dimension for one school year (一份结对帮扶协议)."""

    school = models.ForeignKey(School, models.CASCADE, related_name="mentorships", verbose_name="学校")
    school_year = models.ForeignKey(SchoolYear, models.PROTECT, related_name="+", verbose_name="学年")
    mentee = models.ForeignKey(Staff, models.PROTECT, related_name="mentorships_as_mentee", verbose_name="青年教师")
    mentor = models.ForeignKey(Staff, models.PROTECT, related_name="mentorships_as_mentor", verbose_name="导师")
    dimension = models.CharField("导师类别", max_length=16, choices=Dimension.choices)
    status = models.CharField(
        "状态", max_length=12, choices=MentorshipStatus.choices, default=MentorshipStatus.PROPOSED
    )
    continued_from = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="延续自上学年"
    )
    goals = models.TextField("学年培养目标", blank=True)
    duties = models.TextField("导师职责", blank=True)
    confirmed_on = models.DateField("确认日期", null=True, blank=True)
    released_on = models.DateField("解除日期", null=True, blank=True)
    release_reason = models.CharField("解除原因", max_length=200, blank=True)
    signed_on = models.DateField("协议签订日期", null=True, blank=True)
    scan = models.FileField("协议扫描件", upload_to=upload_scan, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "结对帮扶"
        ordering = ["-school_year__start_year", "mentee__staff_number", "dimension"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "mentee", "dimension"],
                condition=~Q(status="released"),
                name="one_mentor_per_dimension",
            ),
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="mentor_is_not_mentee"),
        ]
        indexes = [models.Index(fields=["school", "school_year", "status"])]

    def __str__(self):
        return f"{self.school_year.code} {self.mentee.name}—{self.mentor.name}（{self.get_dimension_display()}）"

    def get_absolute_url(self):
        return reverse("mentoring:pairing_detail", args=[self.school.code, self.pk])

    @property
    def is_active(self):
        return self.status == MentorshipStatus.CONFIRMED


class AgreementTemplate(models.Model):
    """A school's own 结对帮扶协议书 template (a docxtpl .docx); without one the default is used."""

    school = models.OneToOneField(School, models.CASCADE, related_name="agreement_template", verbose_name="学校")
    file = models.FileField("协议模板（.docx）", upload_to=upload_template)
    uploaded_at = models.DateTimeField("上传时间", auto_now=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="上传人"
    )

    class Meta:
        verbose_name = verbose_name_plural = "结对协议模板"

    def __str__(self):
        return f"{self.school} 结对协议模板"


class MentoringActivity(models.Model):
    mentorship = models.ForeignKey(Mentorship, models.CASCADE, related_name="activities", verbose_name="结对")
    date = models.DateField("日期")
    dimension = models.CharField("导师类别", max_length=16, choices=Dimension.choices)
    six_kind = models.CharField("“六子”类别", max_length=12, choices=SixKind.choices)
    kind = models.CharField("活动形式", max_length=16, choices=ActivityKind.choices)
    hours = models.DecimalField(
        "时长（小时）",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(24)],
    )
    notes = models.TextField("内容与收获", blank=True)
    evidence = models.FileField("佐证材料", upload_to=upload_evidence, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="记录人"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "带教活动"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}（{self.mentorship.mentee.name}）"

    def get_absolute_url(self):
        return self.mentorship.get_absolute_url()


class Reflection(models.Model):
    """A young teacher's reflection at the end of a term (学期成长反思)."""

    school = models.ForeignKey(School, models.CASCADE, related_name="+", verbose_name="学校")
    school_year = models.ForeignKey(SchoolYear, models.PROTECT, related_name="+", verbose_name="学年")
    term = models.PositiveSmallIntegerField("学期", choices=Term.choices)
    mentee = models.ForeignKey(Staff, models.CASCADE, related_name="mentoring_reflections", verbose_name="青年教师")
    content = models.TextField("成长反思")
    written_on = models.DateField("撰写日期")

    class Meta:
        verbose_name = verbose_name_plural = "成长反思"
        ordering = ["-school_year__start_year", "-term", "mentee__staff_number"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "school_year", "term"], name="one_reflection_per_term")
        ]

    def __str__(self):
        return f"{self.school_year.code}{self.get_term_display()} {self.mentee.name}的成长反思"

    def get_absolute_url(self):
        return reverse("mentoring:reviews", args=[self.school.code]) + f"?year={self.school_year.start_year}"


class Evaluation(models.Model):
    """The mentor's year-end evaluation of a pairing."""

    mentorship = models.OneToOneField(Mentorship, models.CASCADE, related_name="evaluation", verbose_name="结对")
    result = models.CharField("考核等次", max_length=12, choices=EvaluationResult.choices)
    comments = models.TextField("评语")
    evaluated_on = models.DateField("考核日期")
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="考核人"
    )

    class Meta:
        verbose_name = verbose_name_plural = "年终考核"
        ordering = ["-evaluated_on"]

    def __str__(self):
        return f"{self.mentorship}：{self.get_result_display()}"

    def get_absolute_url(self):
        return self.mentorship.get_absolute_url()


class Milestone(models.Model):
    """A step on a teacher's development path: key teacher, award, title …"""

    school = models.ForeignKey(School, models.CASCADE, related_name="+", verbose_name="学校")
    staff = models.ForeignKey(Staff, models.CASCADE, related_name="mentoring_milestones", verbose_name="教师")
    date = models.DateField("日期")
    kind = models.CharField("类别", max_length=16, choices=MilestoneKind.choices)
    level = models.CharField(
        "骨干教师级别", max_length=10, choices=KeyTeacherLevel.choices, blank=True, help_text="类别为骨干教师时填写。"
    )
    description = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "成长足迹"
        ordering = ["staff", "date", "pk"]

    def __str__(self):
        label = self.get_level_display() if self.level else self.get_kind_display()
        return f"{self.staff.name} {self.date} {label}"

    def get_absolute_url(self):
        return reverse("mentoring:teacher_path", args=[self.school.code, self.staff_id])
