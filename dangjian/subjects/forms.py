from django import forms

from dangjian.lib import clock
from dangjian.lib.forms import BootstrapFormMixin, DateInput
from dangjian.school.models import School, SchoolYear, Staff, Subject

from .enums import ActivityKind
from .files import EVIDENCE_TYPES, MAX_UPLOAD_BYTES, check_upload
from .models import LessonEvaluation, SubjectActivity, SubjectLink, SubjectRules
from .queries import eligible_cadres, subject_group

NOT_OUR_SUBJECT = "所选学科不是本校开设的学科。"
NOT_A_CADRE = "所选教职工不是本校在职的校级领导或党员骨干教师（党员且为骨干教师或高级职称）。"


def date_in_year_error(day, school_year: SchoolYear) -> str | None:
    if not (school_year.starts_on <= day <= school_year.ends_on):
        return f"日期应在 {school_year} 内（{school_year.starts_on:%Y-%m-%d} 至 {school_year.ends_on:%Y-%m-%d}）。"
    return None


class SubjectLinkForm(BootstrapFormMixin, forms.ModelForm):
    """One link (the API's create); the page uses the grid below."""

    class Meta:
        model = SubjectLink
        fields = ["cadre", "subject"]

    def __init__(self, *args, school: School, school_year: SchoolYear, **kwargs):
        self.school, self.school_year = school, school_year
        super().__init__(*args, **kwargs)
        self.instance.school, self.instance.school_year = school, school_year
        self.fields["cadre"].queryset = eligible_cadres(school)
        self.fields["cadre"].error_messages["invalid_choice"] = NOT_A_CADRE
        self.fields["subject"].queryset = Subject.objects.filter(school=school)
        self.fields["subject"].error_messages["invalid_choice"] = NOT_OUR_SUBJECT

    def clean(self):
        data = super().clean()
        cadre, subject = data.get("cadre"), data.get("subject")
        if cadre and subject:
            clash = SubjectLink.objects.filter(school_year=self.school_year, cadre=cadre, subject=subject)
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error("subject", f"{cadre.name} 在 {self.school_year} 已挂钩{subject.name}。")
        return data


class LinkGridForm(forms.Form):
    """The cadres × subjects grid: each ticked cell is ``<cadre id>-<subject id>``."""

    cells = forms.MultipleChoiceField(
        label="挂钩关系",
        required=False,
        error_messages={
            "invalid_choice": "“%(value)s”不是可挂钩的组合：学科须为本校开设的学科，干部须为本校的校级领导或党员骨干教师。"
        },
    )

    def __init__(self, *args, school: School, school_year: SchoolYear, grid: dict, **kwargs):
        self.school, self.school_year, self.grid = school, school_year, grid
        super().__init__(*args, **kwargs)
        self.fields["cells"].choices = [(cell["value"], cell["value"]) for row in grid["rows"] for cell in row["cells"]]
        self.names = {
            cell["value"]: f"{row['cadre'].name}—{cell['subject'].name}"
            for row in grid["rows"]
            for cell in row["cells"]
        }

    def clean_cells(self):
        wanted = set(self.cleaned_data["cells"])
        locked = [
            cell["value"]
            for row in self.grid["rows"]
            for cell in row["cells"]
            if cell["locked"] and cell["value"] not in wanted
        ]
        if locked:
            names = "、".join(self.names[value] for value in locked)
            raise forms.ValidationError(f"以下挂钩已有活动记录，不能取消：{names}。")
        return sorted(wanted)

    def pairs(self) -> set[tuple[int, int]]:
        return {tuple(int(part) for part in value.split("-")) for value in self.cleaned_data["cells"]}


class SubjectActivityForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = SubjectActivity
        fields = ["kind", "date", "topic", "participants", "notes", "evidence"]
        widgets = {
            "date": DateInput(),
            "participants": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"evidence": "教案、课件、照片或记录表（pdf、图片、Word、Excel、PPT），不超过 10 MB。"}

    def __init__(self, *args, link: SubjectLink, **kwargs):
        self.link = link
        super().__init__(*args, **kwargs)
        self.instance.link = link
        group = subject_group(link.subject).exclude(pk=link.cadre_id)
        if self.instance.pk:
            group = group | Staff.objects.filter(pk__in=self.instance.participants.values("pk"))
        self.fields["participants"].queryset = group.distinct().order_by("staff_number")
        self.fields["participants"].error_messages["invalid_choice"] = (
            f"所选参加人员不是本校{link.subject.name}教研组（在职、任教{link.subject.name}）的成员。"
        )
        self.fields["participants"].help_text = f"{link.subject.name}教研组成员（任教该学科的在职教师）。"

    def clean_date(self):
        day = self.cleaned_data["date"]
        if error := date_in_year_error(day, self.link.school_year):
            raise forms.ValidationError(error)
        if day > clock.today():
            raise forms.ValidationError("活动日期不能晚于今天：请在活动开展后再记录。")
        return day

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            check_upload(upload, allowed=EVIDENCE_TYPES, max_bytes=MAX_UPLOAD_BYTES)
        return upload


class LessonEvaluationForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = LessonEvaluation
        fields = ["evaluator", "score", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"score": "0–100 分。"}

    def __init__(self, *args, activity: SubjectActivity, evaluators, **kwargs):
        self.activity = activity
        super().__init__(*args, **kwargs)
        self.instance.activity = activity
        self.fields["evaluator"].queryset = evaluators
        self.fields["evaluator"].error_messages["invalid_choice"] = "评课人须是本节示范课的参加人员（授课人除外）。"
        self.fields["score"].min_value = 0
        self.fields["score"].widget.attrs.update({"min": 0, "max": 100})

    def clean_score(self):
        score = self.cleaned_data["score"]
        if score is not None and not (0 <= score <= 100):
            raise forms.ValidationError("评分应在 0 到 100 之间。")
        return score

    def clean(self):
        data = super().clean()
        if self.activity.kind != ActivityKind.DEMO_LESSON:
            raise forms.ValidationError("只有示范课可以评课打分。")
        evaluator = data.get("evaluator")
        if evaluator:
            clash = LessonEvaluation.objects.filter(activity=self.activity, evaluator=evaluator)
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error("evaluator", f"{evaluator.name} 已评价过本节示范课，请修改原评价。")
        return data


class SubjectRulesForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = SubjectRules
        fields = ["min_activities", "min_demo_lessons"]

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school

    def clean(self):
        data = super().clean()
        activities, demos = data.get("min_activities"), data.get("min_demo_lessons")
        if activities is not None and demos is not None and demos > activities:
            self.add_error("min_demo_lessons", "示范课计入活动次数，不能多于每学期最少活动次数。")
        return data
