"""Forms of student support. The pages, the API and the Excel import all validate through these."""

import datetime as dt
import logging
from decimal import Decimal

from django import forms

from dangjian.lib import clock
from dangjian.lib.forms import BootstrapFormMixin, DateInput
from dangjian.party.membership import PARTY_HERE
from dangjian.rosters.reader import MAX_BYTES
from dangjian.school.models import Department, School, SchoolYear, Semester, Staff, Student

from . import crypto
from .enums import KINDS_FOR, CaseOutcome, CollaboratorRole, FundSource, PairingKind, RecordKind, SpecialCategory
from .models import (
    MAX_AID_YUAN,
    Collaborator,
    Pairing,
    PoorStudentRecord,
    SpecialStudentCase,
    StudentOutcome,
    SupportRecord,
    SupportSettings,
)

EARLIEST = dt.date(2000, 1, 1)
MAX_UPLOAD_BYTES = MAX_BYTES  # as the roster import and its template notes say

logger = logging.getLogger(__name__)


def _check_date(form, name: str, *, first: dt.date = EARLIEST):
    value = form.cleaned_data.get(name)
    if value and not (first <= value <= clock.today()):
        form.add_error(name, f"日期应在 {first:%Y-%m-%d} 到今天之间。")


class KeepsUndecryptable:
    """Refuses to save a record whose encrypted notes no configured key could open: the text on the page
    is the placeholder 无法解密（密钥不符）, and saving it would destroy the note for good."""

    def clean(self):
        data = super().clean()
        unreadable = crypto.undecryptable_fields(self.instance)
        if unreadable:
            logger.error(
                "support: refused to save %s #%s: undecryptable %s",
                self.instance._meta.label,
                self.instance.pk,
                unreadable,
            )
            raise forms.ValidationError(
                f"{'、'.join(unreadable)}无法解密（密钥不符），为免覆盖原有内容，暂不能保存。"
                "请联系系统管理员配置正确的字段密钥（DANGJIAN_FIELD_KEY）。"
            )
        return data


class StudentNumberMixin:
    """A student addressed by 学号 (the register pages, the API and Excel rows use the same key)."""

    school: School

    def clean_student_number(self):
        number = (self.cleaned_data.get("student_number") or "").strip()
        student = Student.objects.filter(school=self.school, student_number=number).first()
        if student is None:
            raise forms.ValidationError(f"本校没有学号为 {number} 的学生。")
        self.student = student
        return number


class PoorStudentRecordForm(KeepsUndecryptable, StudentNumberMixin, BootstrapFormMixin, forms.ModelForm):
    student_number = forms.CharField(label="学号", max_length=20)

    class Meta:
        model = PoorStudentRecord
        fields = ["type", "recognition_source", "recognized_on", "family_note"]
        widgets = {"recognized_on": DateInput(), "family_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, school: School, school_year: SchoolYear, **kwargs):
        self.school, self.school_year = school, school_year
        super().__init__(*args, **kwargs)
        self.order_fields(["student_number", *self.Meta.fields])
        if self.instance.pk:
            del self.fields["student_number"]  # the student of a register entry never changes
            self.student = self.instance.student

    def clean(self):
        data = super().clean()
        _check_date(self, "recognized_on")
        student = getattr(self, "student", None)
        if (
            student is not None
            and not self.instance.pk
            and PoorStudentRecord.objects.filter(school_year=self.school_year, student=student).exists()
        ):
            self.add_error("student_number", f"{student.name} 已在 {self.school_year.code} 学年贫困生名册中。")
        return data

    def save(self, commit=True):
        self.instance.school, self.instance.school_year, self.instance.student = (
            self.school,
            self.school_year,
            self.student,
        )
        return super().save(commit)


class SpecialStudentCaseForm(KeepsUndecryptable, StudentNumberMixin, BootstrapFormMixin, forms.ModelForm):
    student_number = forms.CharField(label="学号", max_length=20)
    categories = forms.MultipleChoiceField(
        label="类别", choices=SpecialCategory.choices, widget=forms.CheckboxSelectMultiple, help_text="可多选。"
    )

    class Meta:
        model = SpecialStudentCase
        fields = ["categories", "description", "referred_by", "referred_on", "outcome"]
        widgets = {"referred_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, school: School, school_year: SchoolYear, **kwargs):
        self.school, self.school_year = school, school_year
        super().__init__(*args, **kwargs)
        self.order_fields(["student_number", *self.Meta.fields])
        if self.instance.pk:
            del self.fields["student_number"]
            self.student = self.instance.student
            self.initial["categories"] = self.instance.category_list

    def clean_categories(self):
        chosen = self.cleaned_data["categories"]
        return ",".join(c for c in SpecialCategory.values if c in chosen)

    def clean(self):
        data = super().clean()
        _check_date(self, "referred_on")
        student = getattr(self, "student", None)
        if (
            student is not None
            and not self.instance.pk
            and SpecialStudentCase.objects.filter(school_year=self.school_year, student=student).exists()
        ):
            self.add_error("student_number", f"{student.name} 已在 {self.school_year.code} 学年特殊生名册中。")
        return data

    def save(self, commit=True):
        self.instance.school, self.instance.school_year, self.instance.student = (
            self.school,
            self.school_year,
            self.student,
        )
        return super().save(commit)


class HelperChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.staff_number}）"


class PairingForm(StudentNumberMixin, BootstrapFormMixin, forms.ModelForm):
    """A confirmed pairing made by hand (or a proposal changed): the helper must be an active Party
    member (正式 or 预备) of the same school, and the student on the register of that kind."""

    student_number = forms.CharField(label="学号", max_length=20)
    helper = HelperChoiceField(label="帮扶党员", queryset=Staff.objects.all())

    class Meta:
        model = Pairing
        fields = ["kind", "helper"]

    def __init__(self, *args, school: School, semester: Semester, kinds: list[str], **kwargs):
        self.school, self.semester = school, semester
        super().__init__(*args, **kwargs)
        self.order_fields(["student_number", "kind", "helper"])
        self.fields["kind"].choices = [(k, PairingKind(k).label) for k in kinds]
        # Any staff id is accepted here so that a wrong one gets a clear message in clean_helper;
        # the drop-down offers only the school's active Party members.
        members = Staff.objects.filter(PARTY_HERE, school=school, is_active=True)
        self.fields["helper"].widget.choices = [("", "---------")] + [
            (s.pk, f"{s.name}（{s.staff_number}）") for s in members.order_by("staff_number")
        ]
        if self.instance.pk:
            del self.fields["student_number"]
            self.fields["kind"].disabled = True
            self.student = self.instance.student

    def clean_helper(self):
        helper = self.cleaned_data["helper"]
        if helper.school_id != self.school.pk:
            raise forms.ValidationError(f"{helper.name} 不是本校教职工，不能结对。")
        if not helper.is_active:
            raise forms.ValidationError(f"{helper.name} 已不在职。")
        if not Staff.objects.filter(PARTY_HERE, pk=helper.pk).exists():
            raise forms.ValidationError(f"{helper.name} 不是中共党员（含预备党员），不能结对帮扶。")
        return helper

    def clean(self):
        data = super().clean()
        student, kind = getattr(self, "student", None), data.get("kind") or self.instance.kind
        if student is None or not kind:
            return data
        register = PoorStudentRecord if kind == PairingKind.POOR else SpecialStudentCase
        if not register.objects.filter(school_year_id=self.semester.school_year_id, student=student).exists():
            label = PairingKind(kind).label
            self.add_error(
                "student_number", f"{student.name} 不在 {self.semester.school_year.code} 学年{label}名册中，请先登记。"
            )
        clash = Pairing.objects.filter(semester=self.semester, student=student, kind=kind).exclude(pk=self.instance.pk)
        if clash.exists():
            self.add_error("student_number", f"{student.name} 本学期已有{PairingKind(kind).label}结对。")
        return data

    def save(self, commit=True):
        self.instance.school, self.instance.semester, self.instance.student = self.school, self.semester, self.student
        return super().save(commit)


class SupportRecordForm(KeepsUndecryptable, BootstrapFormMixin, forms.ModelForm):
    """One contact. For 钱物资助 the money (yuan) or the goods and their value, and the source of
    the funds, go to the aid ledger."""

    amount = forms.DecimalField(label="资助金额（元）", required=False, decimal_places=2)
    goods = forms.CharField(label="物品", max_length=100, required=False, help_text="如：冬衣一套、学习用品。")
    goods_value = forms.DecimalField(label="物品折价（元）", required=False, decimal_places=2)
    fund_source = forms.ChoiceField(label="资金来源", required=False)

    class Meta:
        model = SupportRecord
        fields = ["kind", "date", "notes"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, pairing: Pairing, **kwargs):
        self.pairing = pairing
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, RecordKind(k).label) for k in KINDS_FOR[PairingKind(pairing.kind)]]
        self.fields["fund_source"].choices = [("", "---------"), *FundSource.choices]
        if pairing.kind != PairingKind.POOR:
            for name in ("amount", "goods", "goods_value", "fund_source"):
                del self.fields[name]
        elif self.instance.pk:
            entry = self.instance.aid_entries.first()
            if entry:
                self.initial.update(
                    amount=entry.amount, goods=entry.goods, goods_value=entry.goods_value, fund_source=entry.fund_source
                )

    def _amount(self, name: str):
        value = self.cleaned_data.get(name)
        if value is not None and not (Decimal("0.01") <= value <= MAX_AID_YUAN):
            self.add_error(name, f"金额应在 0.01 至 {MAX_AID_YUAN} 元之间。")
            return None
        return value

    def clean(self):
        data = super().clean()
        day, semester = data.get("date"), self.pairing.semester
        if day:
            if not (semester.starts_on <= day <= semester.ends_on):
                self.add_error(
                    "date", f"日期应在本学期（{semester.starts_on:%Y-%m-%d} 至 {semester.ends_on:%Y-%m-%d}）之内。"
                )
            elif day > clock.today():
                self.add_error("date", "日期不能晚于今天。")
        if "amount" not in self.fields:
            return data
        amount, value = self._amount("amount"), self._amount("goods_value")
        goods, source = (data.get("goods") or "").strip(), data.get("fund_source")
        if data.get("kind") == RecordKind.AID:
            if amount is None and not goods and not self.has_error("amount"):
                self.add_error("amount", "钱物资助须填写资助金额，或填写物品及其折价。")
            if goods and value is None and not self.has_error("goods_value"):
                self.add_error("goods_value", "请填写物品折价（元）。")
            if value is not None and not goods:
                self.add_error("goods", "填写了物品折价，请同时填写物品。")
            if not source:
                self.add_error("fund_source", "请选择资金来源。")
        elif data.get("kind") and (
            amount is not None or goods or value is not None or source or self.has_error("amount")
        ):
            self.add_error("kind", "只有“钱物资助”才填写资助金额、物品或资金来源。")
        return data

    def aid(self) -> dict | None:
        data = self.cleaned_data
        if "amount" not in self.fields or data.get("kind") != RecordKind.AID:
            return None
        return {
            "amount": data.get("amount"),
            "goods": (data.get("goods") or "").strip(),
            "goods_value": data.get("goods_value"),
            "fund_source": data.get("fund_source"),
        }


class CollaboratorForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Collaborator
        fields = ["role", "staff", "department"]
        help_texts = {
            "staff": "选择具体教师后，该教师可查看本档案（只读）。",
            "department": "只记录协同的处室，不向处室人员开放档案。",
        }

    def __init__(self, *args, case: SpecialStudentCase, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = CollaboratorRole.choices
        self.fields["staff"].queryset = Staff.objects.filter(school=case.school, is_active=True).order_by(
            "staff_number"
        )
        self.fields["department"].queryset = Department.objects.filter(school=case.school)

    def clean(self):
        data = super().clean()
        staff, department = data.get("staff"), data.get("department")
        if not staff and not department and not self.errors:
            self.add_error("staff", "请选择协同教师或处室。")
        if staff and Collaborator.objects.filter(case=self.case, staff=staff).exclude(pk=self.instance.pk).exists():
            self.add_error("staff", f"{staff.name} 已是本档案的协同人员。")
        return data

    def save(self, commit=True):
        self.instance.case = self.case
        return super().save(commit)


class StudentOutcomeForm(StudentNumberMixin, BootstrapFormMixin, forms.ModelForm):
    student_number = forms.CharField(label="学号", max_length=20)

    class Meta:
        model = StudentOutcome
        fields = ["school_year", "status", "destination"]

    def __init__(self, *args, school: School, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)
        self.order_fields(["student_number", *self.Meta.fields])
        if self.instance.pk:
            del self.fields["student_number"]
            self.student = self.instance.student

    def clean(self):
        data = super().clean()
        student, year = getattr(self, "student", None), data.get("school_year")
        if student and year:
            clash = StudentOutcome.objects.filter(student=student, school_year=year).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("school_year", f"{student.name} 已有 {year.code} 学年的去向记录。")
        if data.get("destination") and data.get("status") != "graduated":
            self.add_error("destination", "只有毕业才填写毕业去向。")
        return data

    def save(self, commit=True):
        self.instance.school, self.instance.student = self.school, self.student
        return super().save(commit)


class SupportSettingsForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = SupportSettings
        fields = ["contact_interval_days"]


class RegisterImportForm(BootstrapFormMixin, forms.Form):
    register = forms.ChoiceField(label="名册", choices=[("poor", "贫困生名册"), ("special", "特殊生名册")])
    school_year = forms.ModelChoiceField(label="学年", queryset=SchoolYear.objects.all(), empty_label=None)
    file = forms.FileField(label="Excel 文件（.xlsx 或 .csv）")

    def __init__(self, *args, registers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["register"].choices = [c for c in self.fields["register"].choices if c[0] in registers]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 文件或 .csv 文件。")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"文件不能超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB。")
        return upload


class EraseForm(BootstrapFormMixin, forms.Form):
    confirm = forms.CharField(label="请输入该生学号以确认", max_length=20)

    def __init__(self, *args, student: Student, **kwargs):
        self.student = student
        super().__init__(*args, **kwargs)

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if value != self.student.student_number:
            raise forms.ValidationError("学号不一致，未执行删除。")
        return value


OUTCOME_CHOICES = CaseOutcome.choices
