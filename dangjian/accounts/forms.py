from django import forms
from django.contrib.auth.forms import AuthenticationForm

from dangjian.lib.forms import BootstrapFormMixin
from dangjian.party.enums import OrgKind
from dangjian.party.models import Organization
from dangjian.school.models import School

from .enums import GRANTABLE, Role
from .models import User
from .permissions import school_users


class ApiTokenForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="令牌名称", max_length=50, help_text="写明用途，如“统计脚本”。")


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。",
        "inactive": "该账号已停用，请联系学校党务干部。",
    }


class SlipsForm(forms.Form):
    format = forms.ChoiceField(label="登录单格式", choices=[("xlsx", "Excel 表格"), ("docx", "Word（每人一张）")])


class GrantForm(BootstrapFormMixin, forms.Form):
    user = forms.ModelChoiceField(label="账号", queryset=User.objects.none(), empty_label="请选择…")
    role = forms.ChoiceField(label="角色", choices=[("", "请选择…")] + [(r.value, r.label) for r in GRANTABLE])
    organization = forms.ModelChoiceField(
        label="党组织",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="（支部书记须选择）",
        help_text="授予“支部书记/党小组长”时选择所负责的支部或党小组。",
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = school_users(school).filter(is_active=True).order_by("username")
        self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name() or u.username}（{u.username}）"
        self.fields["organization"].queryset = Organization.objects.filter(
            school=school, kind__in=[OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.GROUP]
        )

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.BRANCH_SECRETARY and not data.get("organization"):
            self.add_error("organization", "授予支部书记/党小组长时须选择党组织。")
        return data


class CountyAccountForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="账号类型", choices=[("secretary", "学校首个书记账号"), ("county", "县教育工委同事")], initial="secretary"
    )
    school = forms.ModelChoiceField(label="学校", queryset=School.objects.none(), required=False, empty_label="请选择…")
    username = forms.RegexField(
        label="用户名",
        max_length=30,
        regex=r"^[A-Za-z0-9_.@+-]+$",
        error_messages={"invalid": "用户名只能包含字母、数字和 _ . @ + -。"},
    )
    name = forms.CharField(label="姓名", max_length=30)

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(county=county).order_by("code")

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("该用户名已被使用。")
        return username

    def clean(self):
        data = super().clean()
        if data.get("kind") == "secretary" and not data.get("school"):
            self.add_error("school", "请选择学校。")
        return data
