"""Template helpers of student support: the sub-navigation, and the overdue items on the school home page."""

from django import template
from django.urls import reverse

from dangjian.lib.memo import for_request
from dangjian.school.enums import GradeLevel

from .. import permissions as perms
from ..queries import checks_for

register = template.Library()

HOME_FINDINGS = 6


@register.filter
def class_label(row) -> str:
    level, number = getattr(row, "grade_level", None), getattr(row, "class_number", None)
    if level is None:
        return ""
    return f"{GradeLevel(level).label if level in GradeLevel.values else level}（{number}）班"


@register.inclusion_tag("support/_subnav.html", takes_context=True)
def support_subnav(context, active: str = ""):
    request, school = context["request"], context["school"]
    user, code = request.user, school.code
    links = []
    if perms.can_use_support(user, school):
        links.append(("home", "我的帮扶", reverse("support:home", args=[code])))
    if perms.can_manage_poor(user, school):
        links.append(("poor", "贫困生名册", reverse("support:poor_list", args=[code])))
    if perms.can_manage_special(user, school):
        links.append(("special", "特殊生名册", reverse("support:special_list", args=[code])))
    if perms.manageable_kinds(user, school):
        links.append(("pairings", "结对安排", reverse("support:pairing_list", args=[code])))
    if perms.can_view_aid(user, school):
        links.append(("aid", "资助台账", reverse("support:aid", args=[code])))
    if perms.can_view_figures(user, school):
        links.append(("figures", "帮扶统计", reverse("support:figures", args=[code])))
    if perms.can_view_audit(user, school):
        links.append(("audit", "审计日志", reverse("support:audit", args=[code])))
    if perms.can_edit_settings(user, school):
        links.append(("settings", "设置", reverse("support:settings", args=[code])))
    return {"links": links if len(links) > 1 else [], "active": active}


@register.inclusion_tag("support/_home_findings.html", takes_context=True)
def support_home_findings(context):
    """Overdue support items for the helper, the counselling centre and the secretary; nothing for
    anyone else (a fixed number of queries)."""
    request, school = context.get("request"), context.get("school")
    if request is None or school is None:
        return {"show": False}
    findings = for_request(request)(checks_for, request.user, school)
    if findings is None:
        return {"show": False}
    return {
        "show": True,
        "findings": findings[:HOME_FINDINGS],
        "more": max(0, len(findings) - HOME_FINDINGS),
        "url": reverse("support:home", args=[school.code]),
    }


ACTION_LABELS = {
    "support.case.read": "查阅特殊生档案",
    "support.case.create": "登记特殊生",
    "support.case.update": "修改特殊生档案",
    "support.poor.create": "登记贫困生",
    "support.poor.update": "修改贫困生登记",
    "support.record.create": "填写帮扶记录",
    "support.record.update": "修改帮扶记录",
    "support.record.delete": "删除帮扶记录",
    "support.pairing.create": "新增结对",
    "support.pairing.update": "调整结对",
    "support.pairing.confirm": "确认结对",
    "support.pairing.propose": "生成结对建议",
    "support.pairing.delete": "删除结对",
    "support.collaborator.add": "添加协同人员",
    "support.collaborator.remove": "移除协同人员",
    "support.export.poor": "导出贫困生名册",
    "support.export.special": "导出特殊生名册",
    "support.export.aid": "导出资助台账",
    "support.import.poor": "导入贫困生名册",
    "support.import.special": "导入特殊生名册",
    "support.outcome.create": "记录学生去向",
    "support.outcome.update": "修改学生去向",
    "support.settings.create": "修改帮扶设置",
    "support.settings.update": "修改帮扶设置",
    "support.student.erase": "删除学生个人信息",
}


@register.filter
def audit_label(action: str) -> str:
    return ACTION_LABELS.get(action, "")
