from django import template

from dangjian.lib.memo import for_request
from dangjian.staffing.queries import findings_for

register = template.Library()


@register.simple_tag(takes_context=True)
def staffing_findings(context, school):
    """The 建好一支队伍 findings (level, message, url) for the current user's home page."""
    request = context.get("request")
    if request is None or school is None:
        return []
    return for_request(request)(findings_for, request.user, school)
