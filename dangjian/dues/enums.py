from django.db import models


class Category(models.TextChoices):
    """Which bracket table of the dues rules applies to a member."""

    IN_SERVICE = "in_service", "在职"
    RETIRED = "retired", "离退休"
    STUDENT = "student", "学生"
    SUBSISTENCE = "subsistence", "领取最低生活保障金"


class Special(models.TextChoices):
    NONE = "", "按比例交纳"
    REDUCED = "reduced", "经批准少交"
    EXEMPT = "exempt", "经批准免交"


class Channel(models.TextChoices):
    CASH = "cash", "现金"
    PAYROLL = "payroll", "工资代扣"
    TRANSFER = "transfer", "银行转账"
    WECHAT = "wechat", "微信"
    ALIPAY = "alipay", "支付宝"
