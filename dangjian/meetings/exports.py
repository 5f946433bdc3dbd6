"""Exports: the records of a period (.xlsx), one activity's 会议记录 and a semester plan (.docx), the .ics feed."""

from io import BytesIO
from pathlib import Path

import icalendar
from django.http import HttpResponse
from django.utils import timezone
from docxtpl import DocxTemplate

from dangjian.lib import clock
from dangjian.lib.downloads import DOCX_CONTENT_TYPE, attachment
from dangjian.lib.templating import sandbox
from dangjian.lib.xlsx import xlsx_response

from .enums import AttendanceStatus
from .queries import ActivityDetail, CalendarEntry, kind_labels

DOCX_DIR = Path(__file__).resolve().parent / "templates" / "meetings" / "docx"

ACTIVITY_HEADERS = [
    "日期",
    "开始",
    "结束",
    "组织单位",
    "活动类型",
    "主题",
    "状态",
    "地点",
    "主持人",
    "授课人",
    "应到",
    "出席",
    "请假",
    "决议事项",
]


def activities_xlsx(filename: str, activities) -> HttpResponse:
    def rows():
        for a in activities:
            start, end = timezone.localtime(a.starts_at), timezone.localtime(a.ends_at)
            yield [
                start.date(),
                start.strftime("%H:%M"),
                end.strftime("%H:%M"),
                a.organization.name,
                "、".join(kind_labels(a)),
                a.topic,
                a.get_status_display(),
                a.place,
                a.host.name if a.host else "",
                a.lecturer.name if a.lecturer else "",
                a.invited,
                a.present,
                a.on_leave,
                a.resolutions,
            ]

    return xlsx_response(filename, [("组织生活记录", ACTIVITY_HEADERS, rows())])


def _docx_response(doc: DocxTemplate, filename: str) -> HttpResponse:
    out = BytesIO()
    doc.save(out)
    return attachment(out.getvalue(), filename, DOCX_CONTENT_TYPE)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()] or ["（无）"]


def record_docx(activity, detail: ActivityDetail) -> HttpResponse:
    start, end = timezone.localtime(activity.starts_at), timezone.localtime(activity.ends_at)

    def names(status):
        return "、".join(a.staff.name for a in detail.attendances if a.status == status) or "无"

    leave = "、".join(
        f"{a.staff.name}（{a.reason}）" if a.reason else a.staff.name
        for a in detail.attendances
        if a.status == AttendanceStatus.LEAVE
    )
    context = {
        "school": activity.school.name,
        "organization": activity.organization.name,
        "kinds": "、".join(detail.kinds),
        "topic": activity.topic,
        "time": f"{start:%Y年%m月%d日 %H:%M}—{end:%H:%M}",
        "place": activity.place or "—",
        "host": activity.host.name if activity.host else "—",
        "lecturer": activity.lecturer.name if activity.lecturer else "—",
        "recorder": (activity.created_by.get_full_name() or activity.created_by.username)
        if activity.created_by
        else "—",
        "invited": len(detail.attendances),
        "present": detail.counts[AttendanceStatus.PRESENT],
        "leave": detail.counts[AttendanceStatus.LEAVE],
        "absent": detail.counts[AttendanceStatus.ABSENT],
        "present_names": names(AttendanceStatus.PRESENT),
        "leave_names": leave or "无",
        "absent_names": names(AttendanceStatus.ABSENT),
        "minutes": _lines(activity.minutes),
        "resolutions": _lines(activity.resolutions),
        "quorum": "；".join(detail.quorum),
        "printed": f"打印日期：{clock.today():%Y年%m月%d日}",
    }
    doc = DocxTemplate(DOCX_DIR / "record.docx")
    doc.render(context, jinja_env=sandbox(), autoescape=True)
    return _docx_response(doc, f"会议记录-{activity.organization.name}-{start:%Y%m%d}.docx")


def plan_docx(plan, lessons, coverage) -> HttpResponse:
    context = {
        "school": plan.school.name,
        "organization": plan.organization.name,
        "semester": str(plan.semester),
        "status": plan.get_status_display(),
        "approved": (
            f"{plan.approved_by.get_full_name() or plan.approved_by.username} "
            f"{timezone.localtime(plan.approved_at):%Y-%m-%d}"
            if plan.approved_by and plan.approved_at
            else ""
        ),
        "note": plan.note,
        "lessons": [
            {
                "n": n,
                "date": f"{lesson.planned_on:%Y-%m-%d}"
                + (f"（原定 {lesson.originally_on:%m-%d}）" if lesson.originally_on else ""),
                "week": f"第 {lesson.week} 周" if lesson.week else "",
                "lecturer": lesson.lecturer.name,
                "topic": lesson.topic,
                "status": lesson.get_status_display() + (f"：{lesson.change_note}" if lesson.change_note else ""),
            }
            for n, lesson in enumerate(lessons, start=1)
        ],
        "coverage": [
            f"{c.post} {c.staff.name}：{'已安排 ' + str(c.planned) + ' 次' if c.planned else '尚未安排'}"
            for c in coverage
        ]
        or ["（本校暂无党员校级领导信息）"],
        "printed": f"打印日期：{clock.today():%Y年%m月%d日}",
    }
    doc = DocxTemplate(DOCX_DIR / "plan.docx")
    doc.render(context, jinja_env=sandbox(), autoescape=True)
    return _docx_response(doc, f"党课计划-{plan.organization.name}-{plan.semester.code}.docx")


def ics_bytes(name: str, entries: list[CalendarEntry], base_url: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//dangjian//meetings//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    stamp = timezone.now()
    for entry in entries:
        event = icalendar.Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        if entry.start is not None:
            event.add("dtstart", entry.start)
            event.add("dtend", entry.end)
        else:
            event.add("dtstart", entry.day)
        prefix = {"cancelled": "【已取消】", "lesson": "【计划】"}.get(entry.status, "")
        event.add("summary", f"{prefix}{entry.title}")
        if entry.place:
            event.add("location", entry.place)
        event.add("description", " · ".join(part for part in (entry.org_name, "、".join(entry.kinds)) if part))
        event.add("url", base_url + entry.url)
        if entry.status == "cancelled":
            event.add("status", "CANCELLED")
        cal.add_component(event)
    return cal.to_ical()
