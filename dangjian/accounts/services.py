"""Account writes: audit entries, API tokens, roles granted by the school, passwords reset by its office and
the logins of staff who left."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dangjian.lib.client_ip import client_ip

from .enums import GRANTABLE, Role
from .models import ApiToken, AuditLog, RoleGrant, User, hash_token


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


# Accounts and roles run by the school -----------------------------------------------------------------------


def role_grant(*, user, role: str, school, organization=None, actor, request=None) -> RoleGrant:
    """Grant a school role (or 支部书记 of one of the school's branches); granting what is held changes nothing."""
    if role not in GRANTABLE:
        raise ValidationError("该角色不能在学校授予。")
    if role == Role.BRANCH_SECRETARY:
        if organization is None or organization.school_id != school.pk:
            raise ValidationError({"organization": "请选择本校的党支部（或党小组）。"})
        scope = {"organization": organization, "school": school}
    else:
        scope = {"school": school, "organization": None}
    with transaction.atomic():
        grant, created = RoleGrant.objects.get_or_create(user=user, role=role, **scope)
        if created:
            summary = f"授予 {user.display_name} {grant.get_role_display()}"
            audit(actor, "accounts.grant", grant, school=school, summary=summary, request=request)
    return grant


def keep_a_secretary(grant: RoleGrant, school) -> None:
    """Refuse to end the school's last active secretary grant (someone must be able to run the school)."""
    if (
        grant.role == Role.SECRETARY
        and not RoleGrant.objects.filter(role=Role.SECRETARY, school=school, user__is_active=True)
        .exclude(pk=grant.pk)
        .exists()
    ):
        raise ValidationError("这是学校唯一的书记账号，不能撤销；请先为接任者授予书记角色。")


def role_revoke(*, grant: RoleGrant, actor, request=None) -> None:
    """Revoke a grant; the school's last secretary keeps theirs (someone must be able to run the school)."""
    school = grant.school or grant.organization.school
    keep_a_secretary(grant, school)
    with transaction.atomic():
        summary = f"撤销 {grant.user.display_name} {grant.get_role_display()}"
        audit(actor, "accounts.revoke", grant, school=school, summary=summary, request=request)
        grant.delete()


def password_reset_by_office(*, user, school, actor, request=None) -> str:
    """A new one-time password for one of the school's users (changed at their next login). Returns it."""
    from .onboarding import set_one_time_code

    with transaction.atomic():
        code = set_one_time_code(user)
        user.save(update_fields=["password", "must_change_password"])
        audit(actor, "accounts.reset", user, school=school, summary=f"重置 {user.username} 的密码", request=request)
    return code


def leavers_lock(*, school, actor=None, request=None) -> int:
    """Staff who left (在职 = 否) lose their login and their roles; their records stay. Returns how many."""
    from dangjian.school.models import Staff

    users = User.objects.filter(staff__school=school, staff__is_active=False, is_active=True)
    ids = list(users.values_list("pk", flat=True))
    if ids:
        with transaction.atomic():
            User.objects.filter(pk__in=ids).update(is_active=False)
            RoleGrant.objects.filter(user_id__in=ids).delete()
            names = "、".join(Staff.objects.filter(user_id__in=ids).values_list("name", flat=True)[:10])
            audit(
                actor,
                "accounts.leavers",
                school=school,
                summary=f"离职停用账号 {len(ids)} 个：{names}",
                request=request,
            )
    return len(ids)


def county_account_create(*, county, kind: str, username: str, name: str, school=None, actor, request=None):
    """A county colleague's login (the county role) or a school's first secretary, with a one-time password.
    Returns the user and the password (shown once)."""
    from .onboarding import set_one_time_code

    with transaction.atomic():
        user = User(username=username, last_name=name[:1], first_name=name[1:])
        code = set_one_time_code(user)
        user.save()
        if kind == "county":
            RoleGrant.objects.create(user=user, role=Role.COUNTY, county=county)
            summary = f"创建县教育工委账号 {username}（{name}）"
        else:
            RoleGrant.objects.create(user=user, role=Role.SECRETARY, school=school)
            summary = f"创建 {school.name} 书记账号 {username}（{name}）"
        audit(actor, "accounts.county_create", user, school=school, summary=summary, request=request)
    return user, code
