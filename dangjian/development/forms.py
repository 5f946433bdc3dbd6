"""Forms of the development pages and API: the fields a step records; the rules are the service's."""

from django import forms
from django.core.exceptions import ValidationError

from dangjian.lib.forms import BootstrapFormMixin, DateInput
from dangjian.school.enums import PARTY_STATUSES
from dangjian.school.models import Staff, Student
from dangjian.subjects.files import EVIDENCE_TYPES, MAX_UPLOAD_BYTES, check_upload

from .enums import StepKind
from .models import DevelopmentStep
from .students import recommended_students

K = StepKind

# The fields a kind of step records besides date, document and note.
FIELDS_OF = {
    K.ACTIVIST: ("contact_1", "contact_2"),
    K.TRAINING: ("training_days", "training_hours"),
    K.ASSEMBLY: (
        "introducer_1",
        "introducer_2",
        "voters_eligible",
        "voters_present",
        "votes_for",
        "votes_against",
        "votes_abstain",
    ),
    K.FULL: ("voters_eligible", "voters_present", "votes_for", "votes_against", "votes_abstain"),
    K.EXTEND: ("extension_months",),
}
ALL_FIELDS = [
    "kind",
    "date",
    *dict.fromkeys(name for names in FIELDS_OF.values() for name in names),
    "document",
    "note",
]


class StepForm(BootstrapFormMixin, forms.ModelForm):
    """A step of ``kinds`` (the kinds that may come next): only the fields those kinds record are shown, and
    the people are the school's Party members other than the person."""

    class Meta:
        model = DevelopmentStep
        fields = ALL_FIELDS
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "document": f"可选：{'、'.join(EVIDENCE_TYPES)}，不超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB。",
            "training_hours": "培训不少于 3 天或 24 学时（填一项即可）。",
            "extension_months": "6–12 个月，只能延长一次。",
        }

    def __init__(self, *args, file, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, StepKind(k).label) for k in kinds]
        wanted = {name for kind in kinds for name in FIELDS_OF.get(kind, ())}
        for name in [n for n in self.fields if n not in ("kind", "date", "document", "note") and n not in wanted]:
            del self.fields[name]
        people = Staff.objects.filter(school_id=file.school_id, is_active=True, political_status__in=PARTY_STATUSES)
        if file.staff_id is not None:
            people = people.exclude(pk=file.staff_id)
        for name in ("contact_1", "contact_2", "introducer_1", "introducer_2"):
            if name in self.fields:
                self.fields[name].queryset = people
        if len(kinds) > 1:
            self.fields["kind"].help_text = "只填写所选步骤需要的项目。"

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload and hasattr(upload, "content_type"):  # a new upload, not a stored file
            check_upload(upload, allowed=EVIDENCE_TYPES, max_bytes=MAX_UPLOAD_BYTES)
        return upload


APPLICANT_KINDS = [("staff", "教职工"), ("student", "推优学生")]


class FileCreateForm(BootstrapFormMixin, forms.ModelForm):
    """A new file: the person (a member of staff, or a student whose 推优 record the Party organization has
    accepted), their branch, and the application (date, document, note)."""

    applicant = forms.ChoiceField(
        choices=APPLICANT_KINDS, label="申请人类别", required=False, widget=forms.RadioSelect, initial="staff"
    )
    staff = forms.ModelChoiceField(Staff.objects.none(), label="申请人（教职工）", required=False)
    student = forms.ModelChoiceField(
        Student.objects.none(),
        label="申请人（推优学生）",
        required=False,
        help_text="只列出推优入党记录已由党组织接收、尚无发展档案的在读学生；递交申请时须年满十八岁。",
    )
    branch = forms.ModelChoiceField(None, label="所在党支部")

    class Meta:
        model = DevelopmentStep
        fields = ["applicant", "staff", "student", "branch", "date", "document", "note"]
        labels = {"date": "递交入党申请日期", "document": "入党申请书（扫描件）"}
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"document": StepForm.Meta.help_texts["document"]}

    def __init__(self, *args, school, branches, students: bool, **kwargs):
        """``students``: whether the user may open files for 推优学生 (else the form is for staff only)."""
        super().__init__(*args, **kwargs)
        if not students:
            del self.fields["applicant"], self.fields["student"]
        self.fields["staff"].queryset = (
            Staff.objects.filter(school=school, is_active=True, development_file__isnull=True)
            .exclude(political_status__in=PARTY_STATUSES)
            .order_by("staff_number")
        )
        if students:
            self.fields["student"].queryset = recommended_students(school)
        self.fields["branch"].queryset = branches

    clean_document = StepForm.clean_document

    def clean(self):
        data = super().clean()
        if not data.get("applicant") and data.get("staff") and data.get("student"):
            raise ValidationError("教职工和推优学生只能选一人作为申请人。")
        kind = data.get("applicant") or ("student" if data.get("student") else "staff")
        other = "student" if kind == "staff" else "staff"
        data["applicant"], data[other] = kind, None
        if not data.get(kind) and kind not in self.errors:
            self.add_error(kind, "请选择申请人。")
        return data


class PlanForm(BootstrapFormMixin, forms.Form):
    branch = forms.ModelChoiceField(None, label="党支部")
    target = forms.IntegerField(label="计划发展人数", min_value=0, max_value=999)

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches
