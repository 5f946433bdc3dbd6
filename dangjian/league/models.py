from django.db import models
from django.urls import reverse

from dangjian.school.models import School, SchoolClass, SchoolYear, Staff, Student

from .enums import LessonStatus, RecommendationStatus


class LeagueRules(models.Model):
    """The school's League-lesson coverage rule."""

    school = models.OneToOneField(School, models.CASCADE, related_name="league_rules", verbose_name="学校")
    min_lessons_per_semester = models.PositiveSmallIntegerField(
        "每个团支部每学期至少党员团课次数", default=1, help_text="已开展的党员团课，按学期统计。"
    )

    class Meta:
        verbose_name = verbose_name_plural = "团支部工作规则"

    def __str__(self):
        return f"{self.school}：每个团支部每学期至少 {self.min_lessons_per_semester} 次党员团课"

    def get_absolute_url(self):
        return reverse("league:overview", args=[self.school.code])


class LeagueBranch(models.Model):
    """A class's 团支部 in one school year; members are counted from the student roster."""

    school = models.ForeignKey(School, models.CASCADE, related_name="league_branches", verbose_name="学校")
    school_year = models.ForeignKey(SchoolYear, models.PROTECT, related_name="+", verbose_name="学年")
    school_class = models.OneToOneField(SchoolClass, models.CASCADE, related_name="league_branch", verbose_name="班级")
    name = models.CharField("名称", max_length=50)
    secretary = models.ForeignKey(
        Student, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="团支部书记"
    )

    class Meta:
        verbose_name = verbose_name_plural = "团支部"
        ordering = ["school", "-school_year__start_year", "school_class__grade__level", "school_class__number"]
        indexes = [models.Index(fields=["school", "school_year"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("league:branch_detail", args=[self.school.code, self.pk])


class LeagueLesson(models.Model):
    """党员上团课: a Party member's lesson to one or more League branches."""

    school = models.ForeignKey(School, models.CASCADE, related_name="league_lessons", verbose_name="学校")
    school_year = models.ForeignKey(SchoolYear, models.PROTECT, related_name="+", verbose_name="学年")
    status = models.CharField("状态", max_length=10, choices=LessonStatus.choices, default=LessonStatus.PLANNED)
    date = models.DateField("日期")
    topic = models.CharField("主题", max_length=100)
    lecturer = models.ForeignKey(Staff, models.PROTECT, related_name="league_lessons", verbose_name="授课党员")
    branches = models.ManyToManyField(LeagueBranch, related_name="lessons", verbose_name="听课团支部")
    attendance = models.PositiveIntegerField("参加人数", null=True, blank=True, help_text="已开展的团课必填。")
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "党员团课"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["school", "school_year", "date"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.topic}（{self.lecturer.name}）"

    def get_absolute_url(self):
        return reverse("league:lesson_detail", args=[self.school.code, self.pk])


class ThemeSeries(models.Model):
    """A themed education series of the League committee, e.g. 我们的节日."""

    school = models.ForeignKey(School, models.CASCADE, related_name="theme_series", verbose_name="学校")
    name = models.CharField("系列名称", max_length=50)
    description = models.CharField("说明", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "主题教育系列"
        ordering = ["school", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="unique_theme_series")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("league:series_detail", args=[self.school.code, self.pk])


class ThemeActivity(models.Model):
    series = models.ForeignKey(ThemeSeries, models.PROTECT, related_name="activities", verbose_name="主题系列")
    school_year = models.ForeignKey(SchoolYear, models.PROTECT, related_name="+", verbose_name="学年")
    date = models.DateField("日期")
    title = models.CharField("活动名称", max_length=100)
    branches = models.ManyToManyField(LeagueBranch, related_name="theme_activities", verbose_name="参加班级（团支部）")
    participants = models.PositiveIntegerField("参加人数")
    guide = models.ForeignKey(Staff, models.PROTECT, related_name="guided_theme_activities", verbose_name="指导党员")
    notes = models.TextField("活动记录", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "主题教育活动"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("league:theme_activity_detail", args=[self.series.school.code, self.pk])


class ThemeActivityPhoto(models.Model):
    activity = models.ForeignKey(ThemeActivity, models.CASCADE, related_name="photos", verbose_name="主题活动")
    image = models.FileField("照片", upload_to="league/photos/%Y/%m/")
    caption = models.CharField("说明", max_length=100, blank=True)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "活动照片"
        ordering = ["activity", "pk"]

    def __str__(self):
        return self.caption or self.image.name.rsplit("/", 1)[-1]

    def get_absolute_url(self):
        return self.activity.get_absolute_url()


class Recommendation(models.Model):
    """推优入党: a League member recommended to the Party by their branch. Students are not staff, so
    this record stands on its own (the Party's member-development records are kept for staff)."""

    school = models.ForeignKey(School, models.CASCADE, related_name="league_recommendations", verbose_name="学校")
    branch = models.ForeignKey(LeagueBranch, models.PROTECT, related_name="recommendations", verbose_name="团支部")
    student = models.ForeignKey(Student, models.PROTECT, related_name="party_recommendations", verbose_name="学生")
    date = models.DateField("推荐日期")
    reason = models.TextField("推荐理由")
    status = models.CharField(
        "状态", max_length=12, choices=RecommendationStatus.choices, default=RecommendationStatus.PROPOSED
    )

    class Meta:
        verbose_name = verbose_name_plural = "推优入党"
        ordering = ["-date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["branch", "student"], name="unique_recommendation")]

    def __str__(self):
        return f"{self.student.name}（{self.branch}）"

    def get_absolute_url(self):
        return reverse("league:recommendation_list", args=[self.school.code])
