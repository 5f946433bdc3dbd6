"""A piece of long work (an optimizer run, a matching) done by the task worker, with its progress."""

import secrets
from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangjian.school.models import School


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "运行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


FINISHED = (JobStatus.DONE, JobStatus.FAILED)


def result_path(job, filename: str) -> str:
    """A job's file under a name nobody can guess (media are served by the app only, after the access check)."""
    return f"jobs/{job.school_id}/{secrets.token_urlsafe(16)}{Path(filename).suffix.lower()}"


class Job(models.Model):
    school = models.ForeignKey(School, models.CASCADE, related_name="jobs", verbose_name="学校")
    kind = models.CharField("任务", max_length=30)
    params = models.JSONField("参数", default=dict, blank=True)
    status = models.CharField("状态", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    stage = models.CharField("进度说明", max_length=200, blank=True)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    result_url = models.CharField("结果地址", max_length=300, blank=True)
    result_file = models.FileField("结果文件", upload_to=result_path, blank=True)
    result_name = models.CharField("结果文件名", max_length=200, blank=True)
    error = models.TextField("失败原因", blank=True)
    task_id = models.CharField("任务编号", max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="发起人"
    )
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["school", "-created_at"])]

    def __str__(self):
        return f"{self.label}（{self.get_status_display()}）"

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.school.code, self.pk])

    @property
    def label(self) -> str:
        from .registry import KINDS

        return KINDS[self.kind].label if self.kind in KINDS else self.kind

    @property
    def finished(self) -> bool:
        return self.status in FINISHED
