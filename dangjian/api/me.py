"""/api/v1/me: the signed-in user's own things. ``GET /me/todo`` is 我的待办, the list the personal page shows
(reports.todo.items), for the user alone;
``GET /me/notifications`` their in-app notices and ``POST /me/notifications/read`` marks them read."""

import datetime as dt
from typing import Annotated

from django.http import Http404
from ninja import Field, Query, Router, Schema

from dangjian.accounts.access import get_access
from dangjian.lib import clock
from dangjian.lib.forms import DB_INT_MAX
from dangjian.notifications.models import Notification
from dangjian.notifications.services import mark_read
from dangjian.reports import todo
from dangjian.school.models import School

from .common import ERRORS, Text, school_for

router = Router(tags=["我的"])

OptionalSchool = Annotated[Text, Query("", title="学校代码（school）", description="如 sfxyz；不填为本人所在学校")]


class TodoItemOut(Schema):
    module: str = Field(description="所属模块")
    title: str
    url: str = Field(description="办理页面")
    day: dt.date | None = Field(description="日期（会议、党课日期或到期日）；常设提醒为 null")
    level: str = Field(description="danger 逾期，warning 今天或临近，info 其他")
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    place: str = ""
    action_url: str = Field("", description="当天可签到时的签到链接")
    school_wide: bool = Field(description="学校待办（书记、党务干部、教务处、政教处等可见），否则为本人待办")


class TodoOut(Schema):
    school: str
    today: dt.date
    count: int
    items: list[TodoItemOut]


def _school(user, code: str) -> School:
    if code:
        return school_for(user, code)
    access = get_access(user)
    ids = [access.staff_school_id] if access.staff_school_id else sorted(access.member_school_ids)
    if len(ids) != 1:
        raise Http404("请用 school 参数指定学校")
    return School.objects.get(pk=ids[0])


@router.get("/todo", response={200: TodoOut, **ERRORS}, summary="我的待办")
def my_todo(request, school: OptionalSchool = ""):
    """本人的待办：受邀参加、主持或授课的会议（当天附签到链接）、要讲的党课团课、待我审批的党课计划、结对带教与成长反思、
    本人帮扶学生的联系提醒；书记、党务干部、教务处、政教处另有学校待办。与“我的待办”页面相同。"""
    school_obj = _school(request.user, school)
    items = todo.items(request.user, school_obj)
    return {"school": school_obj.code, "today": clock.today(), "count": len(items), "items": items}


class NotificationOut(Schema):
    id: int
    school: str = Field(description="学校代码")
    kind: str = Field(description="plan_submitted、plan_approved、meeting_tomorrow、checkin_open、due_soon、digest")
    title: str
    body: str
    link: str = Field(description="办理页面")
    created: dt.datetime
    read_at: dt.datetime | None = Field(description="已读时间；未读为 null")

    @staticmethod
    def resolve_school(obj):
        return obj.school.code


class NotificationsOut(Schema):
    unread: int
    items: list[NotificationOut]


class MarkReadIn(Schema):
    ids: list[Annotated[int, Field(ge=1, le=DB_INT_MAX)]] | None = Field(
        None, max_length=500, description="要标为已读的消息 id（至多 500 个）；不填为全部"
    )


class MarkedOut(Schema):
    marked: int


@router.get("/notifications", response={200: NotificationsOut, **ERRORS}, summary="我的消息")
def my_notifications(request, unread: bool = False):
    """本人最近 50 条站内消息（新的在前）；unread=true 只列未读。"""
    rows = Notification.objects.filter(recipient=request.user).select_related("school")
    if unread:
        rows = rows.filter(read_at__isnull=True)
    count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    return {"unread": count, "items": list(rows[:50])}


@router.post("/notifications/read", response={200: MarkedOut, **ERRORS}, summary="消息标为已读")
def my_notifications_read(request, payload: MarkReadIn):
    """把本人的消息标为已读：ids 指定的几条，或不填为全部。"""
    return {"marked": mark_read(request.user, payload.ids)}
