"""Background jobs: the page and API that show a job, to whom, and the runner's rules (idempotent, failures
with their reason, progress). The tests run jobs with Django's immediate backend, the worker's code path."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dangjian.jobs import registry
from dangjian.jobs.models import Job
from dangjian.jobs.services import job_start
from dangjian.jobs.tasks import run_job
from dangjian.staffing.models import OptimizerRun
from dangjian.staffing.tests.conftest import build_small
from dangjian.tests.test_view_permissions import ROLES

# Who sees an optimizer job: the academic office (and whoever may manage teaching assignments), 404 to the rest.
SEES = {"secretary", "party_staff", "jiaowu", "superuser"}


@pytest.fixture
def job(world):
    small = build_small(world)
    return job_start(
        kind="staffing.optimize",
        school=world.school,
        actor=world.users["jiaowu"],
        params={"semester": small.semester.pk, "time_limit": 5},
    )


def test_the_optimizer_job_runs_and_points_to_its_run(job):
    run = OptimizerRun.objects.get()
    assert (job.status, job.progress, job.result_url) == ("done", 100, run.get_absolute_url())
    assert job.stage.startswith("最优方案")
    assert job.task_id and job.started_at and job.finished_at


@pytest.mark.parametrize("role", ROLES)
def test_job_pages_per_role(client_for, job, role):
    client = client_for(role)
    detail = client.get(reverse("jobs:detail", args=["a", job.pk]))
    status = client.get(reverse("jobs:status", args=["a", job.pk]))
    expected = 302 if role == "anonymous" else 200 if role in SEES else 404
    # a finished job's page sends those who see it to its result
    assert (detail.status_code, status.status_code) == (302 if expected == 200 else expected, expected)
    if expected == 200:
        assert detail["Location"] == job.result_url
        assert "查看结果" in status.content.decode()


def test_a_job_of_another_school_is_404(client_for, job, world):
    other = Job.objects.create(school=world.other_school, kind="staffing.optimize")
    assert client_for("secretary").get(reverse("jobs:detail", args=["a", other.pk])).status_code == 404
    assert client_for("secretary").get(reverse("jobs:detail", args=["b", job.pk])).status_code == 404


def test_running_a_job_twice_does_nothing_more(job):
    run_job.call(job.pk)
    assert OptimizerRun.objects.count() == 1


def _with_kind(monkeypatch, function):
    monkeypatch.setitem(registry.KINDS, "test.kind", registry.JobKind("测试任务", "x"))
    monkeypatch.setattr(registry.JobKind, "run", lambda self, job, report: function(job, report))


def test_a_refused_job_fails_with_its_reason_and_reports_progress(monkeypatch, world):
    seen = []

    def refuse(job, report):
        report(40, "正在检查")
        seen.append(Job.objects.get(pk=job.pk).stage)
        raise ValidationError("学期没有班级。")

    _with_kind(monkeypatch, refuse)
    job = job_start(kind="test.kind", school=world.school, actor=world.users["secretary"], params={})
    assert seen == ["正在检查"]
    assert (job.status, job.error, job.result_url) == ("failed", "学期没有班级。", "")


def test_an_unexpected_error_fails_the_job_without_details(monkeypatch, world, caplog):
    def crash(job, report):
        raise RuntimeError("secret internals")

    _with_kind(monkeypatch, crash)
    job = job_start(kind="test.kind", school=world.school, actor=world.users["secretary"], params={})
    assert job.status == "failed"
    assert "secret" not in job.error and "稍后重试" in job.error
    assert "secret internals" in caplog.text


def test_the_status_card_polls_until_done(client_for, world):
    job = Job.objects.create(school=world.school, kind="staffing.optimize", created_by=world.users["jiaowu"])
    client = client_for("jiaowu")
    page = client.get(reverse("jobs:status", args=["a", job.pk]), headers={"HX-Request": "true"})
    body = page.content.decode()
    assert page.status_code == 200 and 'hx-trigger="every 1s"' in body and "排队中" in body
    detail = client.get(reverse("jobs:detail", args=["a", job.pk]))
    assert detail.status_code == 200 and "后台运行" in detail.content.decode()
    Job.objects.filter(pk=job.pk).update(status="failed", error="学期没有班级。")
    assert "学期没有班级。" in client.get(reverse("jobs:detail", args=["a", job.pk])).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_job_file_per_role(client_for, world, role, settings, tmp_path):
    """A report job's file: to the dashboard's roles (who may start such a job) and its starter; 404 else."""
    settings.MEDIA_ROOT = tmp_path
    report = job_start(
        kind="reports.annual",
        school=world.school,
        actor=world.users["secretary"],
        params={"year": 2022, "format": "xlsx"},
    )
    response = client_for(role).get(reverse("jobs:file", args=["a", report.pk]))
    expected = 302 if role == "anonymous" else 200 if role in {"secretary", "party_staff", "superuser"} else 404
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Disposition"].startswith("attachment")
        b"".join(response.streaming_content)  # read to the end: the test client then closes the file


def test_an_unfinished_job_or_a_lost_file_is_404(client_for, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    queued = Job.objects.create(school=world.school, kind="reports.annual", created_by=world.users["secretary"])
    client = client_for("secretary")
    assert client.get(reverse("jobs:file", args=["a", queued.pk])).status_code == 404
    report = job_start(
        kind="reports.annual",
        school=world.school,
        actor=world.users["secretary"],
        params={"year": 2022, "format": "docx"},
    )
    report.result_file.delete(save=False)
    assert client.get(reverse("jobs:file", args=["a", report.pk])).status_code == 404


def test_a_report_job_for_a_missing_year_fails_with_its_reason(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = job_start(
        kind="reports.annual",
        school=world.school,
        actor=world.users["secretary"],
        params={"year": 1999, "format": "docx"},
    )
    assert (report.status, report.error, report.result_file.name) == ("failed", "学年或格式不存在。", "")
