"""One environment-driven settings file. SQLite by default so a checkout just works;
set DATABASE_URL for PostgreSQL in production."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("DANGJIAN_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", False)


def _secret_key() -> str:
    """DJANGO_SECRET_KEY, or a random key kept in var/secret_key so a checkout just works."""
    key = os.environ.get("DJANGO_SECRET_KEY", "")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        import secrets

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "dangjian.accounts",
    "dangjian.school",
    "dangjian.party",
    "dangjian.staffing",
    "dangjian.api",
    "dangjian.demo",
    "dangjian.support",
    "dangjian.mentoring",
    "dangjian.subjects",
    "dangjian.league",
    "dangjian.development",
    "dangjian.meetings",
    "dangjian.rosters",
    "dangjian.publicity",
    "dangjian.jobs",
    "dangjian.reports",
    "dangjian.transfers",
    "dangjian.notifications",
    "dangjian.dues",
]

MIDDLEWARE = [
    "dangjian.lib.request_log.RequestLogMiddleware",
    "dangjian.lib.health.HealthzMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dangjian.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dangjian.urls"
WSGI_APPLICATION = "dangjian.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dangjian.accounts.context_processors.navigation",
                "dangjian.notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'dangjian.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "dangjian.accounts.hashers.Argon2idHasher",  # OWASP's Argon2id settings (see the module)
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "dangjian.accounts.hashers.OneTimeCodeHasher",  # one-time initial passwords only
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username+IP pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("DANGJIAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_HANDLER = "dangjian.accounts.throttle.LoginThrottle"
AXES_CLIENT_IP_CALLABLE = "dangjian.lib.client_ip.client_ip"
# Failed logins from one address across all usernames (password spraying) before that address is locked.
DANGJIAN_LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("DANGJIAN_LOGIN_IP_FAILURE_LIMIT", "30"))
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
DANGJIAN_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("DANGJIAN_TRUSTED_PROXIES", "").split(",") if p.strip()]

LANGUAGE_CODE = "zh-hans"
FORMAT_MODULE_PATH = ["dangjian.formats"]  # one date format: 2023-05-26
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
# Pins "today" (ISO date) for a training copy or a demo of a past year; empty means the real date (lib/clock.py).
DANGJIAN_TODAY = os.environ.get("DANGJIAN_TODAY", "")

# Background jobs (optimizer runs, matching) go through Django's tasks API. The database backend needs no other
# server: run `python manage.py db_worker` beside the web server. A larger deployment may switch to another
# backend of the same API (e.g. django-tasks-rq) by DANGJIAN_TASKS_BACKEND alone.
TASKS = {"default": {"BACKEND": os.environ.get("DANGJIAN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

# Security headers. Strict CSP: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# Logs: one line each to stdout (the journal under systemd), requests included (dangjian.request: request id,
# user id, method, path, status, ms); a refused request (403, 404) is a warning line without traceback; errors
# are also mailed to ADMINS (DJANGO_ADMINS="姓名:mail@example.cn,…") when EMAIL_HOST is set.
ADMINS = [tuple(item.split(":", 1)) for item in os.environ.get("DJANGO_ADMINS", "").split(",") if ":" in item]
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
SERVER_EMAIL = DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_FROM_EMAIL", "dangjian@localhost")
EMAIL_TIMEOUT = 10  # seconds: a slow mail server fails a notification's attempt (retried), never hangs the worker
# 消息提醒 (dangjian.notifications): the site's address, for the links in e-mails and group-robot messages.
DANGJIAN_SITE_URL = os.environ.get("DANGJIAN_SITE_URL", "")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_4xx_traceback": {"()": "dangjian.lib.request_log.NoTracebackFor4xx"},
        "mailable": {"()": "dangjian.lib.request_log.SmtpConfigured"},
    },
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
            "filters": ["no_4xx_traceback"],
        },
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR", "filters": ["mailable"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        "dangjian.request": {"level": os.environ.get("DANGJIAN_REQUEST_LOG_LEVEL", "INFO")},
        # Replaces Django's own handlers of "django" (a console printing tracebacks when DEBUG, and a second
        # mail_admins that ignores EMAIL_HOST): errors of django.request and django.security are mailed once.
        "django": {"handlers": ["mail_admins"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
        "django.request": {"level": "WARNING"},
        # Scanners asking for another host name: a line, not a mail each.
        "django.security.DisallowedHost": {"handlers": ["console"], "propagate": False},
    },
}

# Pagination size for list pages and API.
PAGE_SIZE = 25
