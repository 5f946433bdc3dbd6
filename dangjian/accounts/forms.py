from django import forms
from django.contrib.auth.forms import AuthenticationForm

from dangjian.lib.forms import BootstrapFormMixin


class ApiTokenForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="令牌名称", max_length=50, help_text="写明用途，如“统计脚本”。")


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。",
        "inactive": "该账号已停用，请联系学校党务干部。",
    }
