"""Vocabularies of 三会一课: forms, Excel headers, Word documents and the API share them."""

from django.db import models


class Kind(models.TextChoices):
    """Kinds of organizational life; one activity may count as several."""

    GENERAL_MEETING = "general_meeting", "支部党员大会"
    COMMITTEE_MEETING = "committee_meeting", "支部委员会会议"
    GROUP_MEETING = "group_meeting", "党小组会"
    LESSON = "lesson", "党课"
    THEME_DAY = "theme_day", "主题党日"
    LIFE_MEETING = "life_meeting", "组织生活会"
    REVIEW = "review", "民主评议党员"
    TALK = "talk", "谈心谈话"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "计划中"
    HELD = "held", "已举行"
    CANCELLED = "cancelled", "已取消"


class AttendanceStatus(models.TextChoices):
    PENDING = "", "未登记"
    PRESENT = "present", "出席"
    LEAVE = "leave", "请假"
    ABSENT = "absent", "缺席"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    APPROVED = "approved", "已审批"
    PUBLISHED = "published", "已发布"


# Plans that bind: only these count in the semester requirement and can be recorded from.
PLANS_IN_FORCE = (PlanStatus.APPROVED, PlanStatus.PUBLISHED)


class LessonStatus(models.TextChoices):
    PLANNED = "planned", "待讲授"
    HELD = "held", "已讲授"
    CANCELLED = "cancelled", "已取消"


class Granularity(models.TextChoices):
    MONTH = "month", "月"
    QUARTER = "quarter", "季度"
    SEMESTER = "semester", "学期"
    YEAR = "year", "年度"


class State(models.TextChoices):
    """Where a compliance row stands on a given day."""

    OK = "ok", "已完成"
    OVERDUE = "overdue", "逾期未完成"
    DUE_SOON = "due_soon", "即将到期"
    OPEN = "open", "进行中"
    FUTURE = "future", "未开始"
    NOT_REQUIRED = "not_required", "不作要求"
