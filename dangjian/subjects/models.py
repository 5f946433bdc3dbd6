from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from dangjian.school.models import School, SchoolYear, Staff, Subject

from .enums import ActivityKind, LinkStatus


class SubjectRules(models.Model):
    """The school's semester minimum for every linked cadre (defaults from the article's practice)."""

    school = models.OneToOneField(School, models.CASCADE, related_name="subject_rules", verbose_name="学校")
    min_activities = models.PositiveSmallIntegerField(
        "每学期最少活动次数", default=2, validators=[MaxValueValidator(50)]
    )
    min_demo_lessons = models.PositiveSmallIntegerField(
        "每学期最少示范课次数", default=1, validators=[MaxValueValidator(50)], help_text="计入上面的活动次数。"
    )

    class Meta:
        verbose_name = verbose_name_plural = "学科挂钩规则"

    def __str__(self):
        return f"{self.school}：每学期至少 {self.min_activities} 次活动、{self.min_demo_lessons} 节示范课"

    def get_absolute_url(self):
        return reverse("subjects:overview", args=[self.school.code])


class SubjectLink(models.Model):
    """挂钩学科: a school leader or key Party teacher responsible for one subject in a school year."""

    school = models.ForeignKey(School, models.CASCADE, related_name="subject_links", verbose_name="学校")
    school_year = models.ForeignKey(SchoolYear, models.PROTECT, related_name="+", verbose_name="学年")
    cadre = models.ForeignKey(Staff, models.PROTECT, related_name="subject_links", verbose_name="挂钩干部")
    subject = models.ForeignKey(Subject, models.PROTECT, related_name="cadre_links", verbose_name="挂钩学科")
    status = models.CharField("状态", max_length=12, choices=LinkStatus.choices, default=LinkStatus.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "学科挂钩"
        ordering = ["school", "-school_year__start_year", "subject__order", "cadre__staff_number"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "cadre", "subject"], name="unique_subject_link"),
        ]
        indexes = [models.Index(fields=["school", "school_year"])]

    def __str__(self):
        return f"{self.school_year.code} {self.cadre.name}—{self.subject.name}"

    def get_absolute_url(self):
        return reverse("subjects:link_detail", args=[self.school.code, self.pk])


class SubjectActivity(models.Model):
    """One piece of the linked cadre's work in the subject."""

    link = models.ForeignKey(SubjectLink, models.PROTECT, related_name="activities", verbose_name="学科挂钩")
    kind = models.CharField("活动类型", max_length=20, choices=ActivityKind.choices)
    date = models.DateField("日期")
    topic = models.CharField("主题", max_length=100)
    participants = models.ManyToManyField(
        Staff, blank=True, related_name="subject_activities", verbose_name="参加人员", help_text="本学科教研组成员。"
    )
    notes = models.TextField("内容记录", blank=True)
    evidence = models.FileField("佐证材料", upload_to="subjects/evidence/%Y/%m/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="记录人"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "学科活动"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["link", "date"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}：{self.topic}"

    def get_absolute_url(self):
        return reverse("subjects:activity_detail", args=[self.link.school.code, self.pk])

    @property
    def is_demo_lesson(self):
        return self.kind == ActivityKind.DEMO_LESSON


class LessonEvaluation(models.Model):
    """A teacher's score and comment on a demonstration lesson (one per evaluator)."""

    activity = models.ForeignKey(SubjectActivity, models.CASCADE, related_name="evaluations", verbose_name="示范课")
    evaluator = models.ForeignKey(Staff, models.PROTECT, related_name="lesson_evaluations", verbose_name="评课人")
    score = models.PositiveSmallIntegerField("评分", validators=[MinValueValidator(0), MaxValueValidator(100)])
    comment = models.TextField("评语", blank=True)
    created_at = models.DateTimeField("评价时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "示范课评价"
        ordering = ["activity", "-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "evaluator"], name="one_evaluation_per_evaluator"),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="evaluation_score_at_most_100"),
        ]

    def __str__(self):
        return f"{self.evaluator.name} 评 {self.activity.topic}：{self.score} 分"

    def get_absolute_url(self):
        return self.activity.get_absolute_url()
