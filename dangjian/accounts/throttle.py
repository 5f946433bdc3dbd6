"""Login throttling: django-axes locks a username+IP pair after DANGJIAN_LOGIN_FAILURE_LIMIT failures;
this handler adds an IP-wide limit across usernames (password spraying), DANGJIAN_LOGIN_IP_FAILURE_LIMIT
failures from one address within the cool-off time. It is high, since a whole school may share one address."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LoginThrottle(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or ip_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and ip_locked(request):
            request.axes_locked_out = True  # the middleware answers with the lock page


def ip_locked(request) -> bool:
    return ip_failures(request) >= settings.DANGJIAN_LOGIN_IP_FAILURE_LIMIT


def ip_failures(request) -> int:
    ip = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    if not ip:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=ip)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
