"""Vocabularies of 帮好一个团支部, shared by forms, Excel headers and the API."""

from django.db import models


class LessonStatus(models.TextChoices):
    PLANNED = "planned", "计划"
    HELD = "held", "已开展"


class RecommendationStatus(models.TextChoices):
    PROPOSED = "proposed", "团支部推荐"
    RECOMMENDED = "recommended", "团委已推荐"
    ACCEPTED = "accepted", "党组织已接收"
    DECLINED = "declined", "未通过"


# The four themed series of the article, seeded for every demo school and offered to any school.
DEFAULT_SERIES = (
    ("少年传承中华传统美德", "诵读经典、孝亲敬老、勤俭节约等传统美德教育。"),
    ("我们的节日", "春节、清明、端午、中秋、重阳等传统节日主题活动。"),
    ("遵规守纪立德树人", "校规校纪、法治教育与文明习惯养成。"),
    ("系好人生第一粒扣子", "理想信念、社会主义核心价值观与成人礼教育。"),
)
