"""Who may read and write the school's Party-building pages.

Reading the public pages needs no login (published items only); writing them is for the school's
Party secretary and Party affairs staff. Other people of the school get 403, outsiders 404."""

from dangjian.accounts.access import get_access
from dangjian.accounts.enums import Role
from dangjian.lib.access import not_found, require
from dangjian.school.models import School
from dangjian.school.permissions import get_member_school_for_user

from .enums import NewsStatus
from .models import Honour, NewsItem

EDITORS = (Role.SECRETARY, Role.PARTY_STAFF)


def get_public_school(code: str) -> School:
    """Any school by code, for the public pages (no login)."""
    school = School.objects.filter(code=code).first()
    if school is None:
        not_found()
    return school


def can_manage_publicity(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *EDITORS)


def get_manage_school_for_user(user, code: str) -> School:
    school = get_member_school_for_user(user, code)
    require(can_manage_publicity(user, school))
    return school


def get_public_news(school: School, pk: int) -> NewsItem:
    item = NewsItem.objects.filter(school=school, pk=pk, status=NewsStatus.PUBLISHED).first()
    if item is None:
        not_found()
    return item


def get_news_for_user(user, school: School, pk: int) -> NewsItem:
    """A news item of the school, drafts included, for its editors (call after the school check)."""
    require(can_manage_publicity(user, school))
    item = NewsItem.objects.filter(school=school, pk=pk).select_related("created_by").first()
    if item is None:
        not_found()
    return item


def can_see_cover(user, item: NewsItem) -> bool:
    return item.status == NewsStatus.PUBLISHED or can_manage_publicity(user, item.school)


def get_honour_for_user(user, school: School, pk: int) -> Honour:
    require(can_manage_publicity(user, school))
    honour = Honour.objects.filter(school=school, pk=pk).first()
    if honour is None:
        not_found()
    return honour
