"""One structured line per request (request id, user id, method, path, status, duration), and the request id
in the X-Request-ID response header. A proxy's X-Request-ID is kept when it is a plain token; otherwise one is
made. /healthz/ is not logged."""

import logging
import re
import time
import uuid

from django.conf import settings

from dangjian.lib import health

log = logging.getLogger("dangjian.request")
TOKEN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
QUIET_PATHS = (health.PATH,)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if TOKEN.match(given) else uuid.uuid4().hex
        started = time.monotonic()
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        if request.path not in QUIET_PATHS:
            user = getattr(request, "user", None)
            fields = {
                "request_id": request.request_id,
                "user_id": user.pk if user is not None and user.is_authenticated else "-",
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round((time.monotonic() - started) * 1000),
            }
            level = logging.ERROR if response.status_code >= 500 else logging.INFO
            log.log(level, " ".join(f"{k}={v}" for k, v in fields.items()), extra=fields)
        return response


class NoTracebackFor4xx(logging.Filter):
    """Django logs a refused request (403, 404 …) with the exception's traceback: keep the warning line only."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class SmtpConfigured(logging.Filter):
    """Errors are mailed to ADMINS only when an SMTP server is configured (EMAIL_HOST), read when mailing."""

    def filter(self, record: logging.LogRecord) -> bool:
        return bool(settings.EMAIL_HOST)
