"""/api/v1/me: the signed-in user's own things. ``GET /me/todo`` is 我的待办, the list the personal page shows
(reports.todo.items), for the user alone."""

import datetime as dt
from typing import Annotated

from django.http import Http404
from ninja import Field, Query, Router, Schema

from dangjian.accounts.access import get_access
from dangjian.lib import clock
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
