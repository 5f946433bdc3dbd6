"""Bad input is refused field by field, in Chinese; nothing is half-saved."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dangjian.publicity.forms import HonourForm, NewsItemForm
from dangjian.tests import factories as f

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _news(world, files=None, **data):
    payload = {"title": "标题", "body": "<p>正文</p>"}
    payload.update(data)
    return NewsItemForm(data=payload, files=files, school=world.school)


def test_body_is_sanitized_by_the_form(world):
    form = _news(world, body='<p onclick="x()">好<script>alert(1)</script><strong>消息</strong></p>')
    assert form.is_valid(), form.errors
    assert form.cleaned_data["body"] == "<p>好<strong>消息</strong></p>"


def test_a_body_that_is_only_a_script_is_empty(world):
    form = _news(world, body="<script>alert(1)</script><p> </p>")
    assert form.is_valid() is False
    assert form.errors["body"] == ["正文不能为空（脚本、样式等不允许的内容已被清除）。"]


def test_required_fields(world):
    form = NewsItemForm(data={"title": "   ", "body": ""}, school=world.school)
    assert form.is_valid() is False
    assert form.errors["title"] == ["这个字段是必填项。"]
    assert form.errors["body"] == ["这个字段是必填项。"]


def test_title_too_long(world):
    form = _news(world, title="长" * 121)
    assert form.is_valid() is False
    assert form.errors["title"] == ["确保该变量包含不超过 120 字符 (目前字符数 121)。"]


def test_publication_time_in_the_future_or_bad(world):
    later = timezone.localtime(timezone.now() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    assert _news(world, published_at=later).errors["published_at"] == ["发布时间应在 2000-01-01 到今天之间。"]
    assert _news(world, published_at="1999-12-31T10:00").errors["published_at"] == [
        "发布时间应在 2000-01-01 到今天之间。"
    ]
    assert _news(world, published_at="不是日期").errors["published_at"] == ["输入一个有效的日期/时间。"]


def test_cover_must_be_a_real_small_image(world):
    fake = SimpleUploadedFile("封面.png", b"<svg onload=alert(1)>", content_type="image/png")
    assert _news(world, files={"cover": fake}).errors["cover"] == ["文件内容不是 PNG、JPG、GIF 或 WebP 图片。"]
    svg = SimpleUploadedFile("a.svg", b"<svg/>", content_type="image/svg+xml")
    assert _news(world, files={"cover": svg}).errors["cover"] == ["只支持 PNG、JPG、GIF、WebP 格式的图片。"]
    big = SimpleUploadedFile("a.png", PNG + b"\x00" * (2 * 1024 * 1024), content_type="image/png")
    assert _news(world, files={"cover": big}).errors["cover"] == ["图片不能超过 2 MB（当前 2.0 MB）。"]
    good = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    assert _news(world, files={"cover": good}).is_valid() is True


def test_remove_cover_is_offered_only_when_there_is_one(world):
    assert "remove_cover" not in _news(world).fields
    item = f.NewsItemFactory(school=world.school, cover="publicity/x.png")
    assert "remove_cover" in NewsItemForm(instance=item, school=world.school).fields


def _honour(world, **data):
    payload = {"name": "省级文明校园", "year": 2020, "awarded_by": "省文明委", "level": "provincial", "order": 0}
    payload.update(data)
    return HonourForm(data=payload, school=world.school)


def test_honour_errors(world):
    this_year = timezone.localdate().year
    assert _honour(world, year=this_year + 1).errors["year"] == [f"年份不能晚于今年（{this_year}）。"]
    assert _honour(world, year=1900).errors["year"] == ["确保该值大于或等于1949。"]
    assert _honour(world, year="二〇二〇").errors["year"] == ["输入整数。"]
    assert _honour(world, level="世界级").errors["level"] == ["选择一个有效的选项。 世界级 不在可用的选项中。"]
    assert _honour(world, name="  ").errors["name"] == ["这个字段是必填项。"]


def test_honour_duplicates_per_school_and_year(world):
    f.HonourFactory(school=world.school, name="省级文明校园", year=2020)
    f.HonourFactory(school=world.other_school, name="省级文明校园", year=2017)
    assert _honour(world).errors["name"] == ["2020 年的“省级文明校园”已登记。"]
    assert _honour(world, year=2017).is_valid() is True
