from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangjian.meetings.models import Activity
from dangjian.party.enums import Post
from dangjian.party.models import Organization, PartyMember
from dangjian.school.models import School, Staff

from .enums import Direction, Grade, TransferState


class Transfer(models.Model):
    """One transfer of a member's Party relationship (组织关系转接): out of the system, between two schools
    of the county, or in from outside. The sending side's record stays (已转出) and keeps its history."""

    direction = models.CharField("类型", max_length=10, choices=Direction.choices)
    state = models.CharField("状态", max_length=10, choices=TransferState.choices)
    from_school = models.ForeignKey(
        School, models.PROTECT, null=True, blank=True, related_name="transfers_out", verbose_name="转出学校"
    )
    to_school = models.ForeignKey(
        School, models.PROTECT, null=True, blank=True, related_name="transfers_in", verbose_name="接收学校"
    )
    member = models.ForeignKey(
        PartyMember, models.PROTECT, null=True, blank=True, related_name="transfers_out", verbose_name="转出党员档案"
    )
    new_member = models.ForeignKey(
        PartyMember, models.PROTECT, null=True, blank=True, related_name="transfers_in", verbose_name="接收后党员档案"
    )
    to_branch = models.ForeignKey(
        Organization, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="接收支部"
    )
    name = models.CharField("姓名", max_length=30)
    origin = models.CharField("转出单位", max_length=100, blank=True, help_text="系统外转入：原所在党组织。")
    destination = models.CharField("转往单位", max_length=100, blank=True, help_text="转出：接收党组织名称。")
    letter_number = models.CharField("介绍信编号", max_length=40)
    transfer_on = models.DateField("转出（转入）日期")
    handled_on = models.DateField("接收/退回日期", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=200, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="经办人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "组织关系转接"
        ordering = ["-transfer_on", "-pk"]
        indexes = [
            models.Index(fields=["from_school", "transfer_on"]),
            models.Index(fields=["to_school", "transfer_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_school__isnull=False) | Q(to_school__isnull=False), name="transfer_has_a_school"
            )
        ]

    def __str__(self):
        return f"{self.name} {self.get_direction_display()}（{self.get_state_display()}）"

    def get_absolute_url(self):
        school = self.from_school if self.direction != Direction.IN else self.to_school
        return reverse("transfers:transfer_detail", args=[school.code, self.pk])


class BranchTerm(models.Model):
    """One elected term (届) of a branch committee: 换届选举 date and the posts elected."""

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="terms", verbose_name="党支部")
    elected_on = models.DateField("换届选举日期")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "支部换届"
        ordering = ["organization", "-elected_on"]
        constraints = [models.UniqueConstraint(fields=["organization", "elected_on"], name="unique_branch_term")]

    def __str__(self):
        return f"{self.organization} {self.elected_on:%Y-%m-%d} 换届"

    def get_absolute_url(self):
        return reverse("transfers:term_list", args=[self.organization.school.code])


class TermPost(models.Model):
    term = models.ForeignKey(BranchTerm, models.CASCADE, related_name="posts", verbose_name="届次")
    staff = models.ForeignKey(Staff, models.PROTECT, related_name="+", verbose_name="委员")
    post = models.CharField("职务", max_length=20, choices=Post.choices)

    class Meta:
        verbose_name = verbose_name_plural = "支部委员"
        ordering = ["term", "post", "pk"]
        constraints = [models.UniqueConstraint(fields=["term", "staff"], name="unique_term_post_staff")]

    def __str__(self):
        return f"{self.staff.name} {self.get_post_display()}"


class Appraisal(models.Model):
    """A member's grade at a 民主评议党员 activity: the votes cast and the branch's decision."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="appraisals", verbose_name="民主评议活动")
    member = models.ForeignKey(PartyMember, models.CASCADE, related_name="appraisals", verbose_name="党员")
    year = models.PositiveSmallIntegerField("评议年度")
    votes_excellent = models.PositiveSmallIntegerField("优秀票", default=0)
    votes_qualified = models.PositiveSmallIntegerField("合格票", default=0)
    votes_basic = models.PositiveSmallIntegerField("基本合格票", default=0)
    votes_unqualified = models.PositiveSmallIntegerField("不合格票", default=0)
    grade = models.CharField("支部评定等次", max_length=12, choices=Grade.choices)
    decision = models.CharField("支部决定", max_length=200, blank=True, help_text="支部党员大会或支委会的决定。")
    follow_up = models.CharField("后续处置", max_length=200, blank=True, help_text="评为不合格时必填。")

    class Meta:
        verbose_name = verbose_name_plural = "民主评议结果"
        ordering = ["-year", "member"]
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="unique_appraisal")]

    def __str__(self):
        return f"{self.member.staff.name} {self.year} {self.get_grade_display()}"

    def get_absolute_url(self):
        return reverse("transfers:appraisal_activity", args=[self.activity.school.code, self.activity_id])

    @property
    def votes(self) -> dict[str, int]:
        return {
            Grade.EXCELLENT: self.votes_excellent,
            Grade.QUALIFIED: self.votes_qualified,
            Grade.BASIC: self.votes_basic,
            Grade.UNQUALIFIED: self.votes_unqualified,
        }
