"""Menu entry of 消息提醒设置 (registered in accounts.context_processors): the school's admins and branch
secretaries, who set the school's defaults and the group robots. No query (the user's access is cached)."""

from django.urls import reverse

from dangjian.accounts.access import get_access
from dangjian.accounts.enums import Role

from .permissions import is_school_admin


def entries(user, school) -> list[tuple[str, str]]:
    if is_school_admin(user, school) or get_access(user).has_role(school.pk, Role.BRANCH_SECRETARY):
        return [("消息提醒设置", reverse("notifications:school_settings", args=[school.code]))]
    return []
