"""The rules of 《中国共产党发展党员工作细则》 as plain functions: which step may come next, its earliest legal
date, the facts it needs, and the next step's deadline. No database: the service turns records into ``Step``.

Periods count in calendar months from the date of the step they follow (a month after 31 January is the last
day of February). Deadlines the rules leave open ("及时") are not invented, except the one after the end of
probation: the branch is expected to discuss 转正 within ``FULL_DISCUSSION_MONTHS`` (school practice)."""

import datetime as dt
from dataclasses import dataclass

from dangjian.lib.dates import add_months, age_on
from dangjian.party.enums import PROBATION_MONTHS

from .enums import Stage, StepKind

K = StepKind

MIN_AGE = 18
TALK_WITHIN_MONTHS = 1
ASSESSMENT_EVERY_MONTHS = 6
ACTIVIST_MIN_MONTHS = 12
MIN_ASSESSMENTS_BEFORE_CANDIDATE = 2
MIN_TRAINING_DAYS = 3
MIN_TRAINING_HOURS = 24
APPROVAL_WITHIN_MONTHS = 3
EXTENSION_MONTHS = (6, 12)
FULL_DISCUSSION_MONTHS = 1
DUE_SOON_DAYS = 30

# After a step, the steps that may follow it.
FOLLOWS: dict[str | None, tuple[str, ...]] = {
    None: (K.APPLICATION,),
    K.APPLICATION: (K.TALK,),
    K.TALK: (K.ACTIVIST,),
    K.ACTIVIST: (K.ASSESSMENT, K.CANDIDATE),
    K.ASSESSMENT: (K.ASSESSMENT, K.CANDIDATE),
    K.CANDIDATE: (K.POLITICAL_REVIEW,),
    K.POLITICAL_REVIEW: (K.TRAINING,),
    K.TRAINING: (K.COMMITTEE_REVIEW,),
    K.COMMITTEE_REVIEW: (K.PRE_REVIEW,),
    K.PRE_REVIEW: (K.PUBLICITY,),
    K.PUBLICITY: (K.ASSEMBLY,),
    K.ASSEMBLY: (K.APPROVAL,),
    K.APPROVAL: (K.OATH, K.CANCEL),
    K.OATH: (K.PROBATION_ASSESSMENT, K.FULL, K.EXTEND, K.CANCEL),
    K.PROBATION_ASSESSMENT: (K.PROBATION_ASSESSMENT, K.FULL, K.EXTEND, K.CANCEL),
    K.EXTEND: (K.PROBATION_ASSESSMENT, K.FULL, K.CANCEL),
    K.FULL: (),
    K.CANCEL: (),
}

# The stage a step takes the file into.
STAGE_ENTERED = {
    K.APPLICATION: Stage.APPLICANT,
    K.ACTIVIST: Stage.ACTIVIST,
    K.CANDIDATE: Stage.CANDIDATE,
    K.APPROVAL: Stage.PROBATIONARY,
    K.FULL: Stage.FULL,
    K.CANCEL: Stage.CANCELLED,
}


@dataclass(frozen=True)
class Step:
    """One step with the facts its rules look at. ``contacts`` is the number of distinct 培养联系人 and
    ``full_introducers`` of distinct 入党介绍人 who were 正式党员 on the day (not the person themselves)."""

    kind: str
    date: dt.date
    contacts: int = 0
    full_introducers: int = 0
    voters_eligible: int | None = None
    voters_present: int | None = None
    votes_for: int | None = None
    training_days: int | None = None
    training_hours: int | None = None
    extension_months: int | None = None


@dataclass(frozen=True)
class NextStep:
    kind: str
    earliest: dt.date | None = None
    deadline: dt.date | None = None

    @property
    def label(self) -> str:
        return StepKind(self.kind).label

    def is_overdue(self, today: dt.date) -> bool:
        return self.deadline is not None and self.deadline < today

    def is_due_soon(self, today: dt.date) -> bool:
        return self.deadline is not None and today <= self.deadline <= today + dt.timedelta(days=DUE_SOON_DAYS)


def _last(steps: list[Step], *kinds: str) -> Step | None:
    return next((s for s in reversed(steps) if s.kind in kinds), None)


def stage(steps: list[Step]) -> str | None:
    """The stage the file is in (None before the application)."""
    entered = [STAGE_ENTERED[s.kind] for s in steps if s.kind in STAGE_ENTERED]
    return entered[-1] if entered else None


def stage_dates(steps: list[Step]) -> dict[str, dt.date]:
    """The day the file entered each stage: a 预备党员 from the branch assembly's vote, a 正式党员 from the end of
    probation (党龄自预备期满之日算起), the others from their step."""
    out = {}
    for index, step in enumerate(steps):
        if step.kind == K.APPROVAL:
            out[Stage.PROBATIONARY] = _last(steps[:index], K.ASSEMBLY).date
        elif step.kind == K.FULL:
            out[Stage.FULL] = probation_end(steps[:index])
        elif step.kind in STAGE_ENTERED:
            out[STAGE_ENTERED[step.kind]] = step.date
    return out


def allowed_kinds(steps: list[Step]) -> tuple[str, ...]:
    kinds = FOLLOWS[steps[-1].kind if steps else None]
    if _last(steps, K.EXTEND):
        kinds = tuple(k for k in kinds if k != K.EXTEND)
    return kinds


def probation_end(steps: list[Step]) -> dt.date | None:
    """The day probation ends: one year from the branch assembly's vote, plus any extension."""
    vote = _last(steps, K.ASSEMBLY)
    if vote is None or _last(steps, K.APPROVAL) is None:
        return None
    extension = _last(steps, K.EXTEND)
    return add_months(vote.date, PROBATION_MONTHS + ((extension.extension_months or 0) if extension else 0))


def earliest(kind: str, steps: list[Step]) -> dt.date | None:
    """The earliest legal date of ``kind`` after ``steps`` (besides not preceding the last step)."""
    if kind == K.CANDIDATE:
        activist = _last(steps, K.ACTIVIST)
        return add_months(activist.date, ACTIVIST_MIN_MONTHS) if activist else None
    if kind in (K.FULL, K.EXTEND):
        return probation_end(steps)
    return None


def step_error(
    steps: list[Step], new: Step, *, birth_date: dt.date | None, today: dt.date, record: str = "教职工档案"
) -> str | None:
    """Why ``new`` may not follow ``steps`` (a sentence naming the rule), or None when it may. ``record`` names
    where the person's birth date is kept (教职工档案, or 学生信息 for a student)."""
    label = StepKind(new.kind).label
    allowed = allowed_kinds(steps)
    if new.kind not in allowed:
        if new.kind == K.EXTEND and _last(steps, K.EXTEND):
            return "延长预备期只能一次（发展党员工作细则第三十四条）。"
        expected = "、".join(StepKind(k).label for k in allowed) or "无（发展程序已结束）"
        return f"不能登记“{label}”：发展程序须按顺序进行，当前下一步应为：{expected}。"
    if new.date > today:
        return f"“{label}”的日期不能晚于今天。"
    if steps and new.date < steps[-1].date:
        previous = steps[-1]
        return f"“{label}”的日期不能早于上一步“{StepKind(previous.kind).label}”（{previous.date:%Y-%m-%d}）。"
    first = earliest(new.kind, steps)
    if first is not None and new.date < first:
        return _too_early(new.kind, first)
    return _facts_error(steps, new, birth_date, record)


def application_age_error(birth_date: dt.date | None, applied_on: dt.date, record: str = "教职工档案") -> str | None:
    """入党申请人须年满十八岁 on the day of the application; a birth date not entered is asked for, never guessed."""
    if birth_date is None:
        return f"请先在{record}中填写出生日期：入党申请人须年满十八岁。"
    if age_on(birth_date, applied_on) < MIN_AGE:
        return "入党申请人须年满十八岁（按递交申请之日计算）。"
    return None


def _too_early(kind: str, first: dt.date) -> str:
    if kind == K.CANDIDATE:
        return f"确定为发展对象须在确定为入党积极分子满一年后（最早 {first:%Y-%m-%d}）。"
    if kind == K.FULL:
        return f"预备期为一年，自支部大会通过之日算起：转正最早于预备期满之日（{first:%Y-%m-%d}）。"
    return f"延长预备期须在预备期满时讨论决定（预备期满之日为 {first:%Y-%m-%d}）。"


def _facts_error(steps: list[Step], new: Step, birth_date: dt.date | None, record: str) -> str | None:
    if new.kind == K.APPLICATION:
        return application_age_error(birth_date, new.date, record)
    if new.kind == K.ACTIVIST and new.contacts != 2:
        return "确定入党积极分子时须指定两名培养联系人（正式党员，不能是本人）。"
    if new.kind == K.CANDIDATE:
        assessments = sum(1 for s in steps if s.kind == K.ASSESSMENT)
        if assessments < MIN_ASSESSMENTS_BEFORE_CANDIDATE:
            return (
                f"入党积极分子每半年考察一次：确定为发展对象前须有至少 {MIN_ASSESSMENTS_BEFORE_CANDIDATE} 次考察记录"
                f"（现有 {assessments} 次）。"
            )
    if new.kind == K.TRAINING and not (
        (new.training_days or 0) >= MIN_TRAINING_DAYS or (new.training_hours or 0) >= MIN_TRAINING_HOURS
    ):
        return f"短期集中培训时间一般不少于 {MIN_TRAINING_DAYS} 天或不少于 {MIN_TRAINING_HOURS} 个学时。"
    if new.kind == K.ASSEMBLY and new.full_introducers != 2:
        return "支部大会讨论接收预备党员须有两名入党介绍人，且均为正式党员（不能是本人）。"
    if new.kind in (K.ASSEMBLY, K.FULL):
        return _vote_error(new)
    if new.kind == K.EXTEND and not (EXTENSION_MONTHS[0] <= (new.extension_months or 0) <= EXTENSION_MONTHS[1]):
        return f"延长预备期的时间不能少于半年，最长不超过一年（{EXTENSION_MONTHS[0]}–{EXTENSION_MONTHS[1]} 个月）。"
    return None


def _vote_error(new: Step) -> str | None:
    """The branch assembly's vote (接收预备党员 or 转正): valid with more than half of the members with voting
    rights present, carried with the votes of more than half of them."""
    eligible, present, votes_for = new.voters_eligible, new.voters_present, new.votes_for
    if eligible is None or present is None or votes_for is None:
        return "请填写应到会有表决权的正式党员人数、实到人数和赞成票数。"
    if not votes_for <= present <= eligible:
        return "票数不合理：赞成票数不能多于实到人数，实到人数不能多于应到人数。"
    if present * 2 <= eligible:
        return "支部大会须有超过半数有表决权的正式党员到会方可进行表决。"
    if votes_for * 2 <= eligible:
        return "赞成人数须超过应到会有表决权的正式党员的半数，方能通过决议。"
    return None


def next_step(steps: list[Step], today: dt.date) -> NextStep | None:
    """The step the file waits for, with its earliest date and its deadline (None when the file is closed)."""
    if not steps:
        return NextStep(K.APPLICATION)
    last = steps[-1]
    if last.kind in (K.FULL, K.CANCEL):
        return None
    if last.kind == K.APPLICATION:
        return NextStep(K.TALK, deadline=add_months(last.date, TALK_WITHIN_MONTHS))
    if last.kind in (K.ACTIVIST, K.ASSESSMENT):
        return _activist_next(steps, last, today)
    if last.kind == K.ASSEMBLY:
        return NextStep(K.APPROVAL, deadline=add_months(last.date, APPROVAL_WITHIN_MONTHS))
    if last.kind in (K.OATH, K.PROBATION_ASSESSMENT, K.EXTEND):
        end = probation_end(steps)
        since = _last(steps, K.ASSEMBLY, K.PROBATION_ASSESSMENT, K.EXTEND)
        assessment_due = add_months(since.date, ASSESSMENT_EVERY_MONTHS)
        if today >= end or assessment_due >= end:
            return NextStep(K.FULL, earliest=end, deadline=add_months(end, FULL_DISCUSSION_MONTHS))
        return NextStep(K.PROBATION_ASSESSMENT, deadline=assessment_due)
    return NextStep(FOLLOWS[last.kind][0])


def _activist_next(steps: list[Step], last: Step, today: dt.date) -> NextStep:
    first = earliest(K.CANDIDATE, steps)
    assessments = sum(1 for s in steps if s.kind == K.ASSESSMENT)
    if assessments >= MIN_ASSESSMENTS_BEFORE_CANDIDATE and today >= first:
        return NextStep(K.CANDIDATE, earliest=first)
    return NextStep(K.ASSESSMENT, deadline=add_months(last.date, ASSESSMENT_EVERY_MONTHS))
