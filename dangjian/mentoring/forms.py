"""Forms of the mentoring app: the same forms serve the pages and the API."""

import datetime as dt

from django import forms

from dangjian.lib import clock
from dangjian.lib.forms import BootstrapFormMixin, DateInput
from dangjian.school.enums import PARTY_STATUSES, Term
from dangjian.school.models import School, SchoolYear, Staff

from . import matching, queries
from .enums import DEFAULT_DUTIES, DEFAULT_GOALS, Dimension, MentorshipStatus, MilestoneKind
from .files import DOCX, EVIDENCE_MAX, EVIDENCE_TYPES, EXTENSIONS, SCAN_MAX, SCAN_TYPES, TEMPLATE_MAX, check_upload
from .models import Evaluation, MentoringActivity, MentoringSettings, Mentorship, Milestone, Reflection
from .young import refusal as young_refusal


class StaffField(forms.ModelChoiceField):
    """A staff member of ``school``: a record of another school is refused by name of the field, not with
    Django's generic “invalid choice”. The drop-down lists only ``shown`` (e.g. the year's young teachers)."""

    def __init__(self, *args, school: School | None = None, other_school_message: str = "", **kwargs):
        self.school, self.other_school_message = school, other_school_message
        super().__init__(Staff.objects.all(), *args, **kwargs)

    def to_python(self, value):
        staff = super().to_python(value)
        if staff is not None and self.school is not None and staff.school_id != self.school.pk:
            raise forms.ValidationError(self.other_school_message or "所选人员不是本校教职工。")
        return staff

    def show(self, staff_list, label=lambda s: s.name):
        self.widget.choices = [("", "---------")] + [(s.pk, label(s)) for s in staff_list]


class SettingsForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = MentoringSettings
        fields = ["young_age_limit", "young_years_limit", "mentor_capacity"]


class MentorshipForm(BootstrapFormMixin, forms.ModelForm):
    """Create a pairing by hand, or change a proposed one (its mentor, goals and duties)."""

    mentee = StaffField(label="青年教师", other_school_message="所选青年教师不是本校教职工。")
    mentor = StaffField(label="导师", other_school_message="所选导师不是本校教职工，不能担任本校导师。")

    class Meta:
        model = Mentorship
        fields = ["mentee", "dimension", "mentor", "goals", "duties"]
        widgets = {"goals": forms.Textarea(attrs={"rows": 3}), "duties": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, school: School, school_year: SchoolYear, **kwargs):
        self.school, self.school_year = school, school_year
        super().__init__(*args, **kwargs)
        self.instance.school, self.instance.school_year = school, school_year
        self.settings = queries.settings_of(school)
        for name in ("mentee", "mentor"):
            self.fields[name].school = school
        self.fields["goals"].help_text = "留空则使用该类导师的默认目标。"
        self.fields["duties"].help_text = "留空则使用该类导师的默认职责。"
        if self.instance.pk:
            self.fields["mentee"].disabled = True
            self.fields["dimension"].disabled = True
            if self.instance.status != MentorshipStatus.PROPOSED:
                self.fields["mentor"].disabled = True
                self.fields["mentor"].help_text = "已确认的结对不能更换导师：请先解除，再新建结对。"

    def show_choices(self):
        """Fill the drop-downs (only for pages; the API and tests do not need them)."""
        young = queries.young_ids(self.school, self.school_year, self.settings)
        staff = Staff.objects.filter(school=self.school).order_by("staff_number").prefetch_related("subjects")
        self.fields["mentee"].show([s for s in staff if s.pk in young], _label)
        self.fields["mentor"].show([s for s in staff if s.pk not in young and s.is_active], _mentor_label)
        return self

    def clean(self):
        data = super().clean()
        mentee, mentor, dimension = data.get("mentee"), data.get("mentor"), data.get("dimension")
        if mentee is not None:
            status = queries.status_of(mentee, self.school_year, self.settings)
            if not status.is_young:
                self.add_error(
                    "mentee",
                    f"{mentee.name}"
                    + young_refusal(
                        status, age_limit=self.settings.young_age_limit, years_limit=self.settings.young_years_limit
                    ),
                )
                mentee = None
        if mentor is not None and "mentor" in self.changed_data or (mentor is not None and not self.instance.pk):
            self._check_mentor(mentee, mentor, dimension)
        if mentee is not None and dimension and not self.instance.pk:
            clash = (
                Mentorship.objects.filter(school_year=self.school_year, mentee=mentee, dimension=dimension)
                .filter(queries.LIVE)
                .select_related("mentor")
                .first()
            )
            if clash:
                self.add_error(
                    "dimension",
                    f"{mentee.name}本学年已有{Dimension(dimension).label}（{clash.mentor.name}，{clash.get_status_display()}）。",
                )
        return data

    def _check_mentor(self, mentee, mentor, dimension):
        if not mentor.is_active:
            self.add_error("mentor", f"{mentor.name}已离职，不能担任导师。")
            return
        if mentee is not None and mentor.pk == mentee.pk:
            self.add_error("mentor", "导师不能是青年教师本人。")
            return
        if queries.status_of(mentor, self.school_year, self.settings).is_young:
            self.add_error("mentor", f"{mentor.name}本人是本学年的青年教师，不能担任导师。")
            return
        pool = queries.mentor_pool(self.school, self.school_year, set(), staff_ids=[mentor.pk])
        facts = pool[0] if pool else matching.Mentor(mentor.pk, mentor.name)
        if mentee is not None and dimension:
            mentee_facts = matching.Mentee(mentee.pk, mentee.name, frozenset(s.name for s in mentee.subjects.all()))
            reason = matching.refusal(facts, mentee_facts, dimension)
            if reason:
                self.add_error("mentor", reason)
                return
            other = (
                Mentorship.objects.filter(school_year=self.school_year, mentee=mentee, mentor=mentor)
                .filter(queries.LIVE)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if other:
                self.add_error(
                    "mentor",
                    f"{mentor.name}已是{mentee.name}的{other.get_dimension_display()}，三类导师应由不同的人担任。",
                )
                return
        load = queries.mentor_loads(self.school, self.school_year, exclude_pk=self.instance.pk).get(mentor.pk, 0)
        capacity = self.settings.mentor_capacity
        if load >= capacity:
            self.add_error("mentor", f"{mentor.name}本学年已带教 {load} 名青年教师，已达上限（{capacity} 名）。")

    def save(self, commit=True):
        mentorship = super().save(commit=False)
        dimension = mentorship.dimension
        mentorship.goals = mentorship.goals.strip() or DEFAULT_GOALS[Dimension(dimension)]
        mentorship.duties = mentorship.duties.strip() or DEFAULT_DUTIES[Dimension(dimension)]
        if commit:
            mentorship.save()
        return mentorship


def _label(staff: Staff) -> str:
    subjects = "、".join(s.name for s in staff.subjects.all())
    return f"{staff.name}（{staff.staff_number}{'，' + subjects if subjects else ''}）"


def _mentor_label(staff: Staff) -> str:
    party = "，党员" if staff.political_status in PARTY_STATUSES else ""
    return _label(staff)[:-1] + party + "）"


def _not_future(form, name, day):
    if day and day > clock.today():
        form.add_error(name, "日期不能晚于今天。")
        return False
    return True


class ReleaseForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label="解除原因", max_length=200, required=False)


class SignForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Mentorship
        fields = ["signed_on", "scan"]
        widgets = {"signed_on": DateInput()}
        help_texts = {"scan": "PDF、JPG 或 PNG，不超过 5 MB。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].required = True
        self.fields["scan"].widget = forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan and hasattr(scan, "content_type"):  # a new upload: stored under the extension of its real type
            scan.name = "scan" + EXTENSIONS[check_upload(scan, allowed=SCAN_TYPES, max_bytes=SCAN_MAX)]
        return scan

    def clean_signed_on(self):
        day = self.cleaned_data.get("signed_on")
        year = self.instance.school_year
        earliest = year.starts_on - dt.timedelta(days=92)
        if day and day < earliest:
            raise forms.ValidationError(f"签订日期不能早于 {earliest:%Y-%m-%d}（{year}开学前三个月）。")
        if day and day > clock.today():
            raise forms.ValidationError("签订日期不能晚于今天。")
        return day


class ActivityForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = MentoringActivity
        fields = ["date", "dimension", "six_kind", "kind", "hours", "notes", "evidence"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"evidence": "照片、课件或听课记录：PDF、JPG、PNG 或 DOCX，不超过 5 MB。"}

    def __init__(self, *args, mentorship: Mentorship, **kwargs):
        self.mentorship = mentorship
        super().__init__(*args, **kwargs)
        self.instance.mentorship = mentorship
        self.fields["evidence"].widget = forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx"})
        if not self.instance.pk:
            self.fields["dimension"].initial = mentorship.dimension
            self.fields["hours"].initial = 1

    def clean_date(self):
        day = self.cleaned_data["date"]
        year = self.mentorship.school_year
        if not (year.starts_on <= day <= year.ends_on):
            raise forms.ValidationError(
                f"活动日期须在{year}内（{year.starts_on:%Y-%m-%d} 至 {year.ends_on:%Y-%m-%d}）。"
            )
        if day > clock.today():
            raise forms.ValidationError("活动日期不能晚于今天。")
        return day

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence and hasattr(evidence, "content_type"):
            evidence.name = (
                "evidence" + EXTENSIONS[check_upload(evidence, allowed=EVIDENCE_TYPES, max_bytes=EVIDENCE_MAX)]
            )
        return evidence

    def clean(self):
        data = super().clean()
        if self.mentorship.status != MentorshipStatus.CONFIRMED:
            raise forms.ValidationError("只有已确认、未解除的结对才能记录带教活动。")
        return data


class ReflectionForm(BootstrapFormMixin, forms.ModelForm):
    school_year = forms.ModelChoiceField(label="学年", queryset=SchoolYear.objects.none())

    class Meta:
        model = Reflection
        fields = ["school_year", "term", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, school: School, mentee: Staff, **kwargs):
        self.school, self.mentee = school, mentee
        super().__init__(*args, **kwargs)
        self.instance.school, self.instance.mentee = school, mentee
        self.fields["term"] = forms.TypedChoiceField(label="学期", choices=Term.choices, coerce=int)
        years = Mentorship.objects.filter(school=school, mentee=mentee).filter(queries.ACTIVE).values("school_year")
        self.fields["school_year"].queryset = SchoolYear.objects.filter(pk__in=years).order_by("-start_year")
        self.fields["school_year"].error_messages["invalid_choice"] = "只能为本人有导师结对的学年撰写反思。"

    def clean(self):
        data = super().clean()
        year, term = data.get("school_year"), data.get("term")
        if year and term:
            clash = Reflection.objects.filter(mentee=self.mentee, school_year=year, term=term).exclude(
                pk=self.instance.pk
            )
            if clash.exists():
                self.add_error("term", f"{year}{Term(term).label}的反思已经写过，请修改原来的那篇。")
        return data

    def save(self, commit=True):
        reflection = super().save(commit=False)
        if not reflection.written_on:
            reflection.written_on = clock.today()
        if commit:
            reflection.save()
        return reflection


class EvaluationForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["result", "comments", "evaluated_on"]
        widgets = {"evaluated_on": DateInput(), "comments": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, mentorship: Mentorship, **kwargs):
        self.mentorship = mentorship
        super().__init__(*args, **kwargs)
        self.instance.mentorship = mentorship
        if not self.instance.pk:
            self.fields["evaluated_on"].initial = min(clock.today(), mentorship.school_year.ends_on)

    def clean_evaluated_on(self):
        day = self.cleaned_data["evaluated_on"]
        year = self.mentorship.school_year
        if day < year.starts_on:
            raise forms.ValidationError(f"考核日期不能早于{year}开始（{year.starts_on:%Y-%m-%d}）。")
        if day > clock.today():
            raise forms.ValidationError("考核日期不能晚于今天。")
        return day


class MilestoneForm(BootstrapFormMixin, forms.ModelForm):
    staff = StaffField(label="教师", other_school_message="所选教师不是本校教职工。")

    class Meta:
        model = Milestone
        fields = ["staff", "date", "kind", "level", "description"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, school: School, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)
        self.instance.school = school
        self.fields["staff"].school = school

    def show_choices(self):
        self.fields["staff"].show(
            Staff.objects.filter(school=self.school).order_by("staff_number").prefetch_related("subjects"), _label
        )
        return self

    def clean(self):
        data = super().clean()
        kind, level = data.get("kind"), data.get("level")
        if kind == MilestoneKind.KEY_TEACHER and not level:
            self.add_error("level", "类别为骨干教师时，请选择骨干教师级别。")
        if kind and kind != MilestoneKind.KEY_TEACHER and level:
            self.add_error("level", "只有类别为骨干教师时才填写级别。")
        if kind in (MilestoneKind.AWARD, MilestoneKind.TITLE, MilestoneKind.OTHER) and not data.get("description"):
            self.add_error("description", "请填写说明（如获奖名称、晋升的职称）。")
        _not_future(self, "date", data.get("date"))
        return data


class TemplateForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label="协议模板（.docx）", help_text="用 Word 编辑默认模板后上传，不超过 2 MB。")

    def clean_file(self):
        from .agreements import check_template

        upload = self.cleaned_data["file"]
        check_upload(upload, allowed=(DOCX,), max_bytes=TEMPLATE_MAX)
        check_template(upload.read())
        upload.seek(0)
        upload.name = "template.docx"
        return upload
