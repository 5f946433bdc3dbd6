"""Demo data: one in-county transfer from 示范县第一中学 (sfyz) to 示范县第二中学 (sfez), accepted through the
services (seeded after the dues, so the months paid at sfyz move with the member as 已在原单位缴纳); every branch's term (one due within six months, 行政后勤党支部 kept overdue as the party tree has it);
and the latest 民主评议党员 of each branch graded, with one 基本合格 and, at sfyz, one 不合格 to follow up.

Deterministic (random.Random seeded from the school code) and idempotent (a school that already has terms is
left alone)."""

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from dangjian.lib import clock
from dangjian.lib.dates import add_months
from dangjian.meetings.enums import Kind
from dangjian.meetings.models import Activity
from dangjian.party.enums import COMMITTEE_POSTS, MemberStatus
from dangjian.party.models import OrganizationPost, PartyMember
from dangjian.school.models import School

from .enums import Grade
from .forms import TransferAcceptForm, TransferStartForm
from .grading import required_follow_up
from .models import Appraisal, BranchTerm, TermPost
from .queries import branches
from .services import transfer_accept, transfer_start
from .terms import term_last_day

SENDING, RECEIVING = "sfyz", "sfez"


def seed(*, school, years, log=lambda message: None) -> None:
    if BranchTerm.objects.filter(organization__school=school).exists():
        log(f"{school.name}：换届、评议与转接记录已存在，跳过。")
        return
    rng = random.Random(f"dangjian-transfers-{school.code}")
    today = clock.today()
    _terms(school, today)
    _appraisals(school, today, rng)
    if school.code == SENDING:
        _county_transfer(school, today)
    log(f"{school.name}：支部换届、民主评议党员和组织关系转接已生成。")


def _terms(school, today):
    posts = defaultdict(list)
    for post in OrganizationPost.objects.filter(
        organization__school=school, ended_on__isnull=True, post__in=COMMITTEE_POSTS
    ).order_by("pk"):
        posts[post.organization_id].append(post)
    invented = 0
    for branch in branches(school).order_by("order", "pk"):
        if branch.term_starts_on and branch.term_starts_on <= today:
            elected = branch.term_starts_on
        else:  # the first invented term is due in five months (warned), the others recently elected
            elected = add_months(today, -31 if invented == 0 else -(10 + 3 * invented))
            invented += 1
            branch.term_starts_on, branch.term_ends_on = elected, term_last_day(elected)
            branch.save(update_fields=["term_starts_on", "term_ends_on"])
        term = BranchTerm.objects.create(organization=branch, elected_on=elected, note="支部党员大会选举产生")
        TermPost.objects.bulk_create([TermPost(term=term, staff_id=p.staff_id, post=p.post) for p in posts[branch.pk]])


def _appraisals(school, today, rng):
    """The latest school year's 民主评议 of every branch that held one."""
    held = Activity.objects.filter(
        school=school, kind_rows__kind=Kind.REVIEW, status="held", starts_at__date__lte=today
    )
    last = held.order_by("-starts_at").first()
    if last is None:
        return
    last_year = clock.school_year_start(timezone.localtime(last.starts_at).date())
    latest = {}
    for activity in held.order_by("starts_at"):
        if clock.school_year_start(timezone.localtime(activity.starts_at).date()) == last_year:
            latest[activity.organization_id] = activity
    rows, special = [], [Grade.BASIC] + ([Grade.UNQUALIFIED] if school.code == SENDING else [])
    for branch_id, activity in sorted(latest.items()):
        members = list(
            PartyMember.objects.filter(
                branch_id=branch_id, status__in=[MemberStatus.FULL, MemberStatus.PROBATIONARY]
            ).order_by("staff__staff_number")
        )
        voters = sum(1 for m in members if m.status == MemberStatus.FULL)
        year = clock.school_year_start(timezone.localtime(activity.starts_at).date())
        for member in members:
            grade = special.pop() if special and member.status == MemberStatus.FULL and rng.random() < 0.2 else None
            grade = grade or (Grade.EXCELLENT if rng.random() < 0.2 else Grade.QUALIFIED)
            rows.append(_appraisal(activity, member, year, grade, voters, rng))
    Appraisal.objects.bulk_create(rows)


def _appraisal(activity, member, year, grade, voters, rng) -> Appraisal:
    majority = voters // 2 + 1 + rng.randint(0, max(0, voters - voters // 2 - 1))
    rest = voters - majority
    votes = dict.fromkeys(Grade, 0)
    votes[grade] = majority
    votes[Grade.QUALIFIED if grade != Grade.QUALIFIED else Grade.EXCELLENT] += rest
    return Appraisal(
        activity=activity,
        member=member,
        year=year,
        grade=grade,
        votes_excellent=votes[Grade.EXCELLENT],
        votes_qualified=votes[Grade.QUALIFIED],
        votes_basic=votes[Grade.BASIC],
        votes_unqualified=votes[Grade.UNQUALIFIED],
        decision="经支部党员大会表决通过",
        follow_up=required_follow_up(grade, member.status),
    )


def _county_transfer(school, today):
    """A full member without posts or a login moves to sfez: started 40 days ago, accepted 30 days ago."""
    receiving = School.objects.filter(code=RECEIVING, county_id=school.county_id).first()
    target = branches(receiving).order_by("order", "pk").first() if receiving else None
    member = (
        PartyMember.objects.filter(branch__school=school, status=MemberStatus.FULL, staff__user__isnull=True)
        .filter(staff__party_posts__isnull=True, staff__leader_post="", staff__homeroom_classes__isnull=True)
        .filter(staff__headed_grades__isnull=True, staff__deputy_grades__isnull=True)
        .order_by("-staff__staff_number")
        .first()
    )
    if target is None or member is None:
        return
    started = TransferStartForm(
        {
            "member": member.pk,
            "direction": "county",
            "to_school": receiving.pk,
            "letter_number": f"示一中党组转〔{today.year}〕1号",
            "transfer_on": (today - dt.timedelta(days=40)).isoformat(),
            "note": "工作调动",
        },
        school=school,
    )
    assert started.is_valid(), started.errors
    transfer = transfer_start(form=started, actor=None)
    accepted = TransferAcceptForm(
        {
            "branch": target.pk,
            "staff_number": f"Z{member.staff.staff_number}",
            "accepted_on": (today - dt.timedelta(days=30)).isoformat(),
        },
        school=receiving,
        transfer=transfer,
    )
    assert accepted.is_valid(), accepted.errors
    transfer_accept(transfer=transfer, form=accepted, actor=None)
