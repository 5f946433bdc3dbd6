"""The two ways into the API: a personal bearer token, or the browser session with its CSRF token.

Both are tried on every endpoint, bearer first. A request that neither authenticates gets 401."""

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from dangjian.accounts.services import api_token_user

CSRF_FAILED = "CSRF 校验失败：请在请求头 X-CSRFToken 中带上页面的 CSRF 令牌，或改用 API 令牌。"


class BearerAuth(HttpBearer):
    """``Authorization: Bearer <key>`` with a token made on the profile page."""

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(token.strip()) if token else None
        if user is None:
            return None
        # The permission helpers and the services read request.user.
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session. Unsafe methods must carry the CSRF token.

    Unlike ninja's own SessionAuth, the CSRF check runs only for a logged-in session, so an
    anonymous POST answers 401 (not authenticated) rather than 403 (CSRF)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, CSRF_FAILED)
        return user

    def authenticate(self, request: HttpRequest, key: str | None):  # pragma: no cover - __call__ decides
        return None
