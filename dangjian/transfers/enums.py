from django.db import models


class Direction(models.TextChoices):
    OUT = "out", "转出（系统外）"
    COUNTY = "county", "县内转接"
    IN = "in", "转入（系统外）"


class TransferState(models.TextChoices):
    PENDING = "pending", "待接收"
    ACCEPTED = "accepted", "已接收"
    RETURNED = "returned", "已退回"
    DONE = "done", "已办结"


class Grade(models.TextChoices):
    """民主评议党员的评定等次, best first."""

    EXCELLENT = "excellent", "优秀"
    QUALIFIED = "qualified", "合格"
    BASIC = "basic", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"
