import datetime as dt
import os
import time
from io import StringIO

from axes.models import AccessAttempt
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from dangjian.jobs.models import Job
from dangjian.rosters import uploads


def test_housekeeping_removes_only_what_is_old(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    old, fresh = SessionStore(), SessionStore()
    old.create()
    fresh.create()
    Session.objects.filter(session_key=old.session_key).update(expire_date=now - dt.timedelta(days=1))
    for days in (40, 1):
        attempt = AccessAttempt.objects.create(username=f"u{days}", ip_address="10.0.0.1", failures_since_start=3)
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=now - dt.timedelta(days=days))
    stale, recent = uploads.upload_dir() / "1_stale.upload", uploads.upload_dir() / "1_recent.upload"
    for path in (stale, recent):
        path.write_bytes(b"x")
    past = time.time() - uploads.TTL_SECONDS - 60
    os.utime(stale, (past, past))
    done_old = Job.objects.create(
        school=world.school, kind="staffing.optimize", status="done", finished_at=now - dt.timedelta(days=100)
    )
    done_new = Job.objects.create(school=world.school, kind="staffing.optimize", status="done", finished_at=now)
    running = Job.objects.create(school=world.school, kind="staffing.optimize", status="running")

    out = StringIO()
    call_command("housekeeping", stdout=out)

    assert "过期会话 1 个，登录尝试记录 1 条，未确认的导入文件 1 个，旧后台任务 1 个" in out.getvalue()
    assert list(Session.objects.values_list("session_key", flat=True)) == [fresh.session_key]
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["u1"]
    assert (stale.exists(), recent.exists()) == (False, True)
    assert set(Job.objects.values_list("pk", flat=True)) == {done_new.pk, running.pk}
    assert not Job.objects.filter(pk=done_old.pk).exists()


def test_housekeeping_removes_the_files_of_the_jobs_it_removes(world, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    kept, gone = (
        Job.objects.create(
            school=world.school, kind="reports.annual", status="done", finished_at=now - dt.timedelta(days)
        )
        for days in (1, 100)
    )
    for job in (kept, gone):
        job.result_file.save("report.docx", ContentFile(b"PK"))
    paths = [job.result_file.path for job in (kept, gone)]
    call_command("housekeeping", stdout=StringIO())
    assert [os.path.exists(p) for p in paths] == [True, False]
