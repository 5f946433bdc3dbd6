import datetime as dt

from django import forms

from dangjian.lib import clock
from dangjian.lib.dates import age_on
from dangjian.lib.forms import BootstrapFormMixin, DateInput

from .combinations import CombinationError, all_combinations, combination_code, combination_for_level
from .enums import PARTY_STATUSES, GradeLevel, StudentStatus
from .models import Grade, SchoolClass, SchoolYear, Staff, Student

EARLIEST_DATE = dt.date(1940, 1, 1)


class StaffForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Staff
        fields = [
            "staff_number",
            "name",
            "gender",
            "birth_date",
            "started_teaching_on",
            "subjects",
            "political_status",
            "joined_party_on",
            "department",
            "leader_post",
            "position",
            "title",
            "key_teacher_level",
            "phone",
            "skills",
            "is_active",
        ]
        widgets = {
            "birth_date": DateInput(),
            "started_teaching_on": DateInput(),
            "joined_party_on": DateInput(),
            "subjects": forms.CheckboxSelectMultiple,
            "skills": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, school, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)
        self.instance.school = school
        self.fields["subjects"].queryset = school.subjects.all()
        self.fields["department"].queryset = school.departments.all()

    def clean_staff_number(self):
        number = self.cleaned_data["staff_number"].strip()
        clash = Staff.objects.filter(school=self.school, staff_number=number).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"工号 {number} 已被 {clash.first().name} 使用。")
        return number

    def clean(self):
        data = super().clean()
        today = clock.today()
        birth, started, joined = (
            data.get("birth_date"),
            data.get("started_teaching_on"),
            data.get("joined_party_on"),
        )
        for name in ("birth_date", "started_teaching_on", "joined_party_on"):
            value = data.get(name)
            if value and not (EARLIEST_DATE <= value <= today):
                self.add_error(name, f"日期应在 {EARLIEST_DATE:%Y-%m-%d} 到今天之间。")
        if birth and started and age_on(birth, started) < 16:
            self.add_error("started_teaching_on", "参加工作时间早于 16 周岁，请核对。")
        if birth and joined and age_on(birth, joined) < 18:
            self.add_error("joined_party_on", "入党时年龄不足 18 周岁，请核对。")
        if joined and data.get("political_status") not in PARTY_STATUSES:
            self.add_error("joined_party_on", "只有中共党员或预备党员才填写入党时间。")
        return data


class StudentForm(BootstrapFormMixin, forms.ModelForm):
    school_class = forms.ModelChoiceField(
        label="本学年班级", queryset=SchoolClass.objects.none(), required=False, help_text="不选则不编班。"
    )

    class Meta:
        model = Student
        fields = ["student_number", "name", "gender", "birth_date", "is_league_member", "status"]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, school, school_year: SchoolYear | None, **kwargs):
        self.school, self.school_year = school, school_year
        super().__init__(*args, **kwargs)
        self.instance.school = school
        classes = SchoolClass.objects.filter(grade__school=school, grade__school_year=school_year).select_related(
            "grade"
        )
        self.fields["school_class"].queryset = classes
        if self.instance.pk and school_year:
            current = self.instance.enrollments.filter(school_year=school_year).first()
            self.fields["school_class"].initial = current and current.school_class_id

    def clean_student_number(self):
        number = self.cleaned_data["student_number"].strip()
        clash = Student.objects.filter(school=self.school, student_number=number).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"学号 {number} 已被 {clash.first().name} 使用。")
        return number

    def clean(self):
        data = super().clean()
        if data.get("school_class") and data.get("status") != StudentStatus.ENROLLED:
            self.add_error("school_class", "只有在读学生才能编入班级。")
        birth = data.get("birth_date")
        if birth and not (EARLIEST_DATE <= birth <= clock.today()):
            self.add_error("birth_date", f"日期应在 {EARLIEST_DATE:%Y-%m-%d} 到今天之间。")
        return data


class CombinationField(forms.ChoiceField):
    """The twelve combinations as choices, also accepting any spelling parse_combination reads (API)."""

    def __init__(self, **kwargs):
        choices = [("", "—（高一不分科，或尚未选定）")] + [(c, c) for c in all_combinations()]
        super().__init__(choices=choices, required=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return combination_code(value) if value.strip() else ""
        except CombinationError as error:
            raise forms.ValidationError(str(error)) from error


class SchoolClassForm(BootstrapFormMixin, forms.ModelForm):
    level = forms.TypedChoiceField(label="年段", choices=GradeLevel.choices, coerce=int)
    combination = CombinationField(label="选科组合", help_text="高二、高三班级本学年的 3+1+2 选科组合。")

    class Meta:
        model = SchoolClass
        fields = ["number", "homeroom_teacher", "combination"]
        help_texts = {"number": "同一年段内的班号，如 1 表示（1）班。"}

    def __init__(self, *args, school, school_year: SchoolYear, **kwargs):
        self.school, self.school_year = school, school_year
        super().__init__(*args, **kwargs)
        self.order_fields(["level", "number", "homeroom_teacher", "combination"])
        self.fields["homeroom_teacher"].queryset = Staff.objects.filter(school=school, is_active=True)
        if self.instance.pk:
            self.fields["level"].initial = self.instance.grade.level

    def clean(self):
        data = super().clean()
        level, number = data.get("level"), data.get("number")
        if level and number is not None:
            if number < 1 or number > 99:
                self.add_error("number", "班号应在 1 到 99 之间。")
            clash = SchoolClass.objects.filter(
                grade__school=self.school,
                grade__school_year=self.school_year,
                grade__level=level,
                number=number,
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("number", f"{GradeLevel(level).label}已有（{number}）班。")
        teacher = data.get("homeroom_teacher")
        if teacher:
            other = (
                SchoolClass.objects.filter(grade__school_year=self.school_year, homeroom_teacher=teacher)
                .exclude(pk=self.instance.pk)
                .select_related("grade")
                .first()
            )
            if other:
                self.add_error("homeroom_teacher", f"{teacher.name} 已是本学年{other.name}的班主任。")
        self.clean_combination_for_level(data)
        return data

    def clean_combination_for_level(self, data: dict) -> None:
        """高一 has no combination (see combinations.combination_for_level)."""
        if data.get("level") is None or "combination" not in data:
            return
        try:
            data["combination"] = combination_for_level(data["level"], data["combination"])
        except CombinationError as error:
            self.add_error("combination", str(error))

    def grade(self) -> Grade:
        grade, _ = Grade.objects.get_or_create(
            school=self.school, school_year=self.school_year, level=self.cleaned_data["level"]
        )
        return grade
