"""Demo data of the Party-building pages: the school's honours and about thirty news items over the
demo school years, with view counts. Fictional, deterministic (a ``random.Random`` seeded from the
school code) and idempotent (items already there, by title or by name and year, are left alone)."""

import datetime as dt
import random
import zoneinfo

from django.conf import settings

from dangjian.accounts.enums import Role
from dangjian.accounts.models import RoleGrant
from dangjian.lib import clock

from .enums import HonourLevel, NewsStatus
from .models import Honour, NewsItem
from .sanitize import clean_html, summary_of

MAIN_CODE = "sfyz"

PROVINCE_CIVILISATION = "省精神文明建设委员会"
MAIN_HONOURS = [
    # name, year, awarded_by, level, order
    ("省先进基层党组织（学校党总支）", 2021, "中共省委", HonourLevel.PROVINCIAL, 1),
    ("第二届省级文明校园", 2020, PROVINCE_CIVILISATION, HonourLevel.PROVINCIAL, 2),
    ("市委组织部、市教育局、市人社局联合嘉奖", 2019, "市委组织部、市教育局、市人社局", HonourLevel.CITY, 3),
    ("第一届省级文明校园", 2017, PROVINCE_CIVILISATION, HonourLevel.PROVINCIAL, 4),
    ("省级文明学校", 2014, PROVINCE_CIVILISATION, HonourLevel.PROVINCIAL, 5),
    ("省级文明学校", 2011, PROVINCE_CIVILISATION, HonourLevel.PROVINCIAL, 6),
    ("省级文明学校", 2008, PROVINCE_CIVILISATION, HonourLevel.PROVINCIAL, 7),
    ("省级文明学校", 2005, PROVINCE_CIVILISATION, HonourLevel.PROVINCIAL, 8),
    ("省级文明学校", 2002, PROVINCE_CIVILISATION, HonourLevel.PROVINCIAL, 9),
]
OTHER_HONOURS = [
    ("市级文明校园", 2020, "市精神文明建设委员会", HonourLevel.CITY, 1),
    ("县先进基层党组织", 2021, "县委", HonourLevel.COUNTY, 2),
]

# (month, day, title, paragraphs) per slot of a school year; {year}, {grade}, {cls}, {subject} are filled in.
STORIES = [
    (
        9,
        "{year}学年开学第一课：校党总支书记讲授专题党课",
        [
            "新学期伊始，校党总支在学术报告厅举行{year}学年第一次专题党课，党总支书记以“**守初心、担使命，做新时代的“四有”好老师**”为题，为全体党员教师讲授开学第一课。",
            "党课结合学校“三特精神”，回顾了学校党组织的红色历史，要求全体党员在新学期教育教学工作中当先锋、作表率。",
            "本学期党课计划已印发各支部，做到定时、定人、定主题，校级领导带头讲党课。",
        ],
    ),
    (
        10,
        "{grade}年段党支部开展“{theme}”主题党日活动",
        [
            "为庆祝新中国成立纪念日，{grade}年段党支部组织全体党员开展“{theme}”主题党日活动。",
            "党员们面向党旗重温入党誓词，并围绕“如何在年段管理中发挥党员作用”开展交流研讨。",
            "活动最后，支部为每个班级确定了联系党员，确保每个班级的任课教师中都有党员。",
        ],
    ),
    (
        11,
        "{year}学年党员教师结对帮扶贫困生座谈会召开",
        [
            "校党总支召开{year}学年党员教师结对帮扶座谈会，结对党员教师和学校相关处室负责人参加。",
            "会议通报了上学期思想交流、学习辅导、钱物资助三项帮扶工作的开展情况，部署了本学期帮扶任务。",
            "党总支要求结对党员“帮学习、帮思想、帮生活”，让每一名困难学生感受到温暖。",
        ],
    ),
    (
        12,
        "{year}学年“青蓝工程”师徒结对签约仪式举行",
        [
            "学校举行{year}学年“青蓝工程”师徒结对签约仪式，新一批青年教师与思想导师、德育导师、业务导师签订结对帮扶协议。",
            "仪式上，导师代表表示将从搭台子、树梯子、找路子、压担子、给法子、结对子六个方面带好青年教师。",
            "青年教师代表表示将虚心求教，尽快成长为学校教育教学的骨干力量。",
        ],
    ),
    (
        3,
        "党员教师走进{grade}（{cls}）班讲授“{lesson}”主题团课",
        [
            "近日，党员教师走进{grade}（{cls}）班，以“{lesson}”为题为团员青年讲授团课。",
            "团课结合校史中的革命先辈事迹，引导青年学生坚定理想信念，传承红色基因。",
            "本学期，学校已安排党员教师分批为各班团支部上团课，做到每个团支部都有党员联系。",
        ],
    ),
    (
        5,
        "党员骨干教师开设{subject}学科示范课",
        [
            "为落实“抓好一个学科”措施，挂钩{subject}学科的党员骨干教师开设示范课，{subject}教研组全体教师参加听评课。",
            "课后，教研组围绕课堂教学改革和试题研磨开展专题研讨，与会教师纷纷表示收获很大。",
            "学校将继续推动校领导和党员骨干教师深度参与学科教研，促进学科均衡发展。",
        ],
    ),
]
GRADES = ["高一", "高二", "高三"]
SUBJECTS = ["语文", "数学", "英语", "物理", "化学", "历史"]
# One per school year, so that every title is different.
THEMES = ["重温入党誓词", "学习新党章", "追寻红色足迹", "我为师生办实事", "传承红色基因"]
LESSONS = ["系好人生第一粒扣子", "少年传承中华传统美德", "我们的节日", "遵规守纪立德树人", "青春心向党"]


def _markup(paragraph: str) -> str:
    """``**bold**`` in the stories above becomes <strong>."""
    parts = paragraph.split("**")
    return "".join(f"<strong>{part}</strong>" if i % 2 else part for i, part in enumerate(parts))


def _news_rows(school, years: dict, rng: random.Random, created_by) -> list[NewsItem]:
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    last_start = max(years)
    rows = []
    for start in sorted(years):
        for month, title, paragraphs in STORIES:
            calendar_year = start if month >= 9 else start + 1
            when = dt.datetime(
                calendar_year, month, rng.randint(3, 26), rng.randint(8, 17), rng.choice((0, 15, 30, 45))
            )
            if when.date() >= clock.today():  # a story of this school year still to come
                continue
            fill = {
                "year": f"{start}-{start + 1}",
                "grade": rng.choice(GRADES),
                "cls": rng.randint(1, 20),
                "subject": SUBJECTS[start % len(SUBJECTS)],
                "theme": THEMES[start % len(THEMES)],
                "lesson": LESSONS[start % len(LESSONS)],
            }
            body = clean_html("".join(f"<p>{_markup(p.format(**fill))}</p>" for p in paragraphs))
            age = last_start - start  # older items were read more
            rows.append(
                NewsItem(
                    school=school,
                    title=title.format(**fill),
                    summary=summary_of(body),
                    body=body,
                    source=f"{school.name}党总支",
                    author_name="党建办公室",
                    published_at=when.replace(tzinfo=tz),
                    status=NewsStatus.PUBLISHED,
                    view_count=rng.randint(120, 400) + age * rng.randint(150, 300),
                    created_by=created_by,
                )
            )
    return rows


def seed(*, school, years, log=lambda message: None) -> None:
    rng = random.Random(f"publicity-{school.code}")
    main = school.code == MAIN_CODE
    honours = MAIN_HONOURS if main else OTHER_HONOURS
    have = set(Honour.objects.filter(school=school).values_list("name", "year"))
    new_honours = [
        Honour(school=school, name=name, year=year, awarded_by=by, level=level, order=order)
        for name, year, by, level, order in honours
        if (name, year) not in have
    ]
    Honour.objects.bulk_create(new_honours)

    grant = RoleGrant.objects.filter(school=school, role=Role.SECRETARY).order_by("pk").first()
    rows = _news_rows(school, years if main else {k: v for k, v in years.items() if k == max(years)}, rng, None)
    if grant is not None:
        for row in rows:
            row.created_by_id = grant.user_id
    titles = set(NewsItem.objects.filter(school=school).values_list("title", flat=True))
    new_rows, seen = [], set(titles)
    for row in rows:
        if row.title not in seen:
            seen.add(row.title)
            new_rows.append(row)
    NewsItem.objects.bulk_create(new_rows)
    if new_honours or new_rows:
        log(f"{school.name}：党建之窗 {len(new_honours)} 项荣誉、{len(new_rows)} 条党建动态。")
