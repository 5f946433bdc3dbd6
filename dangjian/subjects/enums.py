"""Vocabularies of 抓好一个学科, shared by forms, Excel headers and the API."""

from django.db import models


class LinkStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class ActivityKind(models.TextChoices):
    """The six kinds of work a linked cadre does in their subject (from the article)."""

    DEMO_LESSON = "demo_lesson", "示范课"
    GUIDE_RESEARCH = "guide_research", "指导教研活动"
    EXAM_ITEMS = "exam_items", "研磨试题"
    SEMINAR = "seminar", "专题教学研讨"
    OBSERVATION = "observation", "听评课"
    LECTURE = "lecture", "学科讲座"
