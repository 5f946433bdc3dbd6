"""``{% today_panel %}``: the home page's compact "today" panel, read from 我的待办 (reports.todo)."""

from django import template

from dangjian.lib import clock
from dangjian.lib.memo import for_request
from dangjian.reports import todo

register = template.Library()

MAX_SHOWN = 5  # of each list; the rest is one tap away on 我的待办


@register.inclusion_tag("reports/_today_panel.html", takes_context=True)
def today_panel(context):
    request, school = context.get("request"), context.get("school")
    if request is None or school is None:
        return {"school": None}
    today = clock.today()
    panel = todo.today_panel(todo.items(request.user, school, today, for_request(request)), today)
    return {
        "school": school,
        "today": today,
        "mine": panel["mine"][:MAX_SHOWN],
        "school_items": panel["school"][:MAX_SHOWN],
        "more": max(0, len(panel["mine"]) - MAX_SHOWN) + max(0, len(panel["school"]) - MAX_SHOWN),
        "school_count": len(panel["school"]),
    }
