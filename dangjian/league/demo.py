"""Demo data of 帮好一个团支部: a 团支部 for every class every year with a student secretary, Party
members' League lessons every semester covering (nearly) every branch, the four themed series of the
article with activities, and a few 推优入党 recommendations. Deterministic (random.Random seeded from
the school code) and idempotent (skipped when the school already has branches)."""

import datetime as dt
import random
from collections import defaultdict

from dangjian.lib import clock
from dangjian.school.enums import PARTY_STATUSES
from dangjian.school.models import Enrollment, School, SchoolClass, SchoolYear, Semester, Staff

from .enums import DEFAULT_SERIES, LessonStatus, RecommendationStatus
from .models import LeagueBranch, LeagueLesson, Recommendation, ThemeActivity, ThemeSeries
from .services import branch_name

LESSON_TOPICS = [
    "学习党的二十大精神，争做新时代好青年",
    "从党史中汲取奋进力量",
    "共青团的光荣历史与青年使命",
    "社会主义核心价值观与青春成长",
    "弘扬三特精神，传承红色基因",
    "新时代青年的责任与担当",
    "中国共产党为什么能",
    "读懂入党誓词",
]
THEME_TITLES = {
    "少年传承中华传统美德": ["经典诵读会", "孝亲敬老志愿服务", "“光盘行动”主题班会", "诚信教育主题团日"],
    "我们的节日": ["清明祭英烈", "端午诗会", "中秋家国情主题活动", "重阳敬老活动", "春节写春联送祝福"],
    "遵规守纪立德树人": ["校规校纪知识竞赛", "法治进校园讲座", "文明礼仪示范班评比", "安全教育主题团日"],
    "系好人生第一粒扣子": ["十八岁成人礼", "入团仪式", "理想信念主题演讲", "核心价值观微视频展评"],
}
REASONS = [
    "思想进步，学习刻苦，担任班团干部表现突出。",
    "积极参加志愿服务，群众基础好。",
    "品学兼优，多次获校级三好学生。",
]


def _chunks(items: list, rng: random.Random) -> list[list]:
    out, i = [], 0
    while i < len(items):
        size = rng.choice((2, 3, 3, 4))
        out.append(items[i : i + size])
        i += size
    return out


def seed(*, school: School, years: dict[int, SchoolYear], log=lambda message: None) -> None:
    if LeagueBranch.objects.filter(school=school).exists():
        log(f"{school.name}：团支部已存在，跳过。")
        return
    rng = random.Random(f"league-{school.code}")
    today = clock.today()
    start_of = {year.pk: start for start, year in years.items()}

    classes = list(
        SchoolClass.objects.filter(grade__school=school, grade__school_year__in=years.values())
        .select_related("grade")
        .order_by("grade__school_year__start_year", "grade__level", "number")
    )
    roster = defaultdict(list)  # class -> [(student id, league member)]
    for class_id, student_id, league in (
        Enrollment.objects.filter(school_class__in=classes)
        .order_by("school_class_id", "student__student_number")
        .values_list("school_class_id", "student_id", "student__is_league_member")
    ):
        roster[class_id].append((student_id, league))
    branches = []
    for c in classes:
        members = [s for s, league in roster[c.pk] if league]
        branches.append(
            LeagueBranch(
                school=school,
                school_year_id=c.grade.school_year_id,
                school_class=c,
                name=branch_name(c),
                secretary_id=rng.choice(members) if members else None,
            )
        )
    LeagueBranch.objects.bulk_create(branches)
    branches = list(LeagueBranch.objects.filter(school=school).select_related("school_class__grade"))
    by_year = defaultdict(list)
    for b in sorted(branches, key=lambda b: (b.school_class.grade.level, b.school_class.number)):
        by_year[b.school_year_id].append(b)
    size = {b.pk: len(roster[b.school_class_id]) for b in branches}

    lecturers = list(
        Staff.objects.filter(school=school, is_active=True, political_status__in=PARTY_STATUSES)
        .order_by("-leader_post", "staff_number")
        .values_list("pk", flat=True)
    )
    semesters = defaultdict(list)
    for year_id, term, start, end in Semester.objects.filter(school_year__in=years.values()).values_list(
        "school_year_id", "term", "starts_on", "ends_on"
    ):
        semesters[year_id].append((term, start, end))

    lessons, lesson_branches = [], []
    for year_id in sorted(by_year, key=lambda pk: start_of.get(pk, 0)):
        for _term, start, end in sorted(semesters[year_id]):
            first, last = start + dt.timedelta(days=14), end - dt.timedelta(days=10)
            if first > today:
                continue
            year_branches = list(by_year[year_id])
            if rng.random() < 0.3 and len(year_branches) > 4:  # now and then a branch misses out
                year_branches.pop(rng.randrange(len(year_branches)))
            for group in _chunks(year_branches, rng):
                day = first + dt.timedelta(days=rng.randrange(max(1, (last - first).days)))
                held = day <= today
                capacity = sum(size[b.pk] for b in group)
                lessons.append(
                    LeagueLesson(
                        school=school,
                        school_year_id=year_id,
                        status=LessonStatus.HELD if held else LessonStatus.PLANNED,
                        date=day,
                        topic=rng.choice(LESSON_TOPICS),
                        lecturer_id=rng.choice(lecturers[: max(8, len(lecturers) // 2)]),
                        attendance=max(0, capacity - rng.randint(0, 4)) if held else None,
                        notes="",
                    )
                )
                lesson_branches.append(group)
    LeagueLesson.objects.bulk_create(lessons, batch_size=1000)
    through = LeagueLesson.branches.through
    through.objects.bulk_create(
        [
            through(leaguelesson_id=lesson.pk, leaguebranch_id=b.pk)
            for lesson, group in zip(lessons, lesson_branches, strict=True)
            for b in group
        ],
        batch_size=2000,
    )

    existing = set(ThemeSeries.objects.filter(school=school).values_list("name", flat=True))
    ThemeSeries.objects.bulk_create(
        [
            ThemeSeries(school=school, name=name, description=description, order=i)
            for i, (name, description) in enumerate(DEFAULT_SERIES, 1)
            if name not in existing
        ]
    )
    series = list(ThemeSeries.objects.filter(school=school, name__in=[n for n, _ in DEFAULT_SERIES]))
    activities, activity_branches = [], []
    for year_id in sorted(by_year, key=lambda pk: start_of.get(pk, 0)):
        year_start = dt.date(start_of[year_id], 9, 1)
        for s in series:
            titles = THEME_TITLES.get(s.name, ["主题团日活动"])
            for level in (1, 2, 3):
                level_branches = [b for b in by_year[year_id] if b.school_class.grade.level == level]
                if not level_branches:
                    continue
                for title in rng.sample(titles, min(len(titles), rng.randint(1, 2))):
                    day = year_start + dt.timedelta(days=rng.randrange(20, 300))
                    if day > today:
                        continue
                    group = [b for b in level_branches if rng.random() < 0.8] or level_branches[:1]
                    capacity = sum(size[b.pk] for b in group)
                    activities.append(
                        ThemeActivity(
                            series=s,
                            school_year_id=year_id,
                            date=day,
                            title=f"{title}（{level_branches[0].school_class.grade.get_level_display()}）",
                            participants=max(1, capacity - rng.randint(0, 10)),
                            guide_id=rng.choice(lecturers),
                            notes=f"{s.name}系列活动：{title}。",
                        )
                    )
                    activity_branches.append(group)
    ThemeActivity.objects.bulk_create(activities, batch_size=1000)
    through = ThemeActivity.branches.through
    through.objects.bulk_create(
        [
            through(themeactivity_id=a.pk, leaguebranch_id=b.pk)
            for a, group in zip(activities, activity_branches, strict=True)
            for b in group
        ],
        batch_size=2000,
    )

    recommendations = []
    for b in branches:
        if b.school_class.grade.level == 1 or rng.random() < 0.5:
            continue
        members = [s for s, league in roster[b.school_class_id] if league]
        if not members:
            continue
        day = dt.date(start_of[b.school_year_id] + 1, 4, 15) + dt.timedelta(days=rng.randrange(30))
        if day > today:
            continue
        recommendations.append(
            Recommendation(
                school=school,
                branch=b,
                student_id=rng.choice(members),
                date=day,
                reason=rng.choice(REASONS),
                status=rng.choice(
                    [RecommendationStatus.ACCEPTED, RecommendationStatus.RECOMMENDED, RecommendationStatus.ACCEPTED]
                ),
            )
        )
    Recommendation.objects.bulk_create(recommendations)
    log(
        f"{school.name}：团支部 {len(branches)} 个，党员团课 {len(lessons)} 次，"
        f"主题教育活动 {len(activities)} 次，推优入党 {len(recommendations)} 人。"
    )
