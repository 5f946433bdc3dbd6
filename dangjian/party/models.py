from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangjian.school.models import Grade, School, Staff

from .enums import MemberStatus, OrgKind, Post


class Organization(models.Model):
    """A node of the Party organization tree: 党委, 党总支, 党支部 or 党小组."""

    school = models.ForeignKey(School, models.CASCADE, related_name="organizations", verbose_name="学校")
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name="上级组织"
    )
    kind = models.CharField("类型", max_length=20, choices=OrgKind.choices)
    name = models.CharField("名称", max_length=100)
    grade_level = models.PositiveSmallIntegerField(
        "对应年段",
        null=True,
        blank=True,
        choices=Grade._meta.get_field("level").choices,
        help_text="年段党小组填写：该党小组所在的年段。",
    )
    established_on = models.DateField("成立日期", null=True, blank=True)
    term_starts_on = models.DateField("本届任期开始", null=True, blank=True)
    term_ends_on = models.DateField("本届任期届满", null=True, blank=True, help_text="支部委员会每届任期 3 年。")
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "党组织"
        ordering = ["school", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="unique_org_name"),
            models.CheckConstraint(
                condition=Q(term_ends_on__isnull=True)
                | Q(term_starts_on__isnull=True)
                | Q(term_ends_on__gt=models.F("term_starts_on")),
                name="org_term_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("party:org_detail", args=[self.school.code, self.pk])


class OrganizationPost(models.Model):
    """A post (书记, 组织委员 …) held in an organization for a term."""

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="posts", verbose_name="党组织")
    staff = models.ForeignKey(Staff, models.CASCADE, related_name="party_posts", verbose_name="任职人")
    post = models.CharField("职务", max_length=20, choices=Post.choices)
    started_on = models.DateField("任职日期")
    ended_on = models.DateField("离任日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "党内职务"
        ordering = ["organization", "post", "-started_on"]

    def __str__(self):
        return f"{self.organization} {self.get_post_display()} {self.staff.name}"


class PartyMember(models.Model):
    """A staff member's Party record: their branch, group and stage with its dates."""

    staff = models.OneToOneField(Staff, models.CASCADE, related_name="party_record", verbose_name="教职工")
    branch = models.ForeignKey(Organization, models.PROTECT, related_name="members", verbose_name="所在支部")
    group = models.ForeignKey(
        Organization,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_members",
        verbose_name="所在党小组",
    )
    status = models.CharField("状态", max_length=20, choices=MemberStatus.choices)
    applied_on = models.DateField("递交入党申请日期", null=True, blank=True)
    activist_on = models.DateField("确定为积极分子日期", null=True, blank=True)
    candidate_on = models.DateField("确定为发展对象日期", null=True, blank=True)
    admitted_on = models.DateField("接收为预备党员日期", null=True, blank=True)
    full_on = models.DateField("转为正式党员日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "党员档案"
        ordering = ["branch", "staff__staff_number"]

    def __str__(self):
        return f"{self.staff.name}（{self.get_status_display()}）"

    def get_absolute_url(self):
        return reverse("party:org_detail", args=[self.branch.school.code, self.branch_id])


class MemberStatusChange(models.Model):
    """History of a member's stage: every change is kept."""

    member = models.ForeignKey(PartyMember, models.CASCADE, related_name="status_changes", verbose_name="党员")
    status = models.CharField("状态", max_length=20, choices=MemberStatus.choices)
    changed_on = models.DateField("日期")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "党员状态变化"
        ordering = ["member", "changed_on", "pk"]

    def __str__(self):
        return f"{self.member.staff.name} {self.changed_on} {self.get_status_display()}"
