"""The two answers an access helper gives: 404 to outsiders, 403 to readers who try to write."""

from django.core.exceptions import PermissionDenied
from django.http import Http404


def not_found():
    raise Http404("页面不存在或无权访问")


def require(allowed: bool, message: str = "没有权限执行此操作") -> None:
    if not allowed:
        raise PermissionDenied(message)
