"""Vocabularies of teaching assignments and the optimizer."""

from django.db import models


class RunStatus(models.TextChoices):
    OPTIMAL = "optimal", "最优方案"
    FEASIBLE = "feasible", "可行方案（未证明最优）"
    INFEASIBLE = "infeasible", "无法满足全部规则"
    UNKNOWN = "unknown", "时限内未求出（请增加求解时间）"


class CellChange(models.TextChoices):
    KEPT = "kept", "保留"
    CHANGED = "changed", "调整"
    NEW = "new", "新增"


class VersionReason(models.TextChoices):
    BEFORE_APPLY = "before_apply", "应用优化方案前"
    BEFORE_RESTORE = "before_restore", "恢复历史版本前"


# The nine 文化课 of a Chinese senior high school: what a class needs when nothing else says so.
MAIN_SUBJECTS = ("语文", "数学", "英语", "物理", "化学", "生物", "政治", "历史", "地理")
