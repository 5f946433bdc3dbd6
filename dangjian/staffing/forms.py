"""Forms of the staffing pages (the API feeds the same forms)."""

from django import forms

from dangjian.lib.forms import BootstrapFormMixin

from . import queries
from .models import OptimizerRun, StaffingSettings
from .services import MAX_TIME_LIMIT


class RunForm(BootstrapFormMixin, forms.Form):
    semester = forms.ModelChoiceField(label="学期", queryset=None, empty_label=None)
    time_limit = forms.IntegerField(
        label="时限（秒）",
        min_value=1,
        max_value=MAX_TIME_LIMIT,
        help_text=f"求解最多用时，1–{MAX_TIME_LIMIT} 秒；到时未证明最优时给出当前最好的可行方案。",
    )

    def __init__(self, *args, settings: StaffingSettings, semester=None, **kwargs):
        kwargs.setdefault("initial", {"semester": semester, "time_limit": settings.time_limit})
        super().__init__(*args, **kwargs)
        self.fields["semester"].queryset = queries.semesters()
        self.fields["semester"].label_from_instance = str


class PinForm(BootstrapFormMixin, forms.Form):
    """Pin a cell of a proposal (or change its teacher) for the next run; no teacher unpins it."""

    school_class = forms.TypedChoiceField(label="班级", coerce=int)
    subject = forms.ChoiceField(label="学科")
    teacher = forms.TypedChoiceField(label="教师", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, run: OptimizerRun, **kwargs):
        super().__init__(*args, **kwargs)
        problem = run.problem
        self.needs = {c["id"]: c["needs"] for c in problem["classes"]}
        self.fields["school_class"].choices = [(c["id"], c.get("name") or c["id"]) for c in problem["classes"]]
        self.fields["subject"].choices = [(s, s) for s in problem["subjects"]]
        self.fields["teacher"].choices = [("", "（取消锁定）")] + [
            (
                t["id"],
                f"{t['name']}（{'、'.join(t['subjects']) or '无任教学科'}{' · 党员' if t['party_member'] else ''}）",
            )
            for t in problem["teachers"]
        ]

    def clean(self):
        data = super().clean()
        school_class, subject = data.get("school_class"), data.get("subject")
        if school_class is not None and subject and subject not in self.needs.get(school_class, []):
            self.add_error("subject", "该班级不开设此学科。")
        return data


class SettingsForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = StaffingSettings
        fields = ["min_party_teachers_per_class", "default_max_classes", "time_limit"]

    def clean_min_party_teachers_per_class(self):
        value = self.cleaned_data["min_party_teachers_per_class"]
        if value > 9:
            raise forms.ValidationError("每班至少党员教师数不能超过 9。")
        return value

    def clean_time_limit(self):
        value = self.cleaned_data["time_limit"]
        if not 1 <= value <= MAX_TIME_LIMIT:
            raise forms.ValidationError(f"时限应在 1–{MAX_TIME_LIMIT} 秒之间。")
        return value
