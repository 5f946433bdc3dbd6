from django.conf import settings
from django.db import models
from django.urls import reverse

from dangjian.school.models import School, SchoolClass, Semester, Staff, Subject

from .enums import RunStatus, VersionReason


class TeachingAssignment(models.Model):
    """Who teaches a subject in a class during a semester (任课安排)."""

    semester = models.ForeignKey(Semester, models.PROTECT, related_name="+", verbose_name="学期")
    school_class = models.ForeignKey(
        SchoolClass, models.CASCADE, related_name="teaching_assignments", verbose_name="班级"
    )
    subject = models.ForeignKey(Subject, models.PROTECT, related_name="teaching_assignments", verbose_name="学科")
    teacher = models.ForeignKey(Staff, models.PROTECT, related_name="teaching_assignments", verbose_name="任课教师")

    class Meta:
        verbose_name = verbose_name_plural = "任课安排"
        ordering = ["semester", "school_class", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["semester", "school_class", "subject"], name="unique_teaching_slot")
        ]

    def __str__(self):
        return f"{self.semester} {self.school_class} {self.subject}：{self.teacher.name}"


class TeachingGroup(models.Model):
    """A 教学班: students of several classes taught one elective together (3+1+2). Its teacher counts as the
    subject's teacher, and for the Party coverage, of every class it draws from."""

    semester = models.ForeignKey(Semester, models.PROTECT, related_name="+", verbose_name="学期")
    name = models.CharField("名称", max_length=50, help_text="如：高二物理教学班 1")
    subject = models.ForeignKey(Subject, models.PROTECT, related_name="teaching_groups", verbose_name="学科")
    teacher = models.ForeignKey(Staff, models.PROTECT, related_name="teaching_groups", verbose_name="任课教师")
    classes = models.ManyToManyField(SchoolClass, related_name="teaching_groups", verbose_name="来源班级")

    class Meta:
        verbose_name = verbose_name_plural = "教学班"
        ordering = ["semester", "subject", "name"]

    def __str__(self):
        return f"{self.semester} {self.name}（{self.subject}：{self.teacher.name}）"


class StaffingSettings(models.Model):
    """A school's rules for teaching assignments (教务处 settings)."""

    school = models.OneToOneField(School, models.CASCADE, related_name="staffing_settings", verbose_name="学校")
    min_party_teachers_per_class = models.PositiveSmallIntegerField(
        "每班至少党员教师数", default=1, help_text="班主任是党员的，计入该班。"
    )
    default_max_classes = models.PositiveSmallIntegerField(
        "默认每人最多任教班次",
        null=True,
        blank=True,
        help_text="按（班级, 学科）计。留空则按各年段各学科的班级数在可任教教师间平均分配后再加 1。",
    )
    time_limit = models.PositiveSmallIntegerField("优化时限（秒）", default=20)

    class Meta:
        verbose_name = verbose_name_plural = "任课安排设置"

    def __str__(self):
        return f"{self.school} 任课安排设置"

    def get_absolute_url(self):
        return reverse("staffing:optimizer", args=[self.school.code])


class TeacherLoad(models.Model):
    """A teacher's load limits in one semester, overriding the school's default."""

    semester = models.ForeignKey(Semester, models.CASCADE, related_name="+", verbose_name="学期")
    teacher = models.ForeignKey(Staff, models.CASCADE, related_name="teaching_loads", verbose_name="教师")
    max_classes = models.PositiveSmallIntegerField("最多任教班次")
    min_classes = models.PositiveSmallIntegerField("最少任教班次", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "教师工作量上下限"
        constraints = [
            models.UniqueConstraint(fields=["semester", "teacher"], name="unique_teacher_load"),
            models.CheckConstraint(
                condition=models.Q(min_classes__lte=models.F("max_classes")), name="teacher_load_min_le_max"
            ),
        ]

    def __str__(self):
        return f"{self.teacher.name} {self.semester}：{self.min_classes}–{self.max_classes}"


class OptimizerRun(models.Model):
    """One run of the optimizer for a school's semester: its problem, the user's pins and the proposal."""

    school = models.ForeignKey(School, models.CASCADE, related_name="optimizer_runs", verbose_name="学校")
    semester = models.ForeignKey(Semester, models.CASCADE, related_name="+", verbose_name="学期")
    created_at = models.DateTimeField("运行时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="运行人"
    )
    status = models.CharField("结果", max_length=12, choices=RunStatus.choices)
    time_limit = models.PositiveSmallIntegerField("时限（秒）")
    problem = models.JSONField("问题（problem.json）")
    solution = models.JSONField("方案（solution.json）")
    current = models.JSONField("运行时的现有安排", default=list, help_text="[[班级id, 学科, 教师id], …]")
    pins = models.JSONField(
        "下次运行锁定的安排", default=list, help_text="用户在本方案上锁定或改动的格子：[{class, subject, teacher}, …]"
    )
    applied_at = models.DateTimeField("应用时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "优化运行记录"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.semester} 优化 #{self.pk}（{self.get_status_display()}）"

    def get_absolute_url(self):
        return reverse("staffing:run_detail", args=[self.school.code, self.pk])

    @property
    def is_feasible(self) -> bool:
        return self.status in (RunStatus.OPTIMAL, RunStatus.FEASIBLE)


class AssignmentVersion(models.Model):
    """A snapshot of a semester's teaching assignments, kept before they are replaced (restorable)."""

    school = models.ForeignKey(School, models.CASCADE, related_name="assignment_versions", verbose_name="学校")
    semester = models.ForeignKey(Semester, models.CASCADE, related_name="+", verbose_name="学期")
    created_at = models.DateTimeField("保存时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="操作人"
    )
    reason = models.CharField("原因", max_length=20, choices=VersionReason.choices)
    cells = models.JSONField("任课安排", help_text="[[班级id, 学科id, 教师id], …]")
    size = models.PositiveIntegerField("条数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "任课安排历史版本"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.semester} {self.get_reason_display()}（{self.created_at:%Y-%m-%d %H:%M}）"
