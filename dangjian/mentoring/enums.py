"""Vocabularies of the mentoring app, shared by forms, Excel headers and the agreement document."""

from django.db import models


class Dimension(models.TextChoices):
    """The three mentors every young teacher has."""

    IDEOLOGY = "ideology", "思想导师"
    MORAL = "moral", "德育导师"
    PROFESSIONAL = "professional", "业务导师"


DIMENSIONS = (Dimension.IDEOLOGY, Dimension.MORAL, Dimension.PROFESSIONAL)


class MentorshipStatus(models.TextChoices):
    PROPOSED = "proposed", "拟定"
    CONFIRMED = "confirmed", "已确认"
    RELEASED = "released", "已解除"


class SixKind(models.TextChoices):
    """The school's “六子” teacher-development system."""

    PLATFORM = "platform", "搭台子"
    LADDER = "ladder", "树梯子"
    PATH = "path", "找路子"
    LOAD = "load", "压担子"
    METHOD = "method", "给法子"
    PAIR = "pair", "结对子"


class ActivityKind(models.TextChoices):
    OBSERVE = "observe", "听课"
    REVIEW = "review", "评课"
    DEMO_LESSON = "demo_lesson", "示范课"
    TALK = "talk", "谈心"
    CLASS_MEETING = "class_meeting", "指导班会"
    RESEARCH = "research", "指导论文/课题"
    LESSON_PLAN = "lesson_plan", "指导教学设计"
    OTHER = "other", "其他"


class EvaluationResult(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class MilestoneKind(models.TextChoices):
    KEY_TEACHER = "key_teacher", "骨干教师"
    PARTY = "party", "入党"
    AWARD = "award", "获奖/竞赛"
    TITLE = "title", "职称晋升"
    OTHER = "other", "其他"


# Default duties written into the agreement, per dimension.
DEFAULT_DUTIES = {
    Dimension.IDEOLOGY: "关心青年教师的思想政治进步，每学期至少谈心谈话两次，引导其坚定理想信念、"
    "践行“三特”精神，积极向党组织靠拢。",
    Dimension.MORAL: "指导青年教师做好班主任和德育工作，每学期至少指导一次主题班会，"
    "传授班级管理、家校沟通和学生心理疏导的方法。",
    Dimension.PROFESSIONAL: "每学期听青年教师的课不少于八节并及时评课，上示范课不少于两节，"
    "指导教学设计、命题和教研课题，帮助其尽快站稳讲台。",
}
DEFAULT_GOALS = {
    Dimension.IDEOLOGY: "政治立场坚定，师德师风良好，积极参加政治理论学习。",
    Dimension.MORAL: "能独立胜任班主任工作，所带班级班风良好。",
    Dimension.PROFESSIONAL: "熟悉课程标准和教材，课堂教学规范，学年内开设一节校级公开课。",
}
