"""gunicorn settings for Dangjian: `gunicorn -c deploy/gunicorn.conf.py dangjian.wsgi`.

Long work runs in the task worker (manage.py db_worker), so a request never needs more than a few seconds;
the timeout only guards against a stuck worker. The app logs each request itself (request id, user, status),
so gunicorn's access log is off."""

import multiprocessing
import os

bind = os.environ.get("DANGJIAN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("DANGJIAN_WEB_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9)))
threads = 1
timeout = 60
graceful_timeout = 30
max_requests = int(os.environ.get("DANGJIAN_WEB_MAX_REQUESTS", 2000))  # recycle workers now and then (0: never)
max_requests_jitter = 200
accesslog = None
errorlog = "-"
# X-Forwarded-Proto/For are believed only from the reverse proxy (the same list as the app's own setting).
forwarded_allow_ips = os.environ.get("DANGJIAN_TRUSTED_PROXIES", "127.0.0.1") or "127.0.0.1"
