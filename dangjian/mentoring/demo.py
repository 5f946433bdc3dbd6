"""Demo data for 带好一名教师: five school years (up to the current one; nothing after today) of pairings proposed by the real
matching, confirmed and signed, with activities, reflections, year-end evaluations and milestones.

Deterministic (a random.Random seeded from the school code; the solver runs single-threaded) and
idempotent: a school that already has mentorships is left alone. The latest year keeps the newly hired
young teachers unmatched, so that the secretary can try the matching."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from dangjian.demo import timeline
from dangjian.school.enums import KeyTeacherLevel, ProfessionalTitle, Term

from . import matching, queries
from .enums import (
    DEFAULT_DUTIES,
    DEFAULT_GOALS,
    ActivityKind,
    Dimension,
    EvaluationResult,
    MentorshipStatus,
    MilestoneKind,
    SixKind,
)
from .models import Evaluation, MentoringActivity, Mentorship, Milestone, Reflection

KINDS = {
    Dimension.IDEOLOGY: [
        (ActivityKind.TALK, SixKind.PAIR, "谈心谈话：交流入职以来的思想状况和职业规划，鼓励其积极向党组织靠拢。"),
        (ActivityKind.TALK, SixKind.PATH, "一起学习“三特”精神和党的教育方针，讨论如何做学生喜爱的老师。"),
        (ActivityKind.OTHER, SixKind.LADDER, "带领参加主题党日和红色教育基地参观，撰写学习体会。"),
    ],
    Dimension.MORAL: [
        (ActivityKind.CLASS_MEETING, SixKind.METHOD, "指导主题班会的设计与组织，课后复盘班会环节。"),
        (ActivityKind.TALK, SixKind.METHOD, "交流班级管理和家校沟通的经验，分析个别学生的转化方案。"),
        (ActivityKind.OTHER, SixKind.LOAD, "安排担任副班主任，协助处理班级日常事务。"),
        (ActivityKind.CLASS_MEETING, SixKind.PLATFORM, "推荐参加年段班会课展示，指导修改方案。"),
    ],
    Dimension.PROFESSIONAL: [
        (ActivityKind.OBSERVE, SixKind.METHOD, "听青年教师的课，课后逐环节点评教学目标与课堂提问。"),
        (ActivityKind.REVIEW, SixKind.METHOD, "参加教研组评课，指导改进作业设计与分层教学。"),
        (ActivityKind.DEMO_LESSON, SixKind.PAIR, "上示范课，青年教师听课并撰写听课反思。"),
        (ActivityKind.LESSON_PLAN, SixKind.METHOD, "指导单元教学设计和课件制作。"),
        (ActivityKind.RESEARCH, SixKind.PATH, "指导撰写教学论文、申报县级小课题。"),
        (ActivityKind.OBSERVE, SixKind.PLATFORM, "指导准备县级优质课比赛，多轮磨课。"),
        (ActivityKind.OTHER, SixKind.LOAD, "指导命制单元测试卷并进行质量分析。"),
    ],
}
REFLECTIONS = (
    "本学期在导师的指导下，我逐步熟悉了课程标准和教材，课堂教学更加规范。听了导师的示范课后，"
    "我认识到自己在课堂提问和时间分配上的不足，下学期要在分层作业设计上继续努力。",
    "担任副班主任以来，我学会了如何与学生谈心、与家长沟通。导师多次指导我设计主题班会，"
    "让我体会到德育工作要润物细无声。今后要更主动地向党组织靠拢，践行“三特”精神。",
    "这一学期我参加了教研组的磨课和县级优质课比赛，导师一遍遍帮我打磨教学设计。"
    "我的不足是教学反思不够及时，下学期要坚持每周写教学后记。",
)
COMMENTS = {
    EvaluationResult.EXCELLENT: "虚心好学，进步明显，完成了本学年培养目标，课堂教学和班级管理得到学生和家长认可。",
    EvaluationResult.PASS: "能按协议参加带教活动，基本完成本学年培养目标，今后要在教学反思和课题研究上多下功夫。",
    EvaluationResult.FAIL: "参加带教活动不够主动，本学年培养目标未能完成，下学年继续结对帮扶。",
}
AWARDS = (
    "县级优质课比赛一等奖",
    "县级优质课比赛二等奖",
    "市级教学技能大赛三等奖",
    "县级优秀班主任",
    "县级教学论文评比一等奖",
)


def seed(*, school, years, log=lambda message: None) -> None:
    if Mentorship.objects.filter(school=school).exists():
        log(f"{school.name}：青年教师结对数据已存在，跳过。")
        return
    rng = random.Random(f"mentoring-{school.code}")
    settings = queries.settings_of(school)
    ordered = [years[k] for k in sorted(years)]
    last = ordered[-1]
    secretary = get_user_model().objects.filter(role_grants__school=school, role_grants__role="secretary").first()
    with transaction.atomic():
        for year in ordered:
            state = queries.matching_state(school, year, settings)
            proposal = matching.propose(state.problem)
            hired_now = {
                row.staff.pk
                for row in state.rows
                if row.staff.started_teaching_on and row.staff.started_teaching_on.year == year.start_year
            }
            rows = []
            for pair in proposal.new_pairs():
                if year is last and pair.mentee_id in hired_now:
                    continue  # left for the demo user to match
                previous = state.continuing.get((pair.mentee_id, pair.mentor_id, pair.dimension))
                dimension = Dimension(pair.dimension)
                confirmed = year.starts_on + dt.timedelta(days=rng.randint(3, 9))
                rows.append(
                    Mentorship(
                        school=school,
                        school_year=year,
                        mentee_id=pair.mentee_id,
                        mentor_id=pair.mentor_id,
                        dimension=pair.dimension,
                        status=MentorshipStatus.CONFIRMED,
                        continued_from=previous if pair.origin == "kept" else None,
                        goals=DEFAULT_GOALS[dimension],
                        duties=DEFAULT_DUTIES[dimension],
                        confirmed_on=confirmed,
                        signed_on=confirmed + dt.timedelta(days=rng.randint(1, 10)),
                    )
                )
            created = Mentorship.objects.bulk_create(rows)
            _activities(rng, created, year, secretary)
            if year is not last:
                _evaluations(rng, created, year, secretary)
                _reflections(rng, school, created, year)
            log(f"{school.name} {year.code}：青年教师 {len(state.rows)} 名，结对 {len(created)} 对。")
        _milestones(rng, school)


def _activities(rng, mentorships, year, user):
    rows = []
    end = min(year.ends_on, dt.date(year.start_year + 1, 6, 30))
    span = (end - year.starts_on).days
    today = timeline.now().today
    for m in mentorships:
        for _ in range(rng.randint(3, 8)):
            kind, six, note = rng.choice(KINDS[Dimension(m.dimension)])
            day = year.starts_on + dt.timedelta(days=rng.randint(10, span))
            if day >= today:  # the current year: only what has happened
                continue
            rows.append(
                MentoringActivity(
                    mentorship=m,
                    date=day,
                    dimension=m.dimension,
                    six_kind=six,
                    kind=kind,
                    hours=Decimal(rng.choice(("1.0", "1.0", "1.5", "2.0", "3.0"))),
                    notes=note,
                    logged_by=user,
                )
            )
    MentoringActivity.objects.bulk_create(rows)


def _evaluations(rng, mentorships, year, user):
    rows = []
    today = timeline.now().today
    for m in mentorships:
        result = rng.choices([EvaluationResult.EXCELLENT, EvaluationResult.PASS, EvaluationResult.FAIL], [30, 68, 2])[0]
        evaluated_on = dt.date(year.start_year + 1, 7, rng.randint(1, 10))
        if evaluated_on >= today:  # the year-end evaluation of the current year is still to come
            continue
        rows.append(
            Evaluation(
                mentorship=m,
                result=result,
                comments=COMMENTS[result],
                evaluated_on=evaluated_on,
                evaluated_by=user,
            )
        )
    Evaluation.objects.bulk_create(rows)


def _reflections(rng, school, mentorships, year):
    rows = []
    for mentee_id in sorted({m.mentee_id for m in mentorships}):
        for term, written in (
            (Term.FIRST, dt.date(year.start_year + 1, 1, 15)),
            (Term.SECOND, dt.date(year.start_year + 1, 7, 5)),
        ):
            if rng.random() < 0.85 and written < timeline.now().today:
                rows.append(
                    Reflection(
                        school=school,
                        school_year=year,
                        term=term,
                        mentee_id=mentee_id,
                        content=rng.choice(REFLECTIONS),
                        written_on=written,
                    )
                )
    Reflection.objects.bulk_create(rows)


def _milestones(rng, school):
    """Key-teacher titles, promotions and awards of mentored teachers, dated after their first pairing."""
    first = {}
    for mentee_id, start, mentee in (
        Mentorship.objects.filter(school=school)
        .select_related("mentee")
        .order_by("school_year__start_year")
        .values_list("mentee_id", "school_year__start_year", "mentee__key_teacher_level")
    ):
        first.setdefault(mentee_id, (start, mentee))
    titles = dict(Mentorship.objects.filter(school=school).values_list("mentee_id", "mentee__title").distinct())
    rows = []
    last, today = timeline.now().last, timeline.now().today
    for mentee_id in sorted(first):
        start, level = first[mentee_id]
        if level:
            day = min(dt.date(min(start + 2, last), rng.choice((6, 12)), rng.randint(1, 28)), today)
            rows.append(
                Milestone(
                    school=school,
                    staff_id=mentee_id,
                    date=day,
                    kind=MilestoneKind.KEY_TEACHER,
                    level=level,
                    description=f"评为{KeyTeacherLevel(level).label}教师",
                )
            )
        if titles.get(mentee_id) == ProfessionalTitle.FIRST:
            rows.append(
                Milestone(
                    school=school,
                    staff_id=mentee_id,
                    date=min(dt.date(min(start + 2, last), 12, rng.randint(1, 28)), today),
                    kind=MilestoneKind.TITLE,
                    description="晋升一级教师",
                )
            )
        if rng.random() < 0.3:
            rows.append(
                Milestone(
                    school=school,
                    staff_id=mentee_id,
                    date=min(dt.date(min(start + 1, last), rng.choice((5, 11)), rng.randint(1, 28)), today),
                    kind=MilestoneKind.AWARD,
                    description=rng.choice(AWARDS),
                )
            )
    Milestone.objects.bulk_create(rows)
