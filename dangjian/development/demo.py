"""Demo data of 发展党员: a file for every person the demo has in development (入党申请人, 积极分子, 发展对象,
预备党员) and for the three latest full members, whose steps are drawn lawfully around the dates already on
their member records (the records and their histories are not touched); a yearly target per branch. The
first activist missed an assessment, so the page shows what is overdue. One 推优学生 of 高三, 18 when they
applied, is an activist (a student's file is its own record: no member record). Deterministic (random.Random seeded
from the school code) and idempotent (skipped when the school already has files)."""

import datetime as dt
import random
from collections import defaultdict

from dangjian.lib import clock
from dangjian.lib.dates import add_months
from dangjian.party.enums import MemberStatus, OrgKind
from dangjian.party.models import Organization, PartyMember
from dangjian.school.models import School, SchoolYear

from . import rules
from .enums import Stage
from .enums import StepKind as K
from .models import DevelopmentFile, DevelopmentPlan, DevelopmentStep
from .rules import ASSESSMENT_EVERY_MONTHS, PROBATION_MONTHS
from .students import recommended_students

DAY = dt.timedelta(days=1)
LATEST_FULL = 3  # full members whose whole path is shown
STUDENT_PATH_DAYS = 80  # at most, from the student's application to their becoming an activist
NOTES = {
    K.APPLICATION: "本人向党支部递交入党申请书",
    K.TALK: "党支部书记与申请人谈话，了解入党动机",
    K.ACTIVIST: "经党员推荐、支委会研究，确定为入党积极分子",
    K.ASSESSMENT: "培养联系人汇报，支部考察合格",
    K.CANDIDATE: "听取党小组、培养联系人和党员群众意见，支委会研究确定为发展对象",
    K.POLITICAL_REVIEW: "函调本人及直系亲属政治情况，形成政审综合材料",
    K.TRAINING: "参加上级党委组织的发展对象培训班，考试合格",
    K.COMMITTEE_REVIEW: "支部委员会对发展对象进行严格审查，全体支委同意",
    K.PRE_REVIEW: "上级党委预审合格，发放入党志愿书",
    K.PUBLICITY: "在校内公示 5 个工作日，无异议",
    K.ASSEMBLY: "支部大会讨论，无记名投票表决通过",
    K.APPROVAL: "上级党委派人谈话后集体讨论批准",
    K.OATH: "在党旗下进行入党宣誓",
    K.PROBATION_ASSESSMENT: "预备期半年考察，表现良好",
    K.FULL: "预备期满，支部大会讨论通过、上级党委批准按期转正",
}


def seed(*, school: School, years: dict[int, SchoolYear], log=lambda message: None) -> None:
    if DevelopmentFile.objects.filter(school=school).exists():
        log(f"{school.name}：发展党员档案已存在，跳过。")
        return
    rng = random.Random(f"development-{school.code}")
    today = clock.today()
    members = PartyMember.objects.filter(branch__school=school, applied_on__isnull=False).select_related("staff")
    latest_full = members.filter(status=MemberStatus.FULL).order_by("-admitted_on", "pk")[:LATEST_FULL]
    records = sorted(
        [*members.exclude(status__in=(MemberStatus.FULL, MemberStatus.TRANSFERRED_OUT)), *latest_full],
        key=lambda r: (r.applied_on, r.staff.staff_number),
    )
    full_of = defaultdict(list)
    for branch_id, staff_id in PartyMember.objects.filter(branch__school=school, status=MemberStatus.FULL).values_list(
        "branch_id", "staff_id"
    ):
        full_of[branch_id].append(staff_id)
    waiting = next((r.pk for r in records if r.status == MemberStatus.ACTIVIST), None)
    drawn = {}
    for record in records:
        pool = [pk for pk in full_of[record.branch_id] if pk != record.staff_id]
        if len(pool) < 2:
            continue
        people = (*rng.sample(pool, 2), *rng.sample(pool, 2))
        path = _steps(rng, record, people, len(pool), today, waiting=record.pk == waiting)
        if _lawful(path, record.staff.birth_date, record.status, today):
            drawn[record.pk] = path
    chosen = [r for r in records if r.pk in drawn]
    files = DevelopmentFile.objects.bulk_create(
        [DevelopmentFile(school=school, staff=r.staff, branch_id=r.branch_id) for r in chosen]
    )
    steps = [
        DevelopmentStep(file=file, note=NOTES[kind], kind=kind, **facts)
        for record, file in zip(chosen, files, strict=True)
        for kind, facts in drawn[record.pk]
    ]
    DevelopmentStep.objects.bulk_create(steps)
    branches = Organization.objects.filter(school=school, kind=OrgKind.BRANCH)
    DevelopmentPlan.objects.bulk_create(
        [DevelopmentPlan(branch=b, year=year, target=rng.choice((1, 1, 2))) for b in branches for year in years]
    )
    student_file = _student_file(rng, school, branches, full_of, today)
    log(
        f"{school.name}：发展党员档案 {len(files)} 份，步骤 {len(steps)} 条"
        + (f"；推优学生 {student_file.person_name} 为入党积极分子。" if student_file else "。")
    )


def _student_file(rng, school: School, branches, full_of, today: dt.date) -> DevelopmentFile | None:
    """A 高三 student whose 推优 the Party organization accepted, the last to turn 18 early enough to be an
    activist by now (or the oldest, made a year older as some are, when none is), applies after turning 18, is
    talked to and made an activist with two full members of the 高三 branch as contacts."""
    year = clock.school_year_start(today)
    candidates = (
        recommended_students(school)
        .filter(enrollments__school_year__start_year=year, enrollments__school_class__grade__level=3)
        .exclude(birth_date=None)
    )
    turned_18_by = add_months(today, -18 * 12) - STUDENT_PATH_DAYS * DAY
    student = (
        candidates.filter(birth_date__lte=turned_18_by).order_by("-birth_date", "pk").first()
        or candidates.order_by("birth_date", "pk").first()
    )
    branch = branches.filter(grade_level=3).first() or branches.order_by("order", "pk").first()
    pool = full_of[branch.pk] if branch else []
    if student is None or len(pool) < 2:
        return None
    if student.birth_date > turned_18_by:
        student.birth_date -= dt.timedelta(days=365)
    path = _student_path(rng, student.birth_date, rng.sample(pool, 2), today)
    if not _lawful(path, student.birth_date, Stage.ACTIVIST, today):
        return None
    student.save(update_fields=["birth_date"])
    file = DevelopmentFile.objects.create(school=school, student=student, branch=branch)
    DevelopmentStep.objects.bulk_create(
        DevelopmentStep(file=file, kind=kind, note=NOTES[kind], **facts) for kind, facts in path
    )
    return file


def _student_path(rng, birth_date: dt.date, contacts: list, today: dt.date) -> list:
    """Applied soon after turning 18 (within the last three months for an older student), an activist by now."""
    application = max(add_months(birth_date, 18 * 12) + rng.randint(3, 20) * DAY, today - rng.randint(60, 100) * DAY)
    talk = application + rng.randint(7, 20) * DAY
    activist = talk + rng.randint(14, STUDENT_PATH_DAYS - 40) * DAY
    contact_1, contact_2 = contacts
    return [
        (K.APPLICATION, {"date": application}),
        (K.TALK, {"date": talk}),
        (K.ACTIVIST, {"date": activist, "contact_1_id": contact_1, "contact_2_id": contact_2}),
    ]


def _lawful(path, birth_date: dt.date | None, stage: str, today: dt.date) -> bool:
    """The drawn path passes every rule and ends in ``stage`` (the member record's, for staff)."""
    done = []
    for kind, facts in path:
        step = rules.Step(
            kind=kind,
            date=facts["date"],
            contacts=2 if "contact_1_id" in facts else 0,
            full_introducers=2 if "introducer_1_id" in facts else 0,
            **{k: v for k, v in facts.items() if k in RULE_FACTS},
        )
        if rules.step_error(done, step, birth_date=birth_date, today=today):
            return False
        done.append(step)
    return rules.stage(done) == stage


RULE_FACTS = ("voters_eligible", "voters_present", "votes_for", "training_days", "training_hours")


def _vote(rng, eligible: int) -> dict:
    present = eligible - rng.randint(0, min(2, (eligible - 1) // 2))
    against = rng.choice((0, 0, 0, 1)) if present > eligible // 2 + 2 else 0
    return {
        "voters_eligible": eligible,
        "voters_present": present,
        "votes_for": present - against,
        "votes_against": against,
    }


def _steps(rng, record: PartyMember, people: list, eligible: int, today: dt.date, *, waiting: bool) -> list:
    """(kind, facts) of the record's path up to today, each date after the one before."""
    out = [(K.APPLICATION, {"date": record.applied_on})]
    contact_1, contact_2, introducer_1, introducer_2 = people

    def add(kind, day, **facts):
        if day <= today:
            out.append((kind, {"date": day, **facts}))
            return True
        return False

    talk = record.applied_on + dt.timedelta(days=rng.randint(7, 25))
    if not add(K.TALK, min(talk, record.activist_on or talk)):
        return out
    if record.activist_on is None:
        return out
    add(K.ACTIVIST, record.activist_on, contact_1_id=contact_1, contact_2_id=contact_2)
    assessment = add_months(record.activist_on, ASSESSMENT_EVERY_MONTHS) - rng.randint(3, 15) * DAY
    while assessment <= today and (record.candidate_on is None or assessment < record.candidate_on):
        if waiting:  # missed the last one
            break
        add(K.ASSESSMENT, assessment)
        assessment = add_months(assessment, ASSESSMENT_EVERY_MONTHS)
    if record.candidate_on is None or not add(K.CANDIDATE, record.candidate_on):
        return out
    vote = record.admitted_on
    if vote is None:  # still a 发展对象: the next steps as far as today
        day = record.candidate_on
        for kind in (K.POLITICAL_REVIEW, K.TRAINING, K.COMMITTEE_REVIEW):
            day += rng.randint(20, 40) * DAY
            if not add(kind, day, **({"training_days": 3} if kind == K.TRAINING else {})):
                break
        return out
    span = (vote - record.candidate_on).days
    for kind, share in ((K.POLITICAL_REVIEW, 0.2), (K.TRAINING, 0.4), (K.COMMITTEE_REVIEW, 0.6), (K.PRE_REVIEW, 0.75)):
        add(
            kind,
            record.candidate_on + int(span * share) * DAY,
            **({"training_hours": 24} if kind == K.TRAINING else {}),
        )
    add(K.PUBLICITY, vote - 10 * DAY)
    add(K.ASSEMBLY, vote, introducer_1_id=introducer_1, introducer_2_id=introducer_2, **_vote(rng, eligible))
    approval = min(vote + rng.randint(20, 60) * DAY, today)
    add(K.APPROVAL, approval)
    add(K.OATH, min(approval + rng.randint(0, 10) * DAY, today))
    end = add_months(vote, PROBATION_MONTHS)
    assessment = add_months(vote, ASSESSMENT_EVERY_MONTHS) - rng.randint(3, 15) * DAY
    while assessment < end and assessment > out[-1][1]["date"] and add(K.PROBATION_ASSESSMENT, assessment):
        assessment = add_months(assessment, ASSESSMENT_EVERY_MONTHS)
    if record.status == MemberStatus.FULL:
        add(K.FULL, max(end, out[-1][1]["date"]) + rng.randint(0, 20) * DAY, **_vote(rng, eligible))
    return out
