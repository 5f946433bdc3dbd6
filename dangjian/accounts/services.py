"""Account writes: audit entries and API tokens."""

from django.db import transaction
from django.utils import timezone

from dangjian.lib.client_ip import client_ip

from .models import ApiToken, AuditLog, hash_token


def audit(actor, action: str, obj=None, *, school=None, summary: str = "", request=None) -> AuditLog:
    return AuditLog.objects.create(
        user=actor if actor is not None and actor.is_authenticated else None,
        school=school,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=(summary or (str(obj) if obj is not None else ""))[:200],
        ip_address=client_ip(request),
    )


def api_token_create(*, user, name: str, request=None) -> tuple[ApiToken, str]:
    """Create a token; the plain key is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValueError("请填写令牌名称。")
    key = ApiToken.new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name[:50], key_hash=hash_token(key), key_prefix=key[:10])
        audit(user, "api_token.create", token, request=request)
    return token, key


def api_token_revoke(*, token: ApiToken, actor, request=None) -> None:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(actor, "api_token.revoke", token, request=request)


def api_token_user(key: str):
    """The active user behind a bearer key, or None. Touches last_used_at at most once a minute."""
    token = (
        ApiToken.objects.filter(key_hash=hash_token(key), revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
