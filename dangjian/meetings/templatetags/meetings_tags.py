"""``{% meetings_findings %}``: the 三会一课 findings of the people responsible, for the school home page."""

from django import template

from dangjian.lib import clock
from dangjian.lib.memo import for_request
from dangjian.meetings.queries import findings_for

register = template.Library()

MAX_SHOWN = 8


@register.inclusion_tag("meetings/_home_findings.html", takes_context=True)
def meetings_findings(context):
    request, school = context.get("request"), context.get("school")
    if request is None or school is None:
        return {"findings": []}
    findings = for_request(request)(findings_for, request.user, school, clock.today())
    return {"findings": findings[:MAX_SHOWN], "more": max(0, len(findings) - MAX_SHOWN), "school": school}
