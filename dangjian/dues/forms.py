from django import forms

from dangjian.lib import clock
from dangjian.lib.forms import BootstrapFormMixin

from . import rules
from .enums import Channel
from .importing import KINDS
from .models import DuesBase


class BaseForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = DuesBase
        fields = ["monthly_base", "category", "special", "reduced_amount", "note"]


class RecordForm(BootstrapFormMixin, forms.Form):
    """Mark one month paid for many members at once."""

    month = forms.DateField(
        label="所属月份",
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )
    paid_on = forms.DateField(label="交纳日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    channel = forms.ChoiceField(label="方式", choices=Channel.choices)
    members = forms.TypedMultipleChoiceField(label="党员", coerce=int, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, member_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = member_choices

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month.year not in rules.YEARS:
            raise forms.ValidationError(f"所属月份须在 {rules.YEARS[0]}–{rules.YEARS[-1]} 年之间。")
        return month

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > clock.today():
            raise forms.ValidationError("交纳日期不能晚于今天。")
        return paid_on


class ImportForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="导入内容", choices=list(KINDS.items()))
    year = forms.IntegerField(label="年度", min_value=rules.YEARS[0], max_value=rules.YEARS[-1])
    file = forms.FileField(
        label="文件",
        help_text="Excel（.xlsx）或 CSV。基数表列：工号、姓名、月工资基数、人员类别、特殊情况、批准月交纳额、说明；"
        "交纳表列：工号、姓名、月份、金额（可空，按基数计算）、交纳日期、方式。",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.csv"}),
    )
