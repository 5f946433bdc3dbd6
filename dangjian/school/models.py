from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .combinations import CombinationError, combination_code, combination_subjects
from .enums import (
    Gender,
    GradeLevel,
    KeyTeacherLevel,
    LeaderPost,
    PoliticalStatus,
    ProfessionalTitle,
    StudentStatus,
    Term,
)

code_validator = RegexValidator(r"^[A-Za-z0-9_-]+$", "只能包含字母、数字、下划线和连字符。")


def validate_combination(value: str) -> None:
    """A stored combination is in its short form (物化生); see combinations.parse_combination."""
    try:
        code = combination_code(value)
    except CombinationError as error:
        raise ValidationError(str(error)) from error
    if code != value:
        raise ValidationError(f"请写成 {code}。")


phone_validator = RegexValidator(r"^1\d{10}$", "请输入 11 位手机号码。")


class County(models.Model):
    code = models.CharField("代码", max_length=20, unique=True, validators=[code_validator])
    name = models.CharField("名称", max_length=50)

    class Meta:
        verbose_name = verbose_name_plural = "县（区）"
        ordering = ["code"]

    def __str__(self):
        return self.name


class School(models.Model):
    county = models.ForeignKey(County, models.PROTECT, related_name="schools", verbose_name="所属县（区）")
    code = models.CharField(
        "学校代码",
        max_length=20,
        unique=True,
        validators=[code_validator],
        help_text="用于网址和接口，如 sfxyz。",
    )
    name = models.CharField("学校名称", max_length=100)
    short_name = models.CharField("简称", max_length=30, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    spirit = models.CharField(
        "学校精神", max_length=200, blank=True, help_text="如：特别能吃苦、特别能奉献、特别讲大局"
    )
    history = models.TextField("红色历史与校史", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "学校"
        ordering = ["code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("school:home", args=[self.code])


class SchoolYear(models.Model):
    """A school year shared by all schools, e.g. 2022-2023 from 1 September."""

    start_year = models.PositiveSmallIntegerField("起始年份", unique=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")

    class Meta:
        verbose_name = verbose_name_plural = "学年"
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="year_ends_after_start")
        ]

    def __str__(self):
        return f"{self.start_year}-{self.start_year + 1}学年"

    @property
    def code(self):
        return f"{self.start_year}-{self.start_year + 1}"


class Semester(models.Model):
    school_year = models.ForeignKey(SchoolYear, models.CASCADE, related_name="semesters", verbose_name="学年")
    term = models.PositiveSmallIntegerField("学期", choices=Term.choices)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")

    class Meta:
        verbose_name = verbose_name_plural = "学期"
        ordering = ["-school_year__start_year", "-term"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "term"], name="unique_semester"),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="semester_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.school_year}{self.get_term_display()}"

    @property
    def code(self):
        return f"{self.school_year.code}-{self.term}"


class Department(models.Model):
    school = models.ForeignKey(School, models.CASCADE, related_name="departments", verbose_name="学校")
    name = models.CharField("处室名称", max_length=50)

    class Meta:
        verbose_name = verbose_name_plural = "处室"
        ordering = ["school", "name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="unique_department")]

    def __str__(self):
        return self.name


class Subject(models.Model):
    school = models.ForeignKey(School, models.CASCADE, related_name="subjects", verbose_name="学校")
    name = models.CharField("学科", max_length=20)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "学科"
        ordering = ["school", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="unique_subject")]

    def __str__(self):
        return self.name


class Skill(models.Model):
    """A skill that matters for Party work, e.g. a counselling certificate."""

    name = models.CharField("特长", max_length=30, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "特长"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Staff(models.Model):
    school = models.ForeignKey(School, models.PROTECT, related_name="staff", verbose_name="学校")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="登录账号",
    )
    staff_number = models.CharField("工号", max_length=20)
    name = models.CharField("姓名", max_length=30)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    started_teaching_on = models.DateField("参加工作时间", null=True, blank=True)
    subjects = models.ManyToManyField(Subject, blank=True, related_name="teachers", verbose_name="任教学科")
    political_status = models.CharField(
        "政治面貌", max_length=16, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    joined_party_on = models.DateField("入党时间", null=True, blank=True)
    department = models.ForeignKey(
        Department, models.SET_NULL, null=True, blank=True, related_name="staff", verbose_name="处室"
    )
    leader_post = models.CharField("校级职务", max_length=20, choices=LeaderPost.choices, blank=True)
    position = models.CharField("职务", max_length=50, blank=True, help_text="如：年段长、教研组长、教务处主任")
    title = models.CharField("职称", max_length=20, choices=ProfessionalTitle.choices, blank=True)
    key_teacher_level = models.CharField("骨干教师级别", max_length=10, choices=KeyTeacherLevel.choices, blank=True)
    phone = models.CharField("手机号", max_length=11, blank=True, validators=[phone_validator])
    skills = models.ManyToManyField(Skill, blank=True, related_name="staff", verbose_name="特长")
    is_active = models.BooleanField("在职", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "教职工"
        ordering = ["school", "staff_number"]
        constraints = [models.UniqueConstraint(fields=["school", "staff_number"], name="unique_staff_number")]
        indexes = [models.Index(fields=["school", "name"])]

    def __str__(self):
        return f"{self.name}（{self.staff_number}）"

    def get_absolute_url(self):
        return reverse("school:staff_detail", args=[self.school.code, self.pk])

    @property
    def is_school_leader(self):
        return bool(self.leader_post)


class Grade(models.Model):
    """A 年段 in one school year, with its grade head (段长) and deputy."""

    school = models.ForeignKey(School, models.CASCADE, related_name="grades", verbose_name="学校")
    school_year = models.ForeignKey(SchoolYear, models.PROTECT, related_name="grades", verbose_name="学年")
    level = models.PositiveSmallIntegerField("年段", choices=GradeLevel.choices)
    head = models.ForeignKey(
        Staff, models.SET_NULL, null=True, blank=True, related_name="headed_grades", verbose_name="年段长"
    )
    deputy = models.ForeignKey(
        Staff, models.SET_NULL, null=True, blank=True, related_name="deputy_grades", verbose_name="副段长"
    )

    class Meta:
        verbose_name = verbose_name_plural = "年段"
        ordering = ["school", "-school_year__start_year", "level"]
        constraints = [models.UniqueConstraint(fields=["school", "school_year", "level"], name="unique_grade")]

    def __str__(self):
        return f"{self.school_year.code} {self.get_level_display()}"


class StaffYear(models.Model):
    """Which grade a staff member works in during a school year (所属年段)."""

    staff = models.ForeignKey(Staff, models.CASCADE, related_name="years", verbose_name="教职工")
    school_year = models.ForeignKey(SchoolYear, models.PROTECT, related_name="+", verbose_name="学年")
    grade = models.ForeignKey(
        Grade, models.CASCADE, null=True, blank=True, related_name="staff_years", verbose_name="年段"
    )

    class Meta:
        verbose_name = verbose_name_plural = "教职工学年年段"
        constraints = [models.UniqueConstraint(fields=["staff", "school_year"], name="unique_staff_year")]

    def __str__(self):
        return f"{self.staff.name} {self.school_year.code}"


class SchoolClass(models.Model):
    """A class in one school year (its grade's); the same cohort is a new row each year."""

    grade = models.ForeignKey(Grade, models.CASCADE, related_name="classes", verbose_name="年段")
    number = models.PositiveSmallIntegerField("班号")
    combination = models.CharField(
        "选科组合",
        max_length=3,
        blank=True,
        validators=[validate_combination],
        help_text="3+1+2 选科组合（本学年），如 物化生、史政地；高一不分科，留空。",
    )
    homeroom_teacher = models.ForeignKey(
        Staff, models.SET_NULL, null=True, blank=True, related_name="homeroom_classes", verbose_name="班主任"
    )

    class Meta:
        verbose_name = verbose_name_plural = "班级"
        ordering = ["grade__school", "-grade__school_year__start_year", "grade__level", "number"]
        constraints = [models.UniqueConstraint(fields=["grade", "number"], name="unique_class")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("school:class_detail", args=[self.grade.school.code, self.pk])

    @property
    def name(self):
        return f"{self.grade.get_level_display()}（{self.number}）班"

    @property
    def combination_subjects(self) -> tuple[str, ...]:
        return combination_subjects(self.combination)


class Student(models.Model):
    school = models.ForeignKey(School, models.PROTECT, related_name="students", verbose_name="学校")
    student_number = models.CharField("学号", max_length=20)
    name = models.CharField("姓名", max_length=30)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField(
        "出生日期", null=True, blank=True, help_text="推优入党的学生须年满十八岁才能递交入党申请，请据实填写。"
    )
    is_league_member = models.BooleanField("共青团员", default=False)
    status = models.CharField("学籍状态", max_length=12, choices=StudentStatus.choices, default=StudentStatus.ENROLLED)

    class Meta:
        verbose_name = verbose_name_plural = "学生"
        ordering = ["school", "student_number"]
        constraints = [models.UniqueConstraint(fields=["school", "student_number"], name="unique_student_number")]
        indexes = [models.Index(fields=["school", "name"])]

    def __str__(self):
        return f"{self.name}（{self.student_number}）"

    def get_absolute_url(self):
        return reverse("school:student_detail", args=[self.school.code, self.pk])


class Enrollment(models.Model):
    """A student's class in one school year; the rows together are the student's history."""

    student = models.ForeignKey(Student, models.CASCADE, related_name="enrollments", verbose_name="学生")
    school_year = models.ForeignKey(SchoolYear, models.PROTECT, related_name="+", verbose_name="学年")
    school_class = models.ForeignKey(SchoolClass, models.CASCADE, related_name="enrollments", verbose_name="班级")

    class Meta:
        verbose_name = verbose_name_plural = "学生编班"
        constraints = [models.UniqueConstraint(fields=["student", "school_year"], name="unique_enrollment")]

    def __str__(self):
        return f"{self.student.name} {self.school_class}"
