import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from dangjian.school.models import School

from .enums import HonourLevel, NewsStatus


class Honour(models.Model):
    """An honour the school (or its Party organization) received, shown on its public pages."""

    school = models.ForeignKey(School, models.CASCADE, related_name="honours", verbose_name="学校")
    name = models.CharField("荣誉名称", max_length=100, help_text="如：省级文明校园、省先进基层党组织")
    year = models.PositiveSmallIntegerField(
        "年份", validators=[MinValueValidator(1949), MaxValueValidator(2100)], help_text="获得荣誉的年份"
    )
    awarded_by = models.CharField("授予单位", max_length=100, blank=True, help_text="如：省委、省政府")
    level = models.CharField("级别", max_length=12, choices=HonourLevel.choices, default=HonourLevel.PROVINCIAL)
    order = models.PositiveSmallIntegerField("排序", default=0, help_text="数字小的排在前面；相同时按年份从新到旧")

    class Meta:
        verbose_name = verbose_name_plural = "荣誉"
        ordering = ["school", "order", "-year", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "name", "year"], name="unique_honour_per_year")]

    def __str__(self):
        return f"{self.year}年 {self.name}"

    def get_absolute_url(self):
        return reverse("publicity:honours", args=[self.school.code])


def cover_upload_to(instance, filename: str) -> str:
    """A random file name: the uploader's own name is never used on disk."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"publicity/{uuid.uuid4().hex}.{extension}"


class NewsItem(models.Model):
    """A news item (党建动态) of the school's Party-building pages. ``body`` is stored sanitized."""

    school = models.ForeignKey(School, models.CASCADE, related_name="news_items", verbose_name="学校")
    title = models.CharField("标题", max_length=120)
    summary = models.CharField("摘要", max_length=200, blank=True, help_text="留空则取正文开头")
    body = models.TextField("正文")
    source = models.CharField("文章来源", max_length=100, blank=True, help_text="如：本校党总支、县教育局网站")
    author_name = models.CharField("作者", max_length=50, blank=True, help_text="公开显示的作者署名")
    published_at = models.DateTimeField("发布时间", null=True, blank=True, help_text="留空则在发布时取当前时间")
    status = models.CharField("状态", max_length=10, choices=NewsStatus.choices, default=NewsStatus.DRAFT)
    view_count = models.PositiveIntegerField("浏览次数", default=0)
    cover = models.FileField("封面图片", upload_to=cover_upload_to, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="创建人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "党建动态"
        ordering = ["school", "-published_at", "-pk"]
        indexes = [models.Index(fields=["school", "status", "-published_at", "-id"], name="news_public_list")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publicity:news_detail", args=[self.school.code, self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == NewsStatus.PUBLISHED
