"""Demo data of 抓好一个学科: yearly links covering every subject the cadres can cover, and 2–4
activities per cadre and semester (mostly with a demonstration lesson, evaluated by the group).
Deterministic (random.Random seeded from the school code) and idempotent (skipped when the school
already has links)."""

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from dangjian.lib import clock
from dangjian.school.models import School, SchoolYear, Semester, Staff, StaffYear, Subject

from .enums import ActivityKind, LinkStatus
from .models import LessonEvaluation, SubjectActivity, SubjectLink
from .queries import CADRE_Q

MAIN_SUBJECTS = ("语文", "数学", "英语", "物理", "化学", "生物", "政治", "历史", "地理")
TOPICS = {
    ActivityKind.DEMO_LESSON: ["{s}示范课：{t}", "{s}公开示范课《{t}》"],
    ActivityKind.GUIDE_RESEARCH: ["指导{s}组集体备课：{t}", "{s}教研组活动：{t}"],
    ActivityKind.EXAM_ITEMS: ["研磨{s}期中试题", "{s}高考真题研磨：{t}", "{s}单元检测命题研讨"],
    ActivityKind.SEMINAR: ["{s}专题教学研讨：{t}", "新课标背景下的{s}教学研讨"],
    ActivityKind.OBSERVATION: ["听评{s}青年教师课：{t}", "{s}组听课评课"],
    ActivityKind.LECTURE: ["{s}学科讲座：{t}", "{s}学科前沿与高考备考讲座"],
}
THEMES = [
    "大单元教学设计",
    "情境化命题",
    "核心素养落地",
    "分层作业设计",
    "课堂提问策略",
    "实验探究",
    "复习课的效率",
    "思维导图教学",
]
COMMENTS = [
    "目标明确，重难点突出。",
    "学生参与度高，课堂气氛活跃。",
    "情境创设好，可再加强小结。",
    "板书清晰，示范性强。",
]
OTHER_KINDS = [k for k in ActivityKind.values if k != ActivityKind.DEMO_LESSON]


def _assign(rng: random.Random, cadres: list[dict], subjects: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """(cadre id, subject id) pairs: each cadre on a subject they teach where possible, every subject
    covered when there are enough cadres; main subjects are covered even if a cadre takes two."""
    subject_ids = [pk for pk, _ in subjects]
    choice = {}
    for cadre in cadres:
        own = [s for s in cadre["subjects"] if s in subject_ids]
        choice[cadre["id"]] = own[0] if own else None
    counts = defaultdict(list)
    for cadre_id, subject in choice.items():
        counts[subject].append(cadre_id)
    for subject in subject_ids:
        if counts[subject]:
            continue
        free = counts[None]
        donor = max((s for s in subject_ids if len(counts[s]) > 1), key=lambda s: len(counts[s]), default=None)
        if free:
            cadre_id = free.pop()
        elif donor is not None:
            cadre_id = counts[donor].pop()
        else:
            continue
        choice[cadre_id] = subject
        counts[subject].append(cadre_id)
    for cadre_id in list(counts[None]):  # no subject of their own and nothing uncovered: the thinnest
        subject = min(subject_ids, key=lambda s: (len(counts[s]), subject_ids.index(s)))
        choice[cadre_id] = subject
        counts[subject].append(cadre_id)
    pairs = [(c, s) for c, s in choice.items() if s is not None]
    names = dict(subjects)
    leaders = [c["id"] for c in cadres if c["leader"]]
    for subject in subject_ids:  # a small school: a leader takes a second main subject (shows a warning)
        if not counts[subject] and names[subject] in MAIN_SUBJECTS and leaders:
            pairs.append((leaders[len(pairs) % len(leaders)], subject))
            counts[subject].append(leaders[0])
    return sorted(pairs)


def seed(*, school: School, years: dict[int, SchoolYear], log=lambda message: None) -> None:
    if SubjectLink.objects.filter(school=school).exists():
        log(f"{school.name}：学科挂钩已存在，跳过。")
        return
    rng = random.Random(f"subjects-{school.code}")
    subjects = list(Subject.objects.filter(school=school).order_by("order", "name").values_list("pk", "name"))
    subject_names = dict(subjects)
    cadre_rows = list(
        Staff.objects.filter(school=school, is_active=True)
        .filter(CADRE_Q)
        .order_by("staff_number")
        .values("pk", "leader_post")
    )
    teaches = defaultdict(list)
    for staff_id, subject_id in Staff.subjects.through.objects.filter(staff__school=school).values_list(
        "staff_id", "subject_id"
    ):
        teaches[staff_id].append(subject_id)
    group = defaultdict(list)  # subject -> staff teaching it (in service)
    for staff_id, subject_id in (
        Staff.subjects.through.objects.filter(staff__school=school, staff__is_active=True)
        .values_list("staff_id", "subject_id")
        .order_by("staff_id")
    ):
        group[subject_id].append(staff_id)
    present = defaultdict(set)
    for staff_id, start in StaffYear.objects.filter(staff__school=school).values_list(
        "staff_id", "school_year__start_year"
    ):
        present[start].add(staff_id)
    semesters = defaultdict(list)
    for year_id, term, start, end in Semester.objects.filter(school_year__in=years.values()).values_list(
        "school_year_id", "term", "starts_on", "ends_on"
    ):
        semesters[year_id].append((term, start, end))
    today = clock.today()

    links = []
    for start_year, year in sorted(years.items()):
        cadres = [
            {"id": c["pk"], "leader": bool(c["leader_post"]), "subjects": teaches[c["pk"]]}
            for c in cadre_rows
            if c["pk"] in present[start_year] or not present[start_year]
        ]
        published_at = timezone.make_aware(dt.datetime(start_year, 9, 10, 9, 0))
        links += [
            SubjectLink(
                school=school,
                school_year=year,
                cadre_id=cadre_id,
                subject_id=subject_id,
                status=LinkStatus.PUBLISHED,
                published_at=published_at,
            )
            for cadre_id, subject_id in _assign(rng, cadres, subjects)
        ]
    SubjectLink.objects.bulk_create(links)
    links = list(SubjectLink.objects.filter(school=school).order_by("school_year__start_year", "pk"))

    activities, participants, evaluations = [], [], []
    start_of = {year.pk: start for start, year in years.items()}
    for link in links:
        year_staff = present[start_of[link.school_year_id]]
        members = [s for s in group[link.subject_id] if s != link.cadre_id and (not year_staff or s in year_staff)]
        for _term, start, end in sorted(semesters[link.school_year_id]):
            first, last = start + dt.timedelta(days=10), min(end - dt.timedelta(days=7), today)
            if last <= first:
                continue
            count = rng.choice((2, 2, 3, 3, 3, 4))
            kinds = [ActivityKind.DEMO_LESSON if rng.random() < 0.92 else rng.choice(OTHER_KINDS)]
            kinds += [rng.choice(OTHER_KINDS + [ActivityKind.DEMO_LESSON]) for _ in range(count - 1)]
            if rng.random() < 0.06:  # now and then a cadre falls behind
                kinds = kinds[:1]
            for kind in kinds:
                day = first + dt.timedelta(days=rng.randrange((last - first).days))
                topic = rng.choice(TOPICS[kind]).format(s=subject_names[link.subject_id], t=rng.choice(THEMES))
                people = rng.sample(members, min(len(members), rng.randint(3, 8)))
                activities.append(
                    SubjectActivity(
                        link=link, kind=kind, date=day, topic=topic, notes=f"{topic}。参加教师交流讨论并形成改进意见。"
                    )
                )
                participants.append(people)
    SubjectActivity.objects.bulk_create(activities, batch_size=1000)
    through = SubjectActivity.participants.through
    through.objects.bulk_create(
        [
            through(subjectactivity_id=a.pk, staff_id=s)
            for a, people in zip(activities, participants, strict=True)
            for s in people
        ],
        batch_size=2000,
    )
    for activity, people in zip(activities, participants, strict=True):
        if activity.kind != ActivityKind.DEMO_LESSON:
            continue
        for staff_id in people[: rng.randint(2, 4)]:
            evaluations.append(
                LessonEvaluation(
                    activity_id=activity.pk,
                    evaluator_id=staff_id,
                    score=rng.randint(78, 98),
                    comment=rng.choice(COMMENTS),
                )
            )
    LessonEvaluation.objects.bulk_create(evaluations, batch_size=2000)
    log(f"{school.name}：学科挂钩 {len(links)} 条，学科活动 {len(activities)} 次，评课 {len(evaluations)} 条。")
