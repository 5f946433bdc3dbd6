import datetime as dt

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from dangjian.lib import clock
from dangjian.lib.forms import BootstrapFormMixin

from .models import Honour, NewsItem
from .sanitize import clean_html, image_problem, plain_text

EARLIEST_NEWS = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class NewsItemForm(BootstrapFormMixin, forms.ModelForm):
    remove_cover = forms.BooleanField(label="删除现有封面图片", required=False)

    class Meta:
        model = NewsItem
        fields = ["title", "summary", "body", "source", "author_name", "published_at", "cover"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 14, "data-rich-editor": "body"}),
            "published_at": DateTimeLocalInput(),
            "cover": forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
        }
        help_texts = {
            "body": "可使用加粗、斜体、下划线、小标题、列表、引用和链接；脚本、样式等其他内容保存时会被自动清除。",
            "cover": "可选。PNG、JPG、GIF 或 WebP，不超过 2 MB。",
        }

    def __init__(self, *args, school, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)
        self.instance.school = school
        if not self.instance.cover:
            del self.fields["remove_cover"]

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("请填写标题。")
        return title

    def clean_body(self):
        body = clean_html(self.cleaned_data.get("body", ""))
        if not plain_text(body) and "<img" not in body:
            raise forms.ValidationError("正文不能为空（脚本、样式等不允许的内容已被清除）。")
        return body

    def clean_published_at(self):
        value = self.cleaned_data.get("published_at")
        if value is None:
            return value
        latest = timezone.now() + dt.timedelta(days=1)
        if not (EARLIEST_NEWS <= value <= latest):
            raise forms.ValidationError("发布时间应在 2000-01-01 到今天之间。")
        return value

    def clean_cover(self):
        upload = self.cleaned_data.get("cover")
        if isinstance(upload, UploadedFile):
            head = upload.read(16)
            upload.seek(0)
            problem = image_problem(upload.name, upload.size, head)
            if problem:
                raise forms.ValidationError(problem)
        return upload


class HonourForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Honour
        fields = ["name", "year", "awarded_by", "level", "order"]

    def __init__(self, *args, school, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)
        self.instance.school = school

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("请填写荣誉名称。")
        return name

    def clean_year(self):
        year = self.cleaned_data["year"]
        this_year = clock.today().year
        if year is not None and year > this_year:
            raise forms.ValidationError(f"年份不能晚于今年（{this_year}）。")
        return year

    def clean(self):
        data = super().clean()
        name, year = data.get("name"), data.get("year")
        if name and year:
            clash = Honour.objects.filter(school=self.school, name=name, year=year).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", f"{year} 年的“{name}”已登记。")
        return data
