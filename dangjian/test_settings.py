"""Settings for the test suite: production settings with plain http and fast password hashing."""

from .settings import *  # noqa: F403
from .settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "dangjian.accounts.hashers.OneTimeCodeHasher"]
SECURE_SSL_REDIRECT = False  # the test client and the live server speak plain http
SECURE_HSTS_SECONDS = 0
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # jobs run at once in tests
