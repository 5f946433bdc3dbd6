from django import forms

from dangjian.lib.forms import BootstrapFormMixin


class ApiTokenForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="令牌名称", max_length=50, help_text="写明用途，如“统计脚本”。")
