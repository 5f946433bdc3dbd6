"""Forms of 三会一课: the pages and the API validate through the same classes."""

import datetime as dt
from functools import cache, partial

from django import forms
from django.utils import timezone

from dangjian.lib import clock
from dangjian.lib.forms import BootstrapFormMixin, DateInput
from dangjian.lib.people import members_first
from dangjian.party.models import Organization
from dangjian.party.queries import member_orgs
from dangjian.school.models import School, Semester, Staff

from .compliance import parse_months
from .enums import ActivityStatus, AttendanceStatus, Kind, LessonStatus
from .models import Activity, LessonPlan, PlannedLesson, RuleSettings

MAX_DAYS_AHEAD = 366
EARLIEST_DAY = dt.date(2000, 1, 1)
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
OTHER_STAFF = "请选择本校在职教职工（所选人员不存在或不属于本校）。"

# Accepted uploads: what the first bytes must be, and the extensions that may carry them.
SIGNATURES = (
    ("image/jpeg", (b"\xff\xd8\xff",), ("jpg", "jpeg")),
    ("image/png", (b"\x89PNG\r\n\x1a\n",), ("png",)),
    ("image/gif", (b"GIF87a", b"GIF89a"), ("gif",)),
    ("application/pdf", (b"%PDF-",), ("pdf",)),
)


def sniff(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for content_type, magics, _ in SIGNATURES:
        if any(head.startswith(m) for m in magics):
            return content_type
    return None


EXTENSIONS = {ct: exts for ct, _, exts in SIGNATURES} | {"image/webp": ("webp",)}


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def school_staff(school: School):
    return Staff.objects.filter(school=school, is_active=True).order_by("staff_number")


class RuleSettingsForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = RuleSettings
        fields = [
            "general_meetings_per_quarter",
            "committee_meetings_per_month",
            "group_meetings_per_month",
            "lessons_per_quarter",
            "theme_days_per_month",
            "life_meetings_per_year",
            "reviews_per_year",
            "talks_per_member_per_year",
            "secretary_lessons_per_year",
            "leader_lessons_per_year",
            "holiday_months",
            "due_soon_days",
            "checkin_before_minutes",
            "checkin_after_minutes",
        ]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school

    def clean_holiday_months(self):
        try:
            months = parse_months(self.cleaned_data["holiday_months"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        if len(months) > 6:
            raise forms.ValidationError("寒暑假月份不能超过 6 个月。")
        return ",".join(str(m) for m in sorted(months))


class ActivityForm(BootstrapFormMixin, forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label="活动类型",
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="一次活动可同时计入多种类型，如主题党日同时是支部党员大会。",
        error_messages={"required": "请至少选择一种活动类型。", "invalid_choice": "活动类型“%(value)s”不存在。"},
    )
    day = forms.DateField(label="日期", widget=DateInput())
    start_time = forms.TimeField(label="开始时间", widget=TimeInput())
    end_time = forms.TimeField(label="结束时间", widget=TimeInput())
    invite_all = forms.BooleanField(
        label="邀请该组织全体党员参加", required=False, initial=True, help_text="保存后可在“出勤登记”中调整。"
    )

    class Meta:
        model = Activity
        fields = ["organization", "kinds", "topic", "status", "day", "start_time", "end_time", "place"]
        fields += ["host", "lecturer", "minutes", "resolutions"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 6}), "resolutions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, school, organizations, today: dt.date | None = None, **kwargs):
        self.school, self.today = school, today or clock.today()
        super().__init__(*args, **kwargs)
        self.instance.school = school
        if self.instance.organization_id:
            organizations = organizations | Organization.objects.filter(pk=self.instance.organization_id)
        self.fields["organization"].queryset = organizations.order_by("order", "pk")
        self.fields["organization"].error_messages["invalid_choice"] = "请选择您可以记录的本校党组织。"
        orgs = cache(partial(member_orgs, school))  # read once, and only if the form is drawn
        for name in ("host", "lecturer"):
            self.fields[name].queryset = school_staff(school)
            self.fields[name].error_messages["invalid_choice"] = OTHER_STAFF
            members_first(self.fields[name], orgs, org_field="organization")
        if self.instance.pk:
            del self.fields["invite_all"]
            local = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("kinds", list(self.instance.kind_rows.values_list("kind", flat=True)))
            self.initial.setdefault("day", local.date())
            self.initial.setdefault("start_time", local.time())
            self.initial.setdefault("end_time", timezone.localtime(self.instance.ends_at).time())

    def clean(self):
        data = super().clean()
        day, org, status = data.get("day"), data.get("organization"), data.get("status")
        if day:
            if day > self.today + dt.timedelta(days=MAX_DAYS_AHEAD):
                self.add_error("day", "日期不能晚于一年以后，请核对。")
            elif day < EARLIEST_DAY:
                self.add_error("day", f"日期不能早于 {EARLIEST_DAY:%Y-%m-%d}。")
            elif org and org.established_on and day < org.established_on:
                self.add_error("day", f"早于{org.name}的成立日期（{org.established_on:%Y-%m-%d}），请核对。")
            elif status == ActivityStatus.HELD and day > self.today:
                self.add_error("status", "活动日期在今天之后，不能标记为“已举行”。")
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "结束时间应晚于开始时间。")
        if Kind.LESSON in (data.get("kinds") or []) and not data.get("lecturer") and "lecturer" not in self.errors:
            self.add_error("lecturer", "党课须填写授课人。")
        if status == ActivityStatus.CANCELLED and not self.instance.pk:
            self.add_error("status", "新记录不能直接设为“已取消”。")
        if day and start and end and not self.errors:
            self.instance.starts_at = timezone.make_aware(dt.datetime.combine(day, start))
            self.instance.ends_at = timezone.make_aware(dt.datetime.combine(day, end))
        return data


def clean_attendance_rows(
    rows, *, allowed: dict[int, str], org_name: str
) -> tuple[list[tuple[int, str, str]], list[str]]:
    """Rows of (staff id, status, reason) checked against the organization's members (``allowed``:
    staff id → name). Returns the clean rows and Chinese messages naming the row."""
    clean, errors, seen = [], [], set()
    for n, row in enumerate(rows, start=1):
        staff, status, reason = row.get("staff"), (row.get("status") or ""), (row.get("reason") or "").strip()
        if not isinstance(staff, int) or isinstance(staff, bool):
            errors.append(f"第 {n} 行：请填写党员编号（整数）。")
            continue
        if staff not in allowed:
            errors.append(f"第 {n} 行：编号 {staff} 的人员不是{org_name}的党员，不能登记出勤。")
            continue
        if staff in seen:
            errors.append(f"第 {n} 行：{allowed[staff]}重复登记。")
            continue
        if status not in AttendanceStatus.values:
            errors.append(f"第 {n} 行：{allowed[staff]}的出勤状态“{status}”无效，应为 present、leave、absent 或空。")
            continue
        if status == AttendanceStatus.LEAVE and not reason:
            errors.append(f"第 {n} 行：{allowed[staff]}请假，须填写原因。")
            continue
        if len(reason) > 200:
            errors.append(f"第 {n} 行：原因不能超过 200 个字符。")
            continue
        seen.add(staff)
        clean.append((staff, status, reason))
    return clean, errors


class AttendanceForm(BootstrapFormMixin, forms.Form):
    """One status (tap buttons) and reason per invited member; more members of the organization can be added.

    For a meeting that was held, a member not registered yet shows as 出席, so only the exceptions (请假 with
    the reason, 缺席) are touched; ``all_present`` (the 全部出席 button) records every unregistered member as 出席."""

    def __init__(
        self,
        *args,
        people: list[Staff],
        invited: dict,
        candidates: list[Staff],
        org_name: str,
        held: bool = False,
        all_present: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.people, self.org_name, self.all_present = people, org_name, all_present
        self.allowed = {s.pk: s.name for s in people} | {s.pk: s.name for s in candidates}
        self.rows = []
        for staff in people:
            current = invited.get(staff.pk)
            registered = current.status if current else ""
            status = forms.ChoiceField(
                label=staff.name,
                choices=AttendanceStatus.choices,
                required=False,
                initial=registered or (AttendanceStatus.PRESENT if held else ""),
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
            )
            reason = forms.CharField(
                label=f"{staff.name}的原因",
                max_length=200,
                required=False,
                initial=current.reason if current else "",
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "placeholder": "请假/缺席原因"}),
            )
            self.fields[f"s{staff.pk}"], self.fields[f"r{staff.pk}"] = status, reason
            self.rows.append((staff, f"s{staff.pk}", f"r{staff.pk}", current))
        self.fields["add"] = forms.MultipleChoiceField(
            label="增加参会党员",
            required=False,
            choices=[(s.pk, f"{s.name}（{s.staff_number}）") for s in candidates],
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        )

    def bound_rows(self):
        return [(staff, self[s], self[r], current) for staff, s, r, current in self.rows]

    def clean(self):
        data = super().clean()
        default = AttendanceStatus.PRESENT if self.all_present else ""
        rows = [
            {"staff": staff.pk, "status": data.get(s, "") or default, "reason": data.get(r, "")}
            for staff, s, r, _ in self.rows
        ]
        rows += [{"staff": int(pk), "status": "", "reason": ""} for pk in data.get("add") or []]
        self.clean_rows, errors = clean_attendance_rows(rows, allowed=self.allowed, org_name=self.org_name)
        for message in errors:
            self.add_error(None, message)
        return data


class EvidenceForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="照片或 PDF",
        help_text="JPG、PNG、GIF、WebP 图片或 PDF，不超过 10 MB。",
        error_messages={"required": "请选择要上传的文件。", "empty": "文件是空的。"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"文件 {upload.size / 1024 / 1024:.1f} MB，超过 10 MB 的上限。")
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        content_type = sniff(head)
        if content_type is None:
            raise forms.ValidationError("只接受 JPG、PNG、GIF、WebP 图片或 PDF 文件（文件内容不是这些格式）。")
        ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if ext not in EXTENSIONS[content_type]:
            raise forms.ValidationError(
                f"文件扩展名“.{ext}”与内容（{content_type}）不符，请使用 .{EXTENSIONS[content_type][0]}。"
            )
        upload.content_type_sniffed = content_type
        return upload


class LessonPlanForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = LessonPlan
        fields = ["organization", "semester", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, school, organizations, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)
        self.instance.school = school
        self.fields["organization"].queryset = organizations.order_by("order", "pk")
        self.fields["organization"].error_messages["invalid_choice"] = "请选择您可以制定计划的本校党组织。"
        self.fields["semester"].queryset = Semester.objects.select_related("school_year").order_by("-starts_on")

    def clean(self):
        data = super().clean()
        org, semester = data.get("organization"), data.get("semester")
        if org and semester:
            clash = LessonPlan.objects.filter(organization=org, semester=semester).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("semester", f"{org.name}{semester}已有党课计划。")
        return data


class PlannedLessonForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = PlannedLesson
        fields = ["planned_on", "week", "lecturer", "topic", "status", "change_note"]
        widgets = {"planned_on": DateInput()}

    def __init__(self, *args, plan: LessonPlan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["planned_on"].required = False
        self.fields["planned_on"].help_text = "填写日期，或只填教学周（自动取该周周一）。"
        self.fields["lecturer"].queryset = school_staff(plan.school)
        self.fields["lecturer"].error_messages["invalid_choice"] = OTHER_STAFF
        members_first(self.fields["lecturer"], partial(member_orgs, plan.school), org=plan.organization_id)
        self.fields["status"].choices = [
            (LessonStatus.PLANNED.value, LessonStatus.PLANNED.label),
            (LessonStatus.CANCELLED.value, LessonStatus.CANCELLED.label),
        ]
        if self.instance.status == LessonStatus.HELD:
            self.fields["status"].choices.append((LessonStatus.HELD.value, LessonStatus.HELD.label))
        if not self.instance.pk:
            del self.fields["status"], self.fields["change_note"]

    def clean(self):
        data = super().clean()
        semester = self.plan.semester
        day, week = data.get("planned_on"), data.get("week")
        from_week = bool(week and not day)
        if from_week:
            monday = semester.starts_on - dt.timedelta(days=semester.starts_on.weekday())
            day = monday + dt.timedelta(weeks=week - 1)
            data["planned_on"] = day
        if not day and "planned_on" not in self.errors and "week" not in self.errors:
            self.add_error("planned_on", "请填写计划日期或教学周。")
        elif day and not semester.starts_on <= day <= semester.ends_on:
            self.add_error(
                "week" if from_week else "planned_on",
                f"应在{semester}内（{semester.starts_on:%Y-%m-%d} 至 {semester.ends_on:%Y-%m-%d}）。",
            )
        status = data.get("status")
        if self.instance.pk:
            moved = day and self.instance.planned_on and day != self.instance.planned_on
            if (status == LessonStatus.CANCELLED or moved) and not (data.get("change_note") or "").strip():
                self.add_error("change_note", "调整日期或取消党课时请说明原因。")
            if self.instance.status == LessonStatus.HELD and status != LessonStatus.HELD:
                self.add_error("status", "已讲授的党课不能改为其他状态。")
        return data
