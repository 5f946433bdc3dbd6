from django import forms

from dangjian.lib.dates import age_on
from dangjian.lib.forms import BootstrapFormMixin, DateInput
from dangjian.school.models import Staff

from .enums import ALLOWED_CHILDREN, MemberStatus, OrgKind
from .models import Organization, PartyMember

TOP_LEVEL_REFUSED = "只有学校党组织书记或党务干部可以设立顶层党组织，请选择上级组织。"


class OrganizationForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "kind",
            "parent",
            "grade_level",
            "established_on",
            "term_starts_on",
            "term_ends_on",
            "order",
        ]
        widgets = {"established_on": DateInput(), "term_starts_on": DateInput(), "term_ends_on": DateInput()}

    def __init__(self, *args, school, parents, allow_top_level: bool, **kwargs):
        """``parents``: where the user may place an organization; keeping the current parent is always
        allowed. Only school admins (``allow_top_level``) may make an organization top-level."""
        self.school, self.allow_top_level = school, allow_top_level
        super().__init__(*args, **kwargs)
        self.instance.school = school
        self.current_parent_id = self.instance.parent_id
        if self.current_parent_id:
            parents = parents | Organization.objects.filter(pk=self.current_parent_id)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].help_text = "党委、党总支可不填上级；支部在党总支（党委）下，党小组在支部下。"

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Organization.objects.filter(school=self.school, name=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"本校已有名为“{name}”的党组织。")
        return name

    def clean(self):
        data = super().clean()
        kind, parent = data.get("kind"), data.get("parent")
        moves_to_top = parent is None and (self.instance.pk is None or self.current_parent_id is not None)
        if moves_to_top and not self.allow_top_level and "parent" not in self.errors:
            self.add_error("parent", TOP_LEVEL_REFUSED)
        elif kind and parent is None and kind not in (OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH):
            self.add_error("parent", "党小组必须设在支部之下。")
        if kind and parent is not None and kind not in ALLOWED_CHILDREN[OrgKind(parent.kind)]:
            self.add_error("parent", f"{parent.get_kind_display()}下不能设立{OrgKind(kind).label}。")
        if parent is not None and self.instance.pk:
            node = parent
            while node is not None:
                if node.pk == self.instance.pk:
                    self.add_error("parent", "上级组织不能是自身或其下级。")
                    break
                node = node.parent
        if data.get("grade_level") and kind != OrgKind.GROUP:
            self.add_error("grade_level", "只有年段党小组才填写对应年段。")
        return data


STAGE_DATES = ["applied_on", "activist_on", "candidate_on", "admitted_on", "full_on"]
REQUIRED_DATE = {
    MemberStatus.ACTIVIST: "activist_on",
    MemberStatus.CANDIDATE: "candidate_on",
    MemberStatus.PROBATIONARY: "admitted_on",
    MemberStatus.FULL: "full_on",
}


class PartyMemberForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = PartyMember
        fields = ["staff", "branch", "group", "status", *STAGE_DATES]
        widgets = {name: DateInput() for name in STAGE_DATES}

    def __init__(self, *args, school, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = Staff.objects.filter(school=school, is_active=True).filter(
            party_record__isnull=True
        ) | Staff.objects.filter(pk=self.instance.staff_id or 0)
        orgs = Organization.objects.filter(school=school)
        self.fields["branch"].queryset = orgs.filter(kind=OrgKind.BRANCH)
        self.fields["group"].queryset = orgs.filter(kind=OrgKind.GROUP)
        if self.instance.pk:
            self.fields["staff"].disabled = True
        if self.instance.status != MemberStatus.CANCELLED:
            # Cancellation is the 取消预备党员资格 step of the member's development file, which also sets the staff
            # record's political status and dates the history; a record already cancelled keeps its status here.
            self.fields["status"].choices = [c for c in self.fields["status"].choices if c[0] != MemberStatus.CANCELLED]

    def clean(self):
        data = super().clean()
        branch, group, status = data.get("branch"), data.get("group"), data.get("status")
        if branch and group and group.parent_id != branch.pk:
            self.add_error("group", f"{group.name}不属于{branch.name}。")
        if status in REQUIRED_DATE and not data.get(REQUIRED_DATE[status]):
            self.add_error(REQUIRED_DATE[status], f"状态为“{MemberStatus(status).label}”时必须填写此日期。")
        dates = [(name, data.get(name)) for name in STAGE_DATES if data.get(name)]
        for (earlier_name, earlier), (name, later) in zip(dates, dates[1:], strict=False):
            if later < earlier:
                label = self.fields[earlier_name].label
                self.add_error(name, f"不能早于“{label}”（{earlier:%Y-%m-%d}）。")
        staff, applied = data.get("staff"), data.get("applied_on")
        if staff and staff.birth_date and applied and age_on(staff.birth_date, applied) < 18:
            self.add_error("applied_on", "递交入党申请时须年满 18 周岁。")
        return data
