from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from dangjian.party.models import PartyMember

from . import rules
from .enums import Category, Channel, Special


class DuesBase(models.Model):
    """A member's monthly base (工资基数) for a calendar year, from the finance office or typed."""

    member = models.ForeignKey(PartyMember, models.CASCADE, related_name="dues_bases", verbose_name="党员")
    year = models.PositiveSmallIntegerField("年度")
    monthly_base = models.DecimalField(
        "月工资基数（元）", max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    category = models.CharField("人员类别", max_length=20, choices=Category.choices, default=Category.IN_SERVICE)
    special = models.CharField("特殊情况", max_length=10, choices=Special.choices, blank=True, default=Special.NONE)
    reduced_amount = models.DecimalField(
        "批准的月交纳额（元）",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="仅“经批准少交”时填写。",
    )
    note = models.CharField("说明", max_length=200, blank=True, help_text="少交或免交时须写明原因和批准情况。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "党费基数"
        ordering = ["-year", "member_id"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="dues_base_one_per_year")]

    def __str__(self):
        return f"{self.member} {self.year} 年"

    def clean(self):
        if self.special and not self.note.strip():
            raise ValidationError({"note": "少交或免交须写明原因。"})
        if self.special == Special.REDUCED and self.reduced_amount is None:
            raise ValidationError({"reduced_amount": "请填写批准的月交纳额。"})
        if self.special != Special.REDUCED:
            self.reduced_amount = None

    @property
    def monthly_dues(self) -> Decimal:
        return rules.monthly_dues(self.monthly_base, self.category, self.special, self.reduced_amount)


class DuesPayment(models.Model):
    """One month's dues paid by one member."""

    member = models.ForeignKey(PartyMember, models.CASCADE, related_name="dues_payments", verbose_name="党员")
    month = models.DateField("所属月份", help_text="该月 1 日。")
    amount = models.DecimalField(
        "金额（元）", max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    paid_on = models.DateField("交纳日期")
    channel = models.CharField("方式", max_length=10, choices=Channel.choices, default=Channel.CASH)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="登记人"
    )
    note = models.CharField("备注", max_length=200, blank=True)
    carried_from = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="carried_copies",
        verbose_name="原单位交纳记录",
        help_text="县内转接时随党员转来的已交月份：原单位已收，本单位不计入实收。",
    )

    class Meta:
        verbose_name = verbose_name_plural = "党费交纳记录"
        ordering = ["-month", "member_id"]
        constraints = [models.UniqueConstraint(fields=["member", "month"], name="dues_payment_one_per_month")]
        indexes = [models.Index(fields=["month"])]

    def __str__(self):
        return f"{self.member} {self.month:%Y-%m}"

    @property
    def carried(self) -> bool:
        """Paid at the member's former school (已在原单位缴纳): shown here, counted there."""
        return self.carried_from_id is not None
