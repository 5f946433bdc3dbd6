"""What a member leaves behind at the sending school when they transfer out: their role grants there end and
their Party posts there end on the transfer date. Each ending is written to the audit log against the
transfer, which is where the transfer's page reads what was ended."""

from django.db.models import Q

from dangjian.accounts.enums import Role
from dangjian.accounts.models import AuditLog, RoleGrant
from dangjian.accounts.services import audit, keep_a_secretary
from dangjian.party.models import OrganizationPost

from .models import Transfer

ROLE_ENDED, POST_ENDED = "transfer.role_end", "transfer.post_end"


def keep_the_school_run(staff, school) -> None:
    """Refuse (ValidationError) a transfer of the school's last secretary, when it is started: a county
    transfer would otherwise wait for an accept that must fail."""
    if staff.user_id is not None:
        for grant in RoleGrant.objects.filter(user_id=staff.user_id, role=Role.SECRETARY, school=school):
            keep_a_secretary(grant, school)


def roles_and_posts_end(*, transfer: Transfer, staff, actor, request=None) -> int:
    """End ``staff``'s grants and posts at the transfer's sending school, inside the caller's transaction
    (call it before the login moves to the receiving school). The receiving school grants nothing
    automatically. Refuses to end the school's last secretary. Returns how many were ended."""
    school = transfer.from_school
    grants = []
    if staff.user_id is not None:
        grants = list(
            RoleGrant.objects.filter(user_id=staff.user_id)
            .filter(Q(school=school) | Q(organization__school=school))
            .select_related("organization")
            .order_by("pk")
        )
    posts = list(
        OrganizationPost.objects.filter(staff=staff, organization__school=school, ended_on__isnull=True)
        .select_related("organization")
        .order_by("pk")
    )
    for grant in grants:
        keep_a_secretary(grant, school)
        scope = f"（{grant.organization.name}）" if grant.organization else ""
        summary = f"{staff.name}：结束角色 {grant.get_role_display()}{scope}"
        audit(actor, ROLE_ENDED, transfer, school=school, summary=summary, request=request)
    for post in posts:
        # A post entered after the transfer date (recorded late) ends the day it began, never before it.
        post.ended_on = max(transfer.transfer_on, post.started_on)
        summary = f"{staff.name}：{post.organization.name}{post.get_post_display()}离任（{post.ended_on:%Y-%m-%d}）"
        audit(actor, POST_ENDED, transfer, school=school, summary=summary, request=request)
    RoleGrant.objects.filter(pk__in=[g.pk for g in grants]).delete()
    OrganizationPost.objects.bulk_update(posts, ["ended_on"])
    return len(grants) + len(posts)


def ended(transfer: Transfer) -> list[str]:
    """What the transfer ended at the sending school, as the audit log recorded it. One query."""
    return list(
        AuditLog.objects.filter(
            object_type=Transfer._meta.label, object_id=str(transfer.pk), action__in=[ROLE_ENDED, POST_ENDED]
        )
        .order_by("pk")
        .values_list("summary", flat=True)
    )
