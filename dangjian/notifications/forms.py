from django import forms

from dangjian.lib.forms import BootstrapFormMixin
from dangjian.party.models import Organization

from .models import ChannelChoice, Webhook


class ChannelChoiceForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ChannelChoice
        fields = ["email", "robot", "digest"]
        help_texts = {
            "email": "发送到账号上登记的邮箱。",
            "robot": "发到所在党小组、支部或学校的企业微信/钉钉群（同一事件群里只发一条）。",
            "digest": "每天早上汇总我的待办；关于学生帮扶只发数量，不含姓名。",
        }


class WebhookForm(BootstrapFormMixin, forms.ModelForm):
    url = forms.URLField(
        label="Webhook 地址",
        max_length=500,
        assume_scheme="https",
        help_text="如 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… 或 https://oapi.dingtalk.com/robot/send?access_token=…",
    )

    class Meta:
        model = Webhook
        fields = ["organization", "provider", "url", "secret"]

    def __init__(self, *args, school, org_ids, whole_school: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school
        field = self.fields["organization"]
        field.queryset = Organization.objects.filter(school=school, pk__in=org_ids)
        field.required = not whole_school
        field.empty_label = "全校" if whole_school else "请选择…"
