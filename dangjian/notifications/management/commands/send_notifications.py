"""``python manage.py send_notifications``: every few minutes (systemd timer or cron, see README), the check-in
openings and the retries that are due; with ``--daily`` (once a morning) also the daily digest, tomorrow's
meetings and the items about to become overdue. Each notice goes once per person however often it runs."""

from django.core.management.base import BaseCommand

from dangjian.lib import clock
from dangjian.notifications import events
from dangjian.notifications.services import deliver_due
from dangjian.school.models import School


class Command(BaseCommand):
    help = "发送消息提醒：签到开始提醒和到期重试；加 --daily 另发每日待办摘要、明日会议和即将到期提醒。"

    def add_arguments(self, parser):
        parser.add_argument("--daily", action="store_true", help="发送每日待办摘要、明日会议和即将到期提醒")

    def handle(self, *args, daily, **options):
        checkins = events.checkins_open()
        summary = f"签到提醒 {checkins} 条"
        if daily:
            today = clock.today()
            meetings = events.meetings_tomorrow(today)
            digests = due = 0
            for school in School.objects.order_by("pk"):
                made = events.daily(school, events.school_users(school), today)
                digests, due = digests + made[0], due + made[1]
            summary += f"，明日会议提醒 {meetings} 条，每日摘要 {digests} 条，即将到期提醒 {due} 条"
        sent = deliver_due()
        self.stdout.write(f"已生成：{summary}；本次发送 {sent} 条。")
