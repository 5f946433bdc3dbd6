from django import forms

from dangjian.lib import clock
from dangjian.lib.forms import BootstrapFormMixin, DateInput
from dangjian.school.models import School, SchoolYear, Student
from dangjian.subjects.files import IMAGE_TYPES, MAX_IMAGE_BYTES, check_upload
from dangjian.subjects.forms import date_in_year_error

from .checks import attendance_error
from .enums import LessonStatus
from .models import (
    LeagueBranch,
    LeagueLesson,
    LeagueRules,
    Recommendation,
    ThemeActivity,
    ThemeActivityPhoto,
    ThemeSeries,
)
from .queries import branch_capacity, party_lecturers

NOT_OUR_BRANCH = "所选团支部不是本校 {year} 的团支部。"
NOT_A_PARTY_MEMBER = "请选择本校在职的党员（含预备党员）。"
FUTURE = "已开展的活动日期不能晚于今天。"


def _branches_field(field, school: School, school_year: SchoolYear):
    field.queryset = (
        LeagueBranch.objects.filter(school=school, school_year=school_year)
        .select_related("school_class__grade")
        .order_by("school_class__grade__level", "school_class__number")
    )
    field.error_messages["invalid_choice"] = NOT_OUR_BRANCH.format(year=school_year)
    field.error_messages["invalid_pk_value"] = "“%(pk)s”不是有效的团支部编号。"


class LeagueBranchForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = LeagueBranch
        fields = ["name", "secretary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        branch = self.instance
        self.fields["secretary"].queryset = Student.objects.filter(
            enrollments__school_class=branch.school_class, is_league_member=True
        ).order_by("student_number")
        self.fields["secretary"].error_messages["invalid_choice"] = "团支部书记须是本班的共青团员。"

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class LeagueLessonForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = LeagueLesson
        fields = ["status", "date", "topic", "lecturer", "branches", "attendance", "notes"]
        widgets = {
            "date": DateInput(),
            "branches": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, school: School, school_year: SchoolYear, **kwargs):
        self.school, self.school_year = school, school_year
        super().__init__(*args, **kwargs)
        self.instance.school, self.instance.school_year = school, school_year
        self.fields["lecturer"].queryset = party_lecturers(school)
        self.fields["lecturer"].error_messages["invalid_choice"] = NOT_A_PARTY_MEMBER
        _branches_field(self.fields["branches"], school, school_year)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if error := date_in_year_error(day, self.school_year):
            raise forms.ValidationError(error)
        return day

    def clean(self):
        data = super().clean()
        status, day, attendance = data.get("status"), data.get("date"), data.get("attendance")
        if status == LessonStatus.HELD:
            if day and day > clock.today():
                self.add_error("date", FUTURE + "计划中的团课请把状态选为“计划”。")
            if attendance is None:
                self.add_error("attendance", "已开展的团课请填写参加人数。")
        branches = data.get("branches")
        capacity = branch_capacity(b.pk for b in branches) if branches else 0
        if branches and (error := attendance_error(attendance, capacity)):
            self.add_error("attendance", error)
        return data


class ThemeSeriesForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ThemeSeries
        fields = ["name", "description", "order"]

    def __init__(self, *args, school: School, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)
        self.instance.school = school

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if ThemeSeries.objects.filter(school=self.school, name=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"本校已有“{name}”主题系列。")
        return name


class ThemeActivityForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ThemeActivity
        fields = ["series", "date", "title", "branches", "participants", "guide", "notes"]
        widgets = {
            "date": DateInput(),
            "branches": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, school: School, school_year: SchoolYear, **kwargs):
        self.school, self.school_year = school, school_year
        super().__init__(*args, **kwargs)
        self.instance.school_year = school_year
        self.fields["series"].queryset = ThemeSeries.objects.filter(school=school)
        self.fields["series"].error_messages["invalid_choice"] = "所选主题系列不属于本校。"
        self.fields["guide"].queryset = party_lecturers(school)
        self.fields["guide"].error_messages["invalid_choice"] = NOT_A_PARTY_MEMBER
        _branches_field(self.fields["branches"], school, school_year)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if error := date_in_year_error(day, self.school_year):
            raise forms.ValidationError(error)
        if day > clock.today():
            raise forms.ValidationError(FUTURE)
        return day

    def clean(self):
        data = super().clean()
        branches, participants = data.get("branches"), data.get("participants")
        capacity = branch_capacity(b.pk for b in branches) if branches else 0
        if branches and (error := attendance_error(participants, capacity)):
            self.add_error("participants", error)
        return data


class PhotoForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ThemeActivityPhoto
        fields = ["image", "caption"]
        help_texts = {"image": "jpg、png、gif 或 webp 图片，不超过 5 MB。"}

    def __init__(self, *args, activity: ThemeActivity, **kwargs):
        self.activity = activity
        super().__init__(*args, **kwargs)
        self.instance.activity = activity
        self.fields["image"].widget.attrs["accept"] = "image/jpeg,image/png,image/gif,image/webp"

    def clean_image(self):
        upload = self.cleaned_data["image"]
        check_upload(upload, allowed=IMAGE_TYPES, max_bytes=MAX_IMAGE_BYTES)
        return upload


class RecommendationForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["branch", "student", "date", "reason", "status"]
        widgets = {"date": DateInput(), "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, school: School, school_year: SchoolYear, **kwargs):
        self.school, self.school_year = school, school_year
        super().__init__(*args, **kwargs)
        self.instance.school = school
        _branches_field(self.fields["branch"], school, school_year)
        self.fields["student"].queryset = Student.objects.filter(school=school, is_league_member=True).order_by(
            "student_number"
        )
        self.fields["student"].error_messages["invalid_choice"] = "请选择本校的共青团员。"

    def clean_date(self):
        day = self.cleaned_data["date"]
        if error := date_in_year_error(day, self.school_year):
            raise forms.ValidationError(error)
        if day > clock.today():
            raise forms.ValidationError("推荐日期不能晚于今天。")
        return day

    def clean(self):
        data = super().clean()
        branch, student = data.get("branch"), data.get("student")
        if branch and student:
            if not student.enrollments.filter(school_class_id=branch.school_class_id).exists():
                self.add_error("student", f"{student.name} 不是{branch.name}所在班级的学生。")
            clash = Recommendation.objects.filter(branch=branch, student=student).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("student", f"{student.name} 已由{branch.name}推荐过。")
        return data


class LeagueRulesForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = LeagueRules
        fields = ["min_lessons_per_semester"]

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school

    def clean_min_lessons_per_semester(self):
        value = self.cleaned_data["min_lessons_per_semester"]
        if value > 20:
            raise forms.ValidationError("每学期次数不能超过 20。")
        return value
