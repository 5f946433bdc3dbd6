"""``python manage.py housekeeping``: the nightly clean-up (systemd timer or cron, see README): expired
sessions, old login-lock records, roster uploads left between preview and confirm, old finished jobs with their
files and task results. Safe to run at any time; prints what it removed."""

import datetime as dt
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend

from dangjian.jobs.models import FINISHED, Job
from dangjian.rosters import uploads


class Command(BaseCommand):
    help = "清理过期会话、旧的登录锁定记录、未确认的导入文件和已结束的旧后台任务。"

    def add_arguments(self, parser):
        parser.add_argument("--login-days", type=int, default=30, help="登录尝试记录保留天数（默认 30）")
        parser.add_argument("--job-days", type=int, default=90, help="已结束的后台任务保留天数（默认 90）")

    def handle(self, *args, login_days, job_days, **options):
        now = timezone.now()
        sessions = Session.objects.filter(expire_date__lt=now).count()
        import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
        since = now - dt.timedelta(days=login_days)
        logins = sum(
            model.objects.filter(attempt_time__lt=since).delete()[0]
            for model in (AccessAttempt, AccessLog, AccessFailureLog)
        )
        files = uploads.purge_expired()
        old = Job.objects.filter(status__in=FINISHED, finished_at__lt=now - dt.timedelta(days=job_days))
        for job in old.exclude(result_file=""):
            job.result_file.delete(save=False)
        jobs = old.delete()[0]
        if isinstance(task_backends["default"], DatabaseBackend):  # the worker's own result rows
            call_command("prune_db_task_results", min_age_days=job_days, verbosity=0)
        self.stdout.write(
            f"已清理：过期会话 {sessions} 个，登录尝试记录 {logins} 条，未确认的导入文件 {files} 个，旧后台任务 {jobs} 个。"
        )
