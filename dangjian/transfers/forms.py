from django import forms

from dangjian.lib import clock
from dangjian.lib.forms import BootstrapFormMixin, DateInput
from dangjian.party.enums import MemberStatus, OrgKind, Post
from dangjian.party.membership import MEMBER_STAGES
from dangjian.party.models import Organization, PartyMember
from dangjian.school.models import School, Staff

from .enums import Direction, Grade
from .grading import required_follow_up, vote_errors
from .leaving import keep_the_school_run
from .models import Appraisal, BranchTerm, Transfer


def _not_future(day):
    if day and day > clock.today():
        raise forms.ValidationError("日期不能晚于今天。")
    return day


def _staff_without_record(school: School):
    return Staff.objects.filter(school=school, is_active=True, party_record__isnull=True).order_by("staff_number")


class TransferStartForm(BootstrapFormMixin, forms.ModelForm):
    """The sending school starts a transfer: out of the system, or to another school of the county."""

    direction = forms.ChoiceField(label="类型", choices=[(d.value, d.label) for d in (Direction.COUNTY, Direction.OUT)])

    class Meta:
        model = Transfer
        fields = ["member", "direction", "to_school", "destination", "letter_number", "transfer_on", "note"]
        widgets = {"transfer_on": DateInput()}

    def __init__(self, *args, school: School, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)
        self.fields["member"].required = True
        self.fields["member"].queryset = (
            PartyMember.objects.filter(branch__school=school, status__in=MEMBER_STAGES)
            .exclude(transfers_out__state="pending")
            .select_related("staff")
            .order_by("staff__staff_number")
        )
        self.fields["to_school"].queryset = School.objects.filter(county_id=school.county_id).exclude(pk=school.pk)
        self.fields["to_school"].help_text = "县内转接：选择本县接收学校。"

    def clean_transfer_on(self):
        return _not_future(self.cleaned_data.get("transfer_on"))

    def clean(self):
        data = super().clean()
        if data.get("direction") == Direction.COUNTY and not data.get("to_school"):
            self.add_error("to_school", "县内转接须选择接收学校。")
        if data.get("direction") == Direction.OUT and not data.get("destination"):
            self.add_error("destination", "转出须填写转往单位。")
        member, day = data.get("member"), data.get("transfer_on")
        if member and day and member.admitted_on and day < member.admitted_on:
            self.add_error("transfer_on", "转出日期不能早于接收为预备党员日期。")
        if member:
            try:
                keep_the_school_run(member.staff, self.school)
            except forms.ValidationError as exc:
                self.add_error("member", exc)
        return data


class TransferAcceptForm(BootstrapFormMixin, forms.Form):
    """The receiving school takes the member into one of its branches."""

    branch = forms.ModelChoiceField(label="接收支部", queryset=Organization.objects.none())
    staff = forms.ModelChoiceField(
        label="本校教职工记录",
        queryset=Staff.objects.none(),
        required=False,
        help_text="已在本校教职工名册中的，请选择；留空则按转出学校的信息新建。",
    )
    staff_number = forms.CharField(label="本校工号", max_length=20, required=False, help_text="新建教职工记录时使用。")
    accepted_on = forms.DateField(label="接收日期", widget=DateInput())

    def __init__(self, *args, school: School, transfer: Transfer, **kwargs):
        self.school, self.transfer = school, transfer
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Organization.objects.filter(school=school, kind=OrgKind.BRANCH)
        self.fields["staff"].queryset = _staff_without_record(school)

    def clean_accepted_on(self):
        day = _not_future(self.cleaned_data.get("accepted_on"))
        if day and day < self.transfer.transfer_on:
            raise forms.ValidationError("接收日期不能早于转出日期。")
        return day

    def clean(self):
        data = super().clean()
        if not data.get("staff"):
            number = (data.get("staff_number") or "").strip()
            if not number:
                self.add_error("staff_number", "未选择本校教职工记录时须填写工号。")
            elif Staff.objects.filter(school=self.school, staff_number=number).exists():
                self.add_error("staff_number", "本校已有此工号，请在上方选择该教职工。")
            data["staff_number"] = number
        return data


class TransferReturnForm(BootstrapFormMixin, forms.Form):
    return_reason = forms.CharField(label="退回原因", max_length=200)


class TransferInForm(BootstrapFormMixin, forms.ModelForm):
    """A member arriving from outside the system, registered with their letter."""

    staff = forms.ModelChoiceField(label="教职工", queryset=Staff.objects.none(), help_text="先在教职工名册中登记。")
    branch = forms.ModelChoiceField(label="接收支部", queryset=Organization.objects.none())
    status = forms.ChoiceField(
        label="党员类别", choices=[(s.value, s.label) for s in (MemberStatus.FULL, MemberStatus.PROBATIONARY)]
    )
    admitted_on = forms.DateField(label="接收为预备党员日期", widget=DateInput())
    full_on = forms.DateField(label="转为正式党员日期", widget=DateInput(), required=False)

    class Meta:
        model = Transfer
        fields = [
            "staff",
            "branch",
            "status",
            "admitted_on",
            "full_on",
            "origin",
            "letter_number",
            "transfer_on",
            "note",
        ]
        widgets = {"transfer_on": DateInput()}
        labels = {"transfer_on": "转入日期"}

    def __init__(self, *args, school: School, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = _staff_without_record(school)
        self.fields["branch"].queryset = Organization.objects.filter(school=school, kind=OrgKind.BRANCH)
        self.fields["origin"].required = True

    def clean_transfer_on(self):
        return _not_future(self.cleaned_data.get("transfer_on"))

    def clean(self):
        data = super().clean()
        admitted, full = data.get("admitted_on"), data.get("full_on")
        if data.get("status") == MemberStatus.FULL and not full:
            self.add_error("full_on", "正式党员须填写转正日期。")
        if admitted and full and full < admitted:
            self.add_error("full_on", "不能早于接收为预备党员日期。")
        return data


ELECTED_POSTS = [Post.SECRETARY, Post.DEPUTY_SECRETARY, Post.ORGANIZATION, Post.PROPAGANDA, Post.DISCIPLINE]


class BranchTermForm(BootstrapFormMixin, forms.ModelForm):
    """A term with its committee: one field per post, and the other committee members."""

    committee_member = forms.ModelMultipleChoiceField(label="委员", queryset=Staff.objects.none(), required=False)

    class Meta:
        model = BranchTerm
        fields = ["organization", "elected_on", "note"]
        widgets = {"elected_on": DateInput()}

    def __init__(self, *args, school: School, branches, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = branches
        members = Staff.objects.filter(school=school, party_record__status__in=["full", "probationary"]).order_by(
            "staff_number"
        )
        for post in ELECTED_POSTS:
            self.fields[f"post_{post.value}"] = forms.ModelChoiceField(
                label=post.label, queryset=members, required=post == Post.SECRETARY
            )
        self.fields["committee_member"].queryset = members
        self.order_fields(
            ["organization", "elected_on", *[f"post_{p.value}" for p in ELECTED_POSTS], "committee_member"]
        )

    def clean_elected_on(self):
        return _not_future(self.cleaned_data.get("elected_on"))

    def posts(self) -> list[tuple[Staff, str]]:
        data = self.cleaned_data
        chosen = [(data[f"post_{p.value}"], p.value) for p in ELECTED_POSTS if data.get(f"post_{p.value}")]
        chosen += [(staff, Post.COMMITTEE_MEMBER.value) for staff in data.get("committee_member") or []]
        return chosen

    def clean(self):
        data = super().clean()
        if not self.errors:
            people = [staff.pk for staff, _ in self.posts()]
            if len(people) != len(set(people)):
                raise forms.ValidationError("同一人不能在本届委员会中担任两个职务。")
        return data


class AppraisalForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Appraisal
        fields = [
            "votes_excellent",
            "votes_qualified",
            "votes_basic",
            "votes_unqualified",
            "grade",
            "decision",
            "follow_up",
        ]

    def __init__(self, *args, voters: int | None = None, **kwargs):
        self.voters = voters
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        votes = {
            Grade.EXCELLENT: data.get("votes_excellent") or 0,
            Grade.QUALIFIED: data.get("votes_qualified") or 0,
            Grade.BASIC: data.get("votes_basic") or 0,
            Grade.UNQUALIFIED: data.get("votes_unqualified") or 0,
        }
        for message in vote_errors(votes, self.voters):
            raise forms.ValidationError(message)
        grade = data.get("grade")
        if grade and required_follow_up(grade, self.instance.member.status) and not data.get("follow_up"):
            self.add_error(
                "follow_up", f"评为不合格须填写后续处置（{required_follow_up(grade, self.instance.member.status)}）。"
            )
        return data


class BranchAppraisalFormSet(forms.BaseFormSet):
    """民主评议 of a whole branch on one screen: one ``AppraisalForm`` per member (the single form's rules),
    pre-filled with what is saved. Rows are named by member, so a member who joined or left between the
    page and the submit cannot shift the others' grades; a row left blank for a member not yet graded is
    skipped."""

    def __init__(self, *args, instances: list[Appraisal], voters: int, **kwargs):
        self.instances, self.voters = instances, voters
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.instances)

    def add_prefix(self, index):
        return super().add_prefix(self.instances[index].member_id if isinstance(index, int) else index)

    def get_form_kwargs(self, index):
        instance = self.instances[index]
        return {"instance": instance, "voters": self.voters, "empty_permitted": instance.pk is None}

    def changed(self) -> list[Appraisal]:
        """The rows to save (valid formset only), unsaved."""
        return [form.save(commit=False) for form in self.forms if form.has_changed()]


def branch_appraisal_formset(data=None, *, instances: list[Appraisal], voters: int) -> BranchAppraisalFormSet:
    factory = forms.formset_factory(AppraisalForm, formset=BranchAppraisalFormSet, extra=0)
    return factory(data, instances=instances, voters=voters, prefix="a")
