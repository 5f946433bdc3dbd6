"""Demo data for 示范县: two fictional schools with five school years of history.

Two steps: ``build_plan`` draws a school's people and structure from a seeded random.Random
(pure Python, no database), and ``write_plan`` stores it with bulk inserts. ``seed`` runs both in
one transaction for every demo school that does not exist yet, then makes sure the demo logins
exist, so a second run changes nothing. Everything is a function of the options, never of the
clock or of database ids: every run produces the same people."""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Count
from django.utils.module_loading import import_string

from dangjian.accounts.enums import Role
from dangjian.accounts.models import RoleGrant, User
from dangjian.demo.modules import MODULE_SEEDERS
from dangjian.lib.dates import age_on
from dangjian.party.enums import MemberStatus, OrgKind, Post
from dangjian.party.models import MemberStatusChange, Organization, OrganizationPost, PartyMember
from dangjian.school.enums import (
    PARTY_STATUSES,
    Gender,
    KeyTeacherLevel,
    LeaderPost,
    PoliticalStatus,
    ProfessionalTitle,
    StudentStatus,
    Term,
)
from dangjian.school.models import (
    County,
    Department,
    Enrollment,
    Grade,
    School,
    SchoolClass,
    SchoolYear,
    Semester,
    Skill,
    Staff,
    StaffYear,
    Student,
    Subject,
)

from . import history, timeline
from .names import NameMaker

SEED = "dangjian-343-demo"
COUNTY_CODE, COUNTY_NAME = "sfx", "示范县"
MAIN_CODE, SECOND_CODE = "sfyz", "sfez"
DEMO_PASSWORD = "dangjian-demo"
BASE_CLASSES_PER_GRADE = 20
LEVEL_NAMES = {1: "高一", 2: "高二", 3: "高三"}

SUBJECTS = (
    "语文",
    "数学",
    "英语",
    "物理",
    "化学",
    "生物",
    "政治",
    "历史",
    "地理",
    "体育",
    "音乐",
    "美术",
    "信息技术",
    "心理健康",
)
MAIN_SUBJECTS = SUBJECTS[:9]
# 3+1+2 combinations of a grade's classes from 高二 on, spread over its class numbers (物理类 first, about
# 60%, as in Fujian's schools); a class keeps its combination from 高二 into 高三. Cohorts that entered 高一
# before Fujian's reform (autumn 2021) were split into 理科 and 文科 classes: 物化生 and 史政地.
COMBINATIONS = ("物化生", "物化生", "物化地", "物地生", "物化政", "物政地", "史政地", "史政地", "史地生", "史政生")
BEFORE_REFORM = ("物化生",) * 6 + ("史政地",) * 4
REFORM_COHORT = 2021
DEPARTMENTS = ("党政办公室", "教务处", "政教处", "总务处", "教科室", "心理辅导中心", "团委")

# Terms of office (the current ones; the office holders have served since POSTS_SINCE). The
# 行政后勤党支部's term ended on 2021-12-31 without re-election: the one deliberate finding of the demo
# (the tree shows a 换届 warning on it).
# (dates of the base story: timeline.now().shift moves them next to the current school year)
GENERAL_BRANCH_TERM = (dt.date(2024, 6, 1), dt.date(2027, 5, 31))
OVERDUE_BRANCH_TERM = (dt.date(2018, 12, 1), dt.date(2021, 12, 31))
SECOND_BRANCH_TERM = (dt.date(2025, 3, 1), dt.date(2028, 2, 28))
POSTS_SINCE = dt.date(2018, 9, 1)

LEADER, ADMIN, SUPPORT, TEACHER = "leader", "admin", "support", "teacher"

CERTIFICATE = "心理咨询师证书"
HOMEROOM_SKILL = "班主任经验"
STUDENT_WORK = "学生工作经验"
SKILL_NAMES = (
    CERTIFICATE,
    "心理健康教育",
    STUDENT_WORK,
    HOMEROOM_SKILL,
    "家庭教育指导",
    "团队工作",
    "教研组长经验",
)

PHONE_PREFIXES = ("139", "138", "137", "136", "135", "158", "159", "188", "187", "186", "133", "153", "189")


# --- specifications ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AdminRole:
    """One kind of office post; ``subject`` None means non-teaching staff."""

    department: str
    position: str | tuple[str, ...]
    subject: str | tuple[str, ...] | None
    count: int = 1
    scaled: bool = False
    party: bool = False
    skills: tuple[str, ...] = ()
    ages: tuple[int, int] = (30, 55)


@dataclass(frozen=True)
class SchoolSpec:
    code: str
    name: str
    short_name: str
    address: str
    spirit: str
    history: str
    classes_per_grade: int
    class_size: int
    factor: float  # staff multiplier against the base tables
    leaders: tuple[tuple[str, str, str], ...]  # (leader_post, position, subject)
    admin: tuple[AdminRole, ...]
    teachers: dict[str, int]
    party_members: int
    probationary: int
    developing: tuple[int, int, int]  # applicants, activists, candidates
    democratic: int
    certified: int  # holders of the counselling certificate
    grade_branches: bool  # a 党总支 with grade branches and groups, or a single 党支部


MAIN_TEACHERS = {
    "语文": 30,
    "数学": 30,
    "英语": 29,
    "物理": 18,
    "化学": 15,
    "生物": 14,
    "政治": 11,
    "历史": 11,
    "地理": 11,
    "体育": 12,
    "音乐": 4,
    "美术": 4,
    "信息技术": 5,
    "心理健康": 3,
}

SUPPORT_POSITIONS = (
    "会计",
    "出纳",
    "校医",
    "宿舍管理员",
    "食堂管理员",
    "电工",
    "保管员",
    "后勤干事",
    "图书管理员",
    "实验员",
)

MAIN_ADMIN = (
    AdminRole("党政办公室", "党政办公室主任", "语文", party=True, ages=(42, 54)),
    AdminRole("党政办公室", "党政办公室副主任", "历史", ages=(35, 48)),
    AdminRole("党政办公室", "党政办公室干事", None, count=3, scaled=True, ages=(26, 50)),
    AdminRole("教务处", "教务处主任", "数学", party=True, ages=(40, 52)),
    AdminRole("教务处", "教务处副主任", ("英语", "物理"), count=2, ages=(36, 50)),
    AdminRole("教务处", "教务员", None, count=2, scaled=True, ages=(26, 50)),
    AdminRole(
        "政教处",
        "政教处主任",
        "政治",
        party=True,
        skills=(STUDENT_WORK, HOMEROOM_SKILL, CERTIFICATE),
        ages=(40, 52),
    ),
    AdminRole("政教处", "政教处副主任", "体育", skills=(STUDENT_WORK,), ages=(34, 48)),
    AdminRole("政教处", "政教处干事", None, count=2, scaled=True, skills=(STUDENT_WORK,), ages=(28, 50)),
    AdminRole("总务处", "总务处主任", "化学", party=True, ages=(42, 55)),
    AdminRole("总务处", "总务处副主任", None, ages=(38, 52)),
    AdminRole("总务处", SUPPORT_POSITIONS, None, count=22, scaled=True, ages=(28, 57)),
    AdminRole("教科室", "教科室主任", "语文", party=True, skills=("教研组长经验",), ages=(40, 52)),
    AdminRole("教科室", "教科室干事", ("生物", "地理"), count=2, scaled=True, ages=(30, 45)),
    AdminRole(
        "心理辅导中心",
        "心理辅导中心主任",
        "心理健康",
        party=True,
        skills=(CERTIFICATE, "心理健康教育", STUDENT_WORK),
        ages=(36, 46),
    ),
    AdminRole(
        "心理辅导中心",
        "心理教师",
        "心理健康",
        count=2,
        scaled=True,
        skills=(CERTIFICATE, "心理健康教育"),
        ages=(27, 40),
    ),
    AdminRole("团委", "团委书记", "政治", party=True, skills=("团队工作", STUDENT_WORK), ages=(28, 32)),
    AdminRole("团委", "团委副书记", "音乐", skills=("团队工作",), ages=(24, 27)),
)

MAIN_LEADERS = (
    (LeaderPost.SECRETARY, "党总支书记", "政治"),
    (LeaderPost.PRINCIPAL, "校长", "数学"),
    (LeaderPost.DEPUTY_SECRETARY, "党总支副书记", "语文"),
    (LeaderPost.VICE_PRINCIPAL, "副校长", "物理"),
    (LeaderPost.VICE_PRINCIPAL, "副校长", "英语"),
    (LeaderPost.VICE_PRINCIPAL, "副校长", "化学"),
    (LeaderPost.UNION_CHAIR, "工会主席", "历史"),
)


def main_school_spec(classes_per_grade: int = BASE_CLASSES_PER_GRADE) -> SchoolSpec:
    f = classes_per_grade / BASE_CLASSES_PER_GRADE
    staff = len(MAIN_LEADERS) + sum(_role_count(r, f) for r in MAIN_ADMIN)
    staff += sum(_teacher_count(s, n, f) for s, n in MAIN_TEACHERS.items())
    return SchoolSpec(
        code=MAIN_CODE,
        name="示范县第一中学",
        short_name="示范一中",
        address="示范县城关镇红旗路 18 号",
        spirit=history.MAIN_SPIRIT,
        history=history.MAIN_HISTORY,
        classes_per_grade=classes_per_grade,
        class_size=48,
        factor=f,
        leaders=MAIN_LEADERS,
        admin=MAIN_ADMIN,
        teachers=MAIN_TEACHERS,
        party_members=round(staff * 0.4),
        probationary=max(1, round(6 * f)),
        developing=(max(1, round(3 * f)), max(1, round(3 * f)), max(1, round(2 * f))),
        democratic=max(1, round(4 * f)),
        certified=max(2, round(8 * f)),
        grade_branches=True,
    )


def second_school_spec() -> SchoolSpec:
    return SchoolSpec(
        code=SECOND_CODE,
        name="示范县第二中学",
        short_name="示范二中",
        address="示范县西溪镇学府路 2 号",
        spirit=history.SECOND_SPIRIT,
        history=history.SECOND_HISTORY,
        classes_per_grade=6,
        class_size=45,
        factor=1,
        leaders=(
            (LeaderPost.SECRETARY, "党支部书记", "政治"),
            (LeaderPost.PRINCIPAL, "校长", "数学"),
            (LeaderPost.VICE_PRINCIPAL, "副校长", "语文"),
        ),
        admin=(
            AdminRole("党政办公室", "党政办公室主任", "历史", party=True, ages=(40, 52)),
            AdminRole("教务处", "教务处主任", "英语", party=True, ages=(38, 52)),
            AdminRole("政教处", "政教处主任", "体育", skills=(STUDENT_WORK,), ages=(36, 50)),
            AdminRole("总务处", "总务处主任", None, ages=(40, 54)),
            AdminRole("总务处", "会计", None, ages=(30, 55)),
        ),
        teachers={
            "语文": 3,
            "数学": 3,
            "英语": 3,
            "物理": 3,
            "化学": 3,
            "生物": 3,
            "政治": 3,
            "历史": 3,
            "地理": 3,
            "体育": 2,
            "音乐": 1,
            "美术": 1,
            "信息技术": 1,
            "心理健康": 1,
        },
        party_members=15,
        probationary=1,
        developing=(1, 1, 0),
        democratic=1,
        certified=1,
        grade_branches=False,
    )


def _role_count(role: AdminRole, factor: float) -> int:
    return max(1, round(role.count * factor)) if role.scaled else role.count


def _teacher_count(subject: str, base: int, factor: float) -> int:
    return max(3 if subject in MAIN_SUBJECTS else 1, round(base * factor))


# --- the plan ----------------------------------------------------------------------------------


@dataclass
class Person:
    idx: int
    kind: str
    name: str
    gender: str
    subjects: list[str]
    department: str = ""
    position: str = ""
    leader_post: str = ""
    birth: dt.date = field(default_factory=lambda: timeline.now().snapshot)
    started: dt.date | None = None  # 参加工作时间
    hired_year: int = field(
        default_factory=lambda: timeline.now().first
    )  # first school year at this school within the demo years
    phase: int | None = None  # teachers: grade level in year y is (y + phase) % 3 + 1
    title: str = ""
    key_level: str = ""
    phone: str = ""
    skills: list[str] = field(default_factory=list)
    political_status: str = PoliticalStatus.MASSES
    joined_party_on: dt.date | None = None
    forced_party: bool = False
    staff_number: str = ""

    @property
    def age(self) -> int:
        return age_on(self.birth, timeline.now().snapshot)

    def level_in(self, year: int) -> int | None:
        if self.phase is None or year < self.hired_year:
            return None
        return (year + self.phase) % 3 + 1

    def add_skill(self, name: str):
        if name not in self.skills:
            self.skills.append(name)


@dataclass
class MemberPlan:
    person: int
    branch: str
    group: str | None
    status: str
    applied_on: dt.date | None = None
    activist_on: dt.date | None = None
    candidate_on: dt.date | None = None
    admitted_on: dt.date | None = None
    full_on: dt.date | None = None
    changes: list[tuple[str, dt.date, str]] = field(default_factory=list)


@dataclass
class OrgPlan:
    name: str
    kind: str
    parent: str | None
    order: int
    grade_level: int | None = None
    established_on: dt.date | None = None
    term: tuple[dt.date, dt.date] | None = None
    posts: list[tuple[int, str, dt.date, dt.date | None]] = field(default_factory=list)


@dataclass
class SchoolPlan:
    spec: SchoolSpec
    people: list[Person]
    grade_heads: dict[tuple[int, int], tuple[int, int]]  # (year, level) -> (head, deputy)
    homerooms: dict[tuple[int, int, int], int]  # (year, level, class number) -> person
    orgs: list[OrgPlan]
    members: list[MemberPlan]
    logins: dict[str, int]  # login name -> person
    students: list[tuple[str, str, str, bool, str, dt.date]]  # number, name, gender, league member, status, birth
    enrollments: list[tuple[int, int, int, int]]  # student, year, level, class number

    def person(self, login: str) -> Person:
        return self.people[self.logins[login]]


def _birth_for_age(rng: random.Random, age: int, on: dt.date | None = None) -> dt.date:
    """A birth date giving exactly ``age`` on ``on`` (default: the snapshot day; never 29 February)."""
    on = on or timeline.now().snapshot
    first = dt.date(on.year - age - 1, on.month, on.day) + dt.timedelta(days=1)
    day = first + dt.timedelta(days=rng.randint(0, 364))
    return day - dt.timedelta(days=1) if (day.month, day.day) == (2, 29) else day


def _shifted(term: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    return tuple(timeline.now().shift(day) for day in term)


def _plus_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _august(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, 8, 1) + dt.timedelta(days=rng.randint(0, 27))


def _day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    day = first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))
    return day - dt.timedelta(days=1) if (day.month, day.day) == (2, 29) else day


def _until_yesterday(day: dt.date) -> dt.date:
    """A day of the current school year's story that must not lie in the future."""
    return min(day, timeline.now().today - dt.timedelta(days=1))


def _weighted_sample(rng: random.Random, items: list, weights: list[float], k: int) -> list:
    """k items without replacement, each with probability proportional to its weight."""
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, w in enumerate(weights)), reverse=True)
    return [items[i] for _, i in keyed[: max(0, k)]]


def _working_age(rng: random.Random, low: int, high: int, gender: str) -> int:
    """An age in [low, high]; women in the demo are at most 54 (they retire at 55)."""
    age = rng.randint(low, high)
    return age - 6 if gender == Gender.FEMALE and age > 54 else age


def _gender(rng: random.Random, subject: str | None, kind: str) -> str:
    male_share = 0.45
    if kind == LEADER or subject in ("物理", "体育", "信息技术"):
        male_share = 0.7
    elif subject in ("语文", "英语", "音乐", "心理健康"):
        male_share = 0.3
    return Gender.MALE if rng.random() < male_share else Gender.FEMALE


def build_plan(spec: SchoolSpec) -> SchoolPlan:
    rng = random.Random(f"{SEED}:{spec.code}:{spec.classes_per_grade}:staff")
    names = NameMaker(random.Random(f"{SEED}:{spec.code}:staff-names"))
    people: list[Person] = []

    def add(kind, subject, **kwargs) -> Person:
        gender = _gender(rng, subject, kind)
        person = Person(
            idx=len(people),
            kind=kind,
            name=names.person(gender),
            gender=gender,
            subjects=[subject] if subject else [],
            **kwargs,
        )
        people.append(person)
        return person

    for post, position, subject in spec.leaders:
        person = add(LEADER, subject, leader_post=post, position=position, forced_party=True)
        person.birth = _birth_for_age(rng, _working_age(rng, 46, 56, person.gender))
    for role in spec.admin:
        for i in range(_role_count(role, spec.factor)):
            subject = role.subject[i % len(role.subject)] if isinstance(role.subject, tuple) else role.subject
            position = role.position[i % len(role.position)] if isinstance(role.position, tuple) else role.position
            person = add(
                ADMIN if subject else SUPPORT,
                subject,
                department=role.department,
                position=position,
                forced_party=role.party,
            )
            person.birth = _birth_for_age(rng, _working_age(rng, *role.ages, person.gender))
            person.skills.extend(role.skills)
    for subject, base in spec.teachers.items():
        for _ in range(_teacher_count(subject, base, spec.factor)):
            add(TEACHER, subject)
    teachers = [p for p in people if p.kind == TEACHER]

    # Ages: about 12 % of teachers joined in 2018-2022 straight from university, about 8 % more are
    # under 35 with some years behind them; the rest spread from 35 to 58 (54 for women).
    order = list(teachers)
    rng.shuffle(order)
    n_new, n_young = round(len(order) * 0.12), round(len(order) * 0.08)
    for i, person in enumerate(order):
        if i < n_new:
            person.hired_year = timeline.now().years[i % len(timeline.now().years)]
            person.birth = _birth_for_age(rng, rng.randint(22, 25), dt.date(person.hired_year, 9, 1))
            person.started = _august(rng, person.hired_year)
            continue
        if i < n_new + n_young:
            person.birth = _birth_for_age(rng, rng.randint(27, 34))
        else:
            bucket = rng.choices([(35, 39), (40, 44), (45, 49), (50, 54), (55, 58)], [25, 22, 25, 20, 8])[0]
            person.birth = _birth_for_age(rng, _working_age(rng, *bucket, person.gender))
    for person in people:
        if person.started is None:  # not a new teacher: started before the demo years where possible
            start = min(person.birth.year + rng.choice((22, 23, 23, 24)), timeline.now().first - 1)
            person.started = _august(rng, max(start, person.birth.year + 21))
            person.hired_year = max(timeline.now().first, person.started.year)

    # Teachers rotate with their cohort (高一 → 高二 → 高三 → 高一 …). Each subject's teachers are
    # spread evenly over the three phases; new teachers start in 高一.
    for subject in spec.teachers:
        load = [0, 0, 0]
        group = [p for p in teachers if p.subjects[0] == subject]
        for person in sorted(group, key=lambda p: (p.hired_year == timeline.now().first, p.idx)):
            if person.hired_year > timeline.now().first:
                person.phase = -person.hired_year % 3
            else:
                person.phase = min(range(3), key=lambda k: (load[k], rng.random()))
            load[person.phase] += 1

    # Grade head (a Party member) and deputy follow their cohort through the three years.
    heads: dict[int, tuple[Person, Person]] = {}
    for phase in range(3):
        pool = [p for p in teachers if p.phase == phase and p.hired_year == timeline.now().first]
        seniors = [p for p in pool if p.age >= 38 and p.subjects[0] in MAIN_SUBJECTS]
        head, deputy = rng.sample(seniors if len(seniors) >= 2 else pool, 2)
        head.forced_party = True
        heads[phase] = (head, deputy)
        current = (timeline.now().last + phase) % 3 + 1
        head.position = f"{LEVEL_NAMES[current]}年段长"
        deputy.position = f"{LEVEL_NAMES[current]}副段长"
        head.add_skill(STUDENT_WORK)
        deputy.add_skill(STUDENT_WORK)
    head_ids = {p.idx for pair in heads.values() for p in pair}
    grade_heads = {}
    for year in timeline.now().years:
        for phase, (head, deputy) in heads.items():
            grade_heads[(year, (year + phase) % 3 + 1)] = (head.idx, deputy.idx)

    # One 教研组长 per subject among its senior teachers.
    for subject in spec.teachers:
        seniors = [p for p in teachers if p.subjects[0] == subject and p.age >= 40 and p.idx not in head_ids]
        if seniors:
            lead = rng.choice(seniors)
            lead.position = f"{subject}教研组长"
            lead.add_skill("教研组长经验")

    _assign_politics(spec, rng, people)
    _assign_titles(rng, people)
    homerooms = _assign_homerooms(spec, rng, teachers, heads)
    _assign_skills(spec, rng, people, teachers, homerooms)

    for number, person in enumerate(sorted(people, key=lambda p: (p.started, p.birth, p.idx)), start=1):
        person.staff_number = f"T{number:04d}"
    phones = set()
    for person in people:
        while not person.phone or person.phone in phones:
            person.phone = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        phones.add(person.phone)

    orgs, members, logins = _plan_party(spec, rng, people, heads, homerooms)
    students, enrollments = _plan_students(spec)
    return SchoolPlan(
        spec=spec,
        people=people,
        grade_heads=grade_heads,
        homerooms=homerooms,
        orgs=orgs,
        members=members,
        logins=logins,
        students=students,
        enrollments=enrollments,
    )


def _assign_politics(spec: SchoolSpec, rng: random.Random, people: list[Person]):
    forced = [p for p in people if p.forced_party]
    others = [p for p in people if not p.forced_party]
    young = [p for p in others if p.age < 35 and p.kind != SUPPORT and p.hired_year <= timeline.now().last - 3]
    probationary = rng.sample(young, min(spec.probationary, len(young)))
    chosen = {p.idx for p in probationary}
    rest = [p for p in others if p.idx not in chosen]
    weights = [(0.15 if p.age < 30 else 0.35 if p.age < 40 else 0.6) * (0.4 if p.kind == SUPPORT else 1) for p in rest]
    full = forced + _weighted_sample(rng, rest, weights, spec.party_members - len(forced) - len(probationary))
    chosen |= {p.idx for p in full}
    for person in full:
        person.political_status = PoliticalStatus.PARTY_MEMBER
        lower = _plus_years(person.birth, 19)
        upper = min(dt.date(timeline.now().last - 1, 6, 30), _plus_years(person.birth, rng.choice((24, 28, 35, 45))))
        person.joined_party_on = (
            dt.date(rng.randint(lower.year + 1, max(lower.year + 1, upper.year)), 7, 1)
            if rng.random() < 0.4
            else _day_between(rng, lower, max(lower, upper))
        )
        person.joined_party_on = min(person.joined_party_on, dt.date(timeline.now().last - 1, 6, 30))
    for person in probationary:
        person.political_status = PoliticalStatus.PROBATIONARY
        tl = timeline.now()
        person.joined_party_on = _until_yesterday(_day_between(rng, dt.date(tl.last, 6, 20), dt.date(tl.last, 12, 20)))
    older = [p for p in people if p.idx not in chosen and p.age >= 40]
    for person in rng.sample(older, min(spec.democratic, len(older))):
        person.political_status = PoliticalStatus.DEMOCRATIC_PARTY
        chosen.add(person.idx)
    for person in people:
        if person.idx not in chosen and person.age <= 28 and rng.random() < 0.75:
            person.political_status = PoliticalStatus.LEAGUE


def _assign_titles(rng: random.Random, people: list[Person]):
    senior_plus = 0
    for person in people:
        if person.kind == SUPPORT:
            continue
        years = timeline.now().last - person.started.year
        r = rng.random()
        if years <= 0:
            person.title = ""
        elif years < 5:
            person.title = ProfessionalTitle.SECOND
        elif years < 10:
            person.title = ProfessionalTitle.FIRST if r < 0.6 else ProfessionalTitle.SECOND
        elif years < 18:
            person.title = ProfessionalTitle.SENIOR if r < 0.3 else ProfessionalTitle.FIRST
        elif r < 0.04 and senior_plus < 3:
            person.title = ProfessionalTitle.SENIOR_PLUS
            senior_plus += 1
        else:
            person.title = ProfessionalTitle.SENIOR if r < 0.75 or person.kind == LEADER else ProfessionalTitle.FIRST
        if years >= 8:
            k = rng.random()
            if k < 0.03:
                person.key_level = KeyTeacherLevel.PROVINCE
            elif k < 0.10:
                person.key_level = KeyTeacherLevel.CITY
            elif k < 0.25:
                person.key_level = KeyTeacherLevel.COUNTY


def _assign_homerooms(spec, rng, teachers: list[Person], heads) -> dict[tuple[int, int, int], int]:
    """A 班主任 for every class every year; a homeroom teacher keeps their class as it moves up."""
    homerooms: dict[tuple[int, int, int], int] = {}
    previous: dict[tuple[int, int], Person] = {}  # (phase, class number) -> last year's homeroom teacher
    for year in timeline.now().years:
        used: set[int] = set()
        for level in (1, 2, 3):
            phase = (level - 1 - year) % 3
            pool = [p for p in teachers if p.phase == phase and p.hired_year <= year]
            head, deputy = heads[phase]
            leads = {head.idx, deputy.idx}
            preferred = [p for p in pool if p.subjects[0] in MAIN_SUBJECTS and p.idx not in leads]
            rng.shuffle(preferred)
            fallback = [p for p in pool if p.subjects[0] not in MAIN_SUBJECTS and p.idx not in leads]
            candidates = preferred + fallback + [deputy, head] + [p for p in teachers if p.hired_year <= year]
            eligible = {p.idx for p in pool} - leads
            for number in range(1, spec.classes_per_grade + 1):
                keep = previous.get((phase, number))
                if keep is not None and keep.idx in eligible and keep.idx not in used:
                    chosen = keep
                else:
                    chosen = next(p for p in candidates if p.idx not in used)
                used.add(chosen.idx)
                previous[(phase, number)] = chosen
                homerooms[(year, level, number)] = chosen.idx
    return homerooms


def _assign_skills(spec, rng, people: list[Person], teachers: list[Person], homerooms):
    years_as_homeroom = defaultdict(int)
    for idx in homerooms.values():
        years_as_homeroom[idx] += 1
    experienced = [p for p in people if years_as_homeroom[p.idx] >= 2 or (p.kind == TEACHER and p.age >= 40)]
    for person in experienced:
        if years_as_homeroom[person.idx] >= 2 or rng.random() < 0.3:
            person.add_skill(HOMEROOM_SKILL)
    with_homeroom = [p for p in teachers if HOMEROOM_SKILL in p.skills]
    for person in with_homeroom:
        if rng.random() < 0.1:
            person.add_skill(STUDENT_WORK)
    for person in rng.sample(with_homeroom, min(len(with_homeroom), max(1, round(5 * spec.factor)))):
        person.add_skill("家庭教育指导")
    certified = [p for p in people if CERTIFICATE in p.skills]
    for person in teachers:
        if person.subjects[0] == "心理健康" and len(certified) < spec.certified:
            person.add_skill(CERTIFICATE)
            person.add_skill("心理健康教育")
            certified.append(person)
    others = [p for p in with_homeroom if CERTIFICATE not in p.skills]
    for person in rng.sample(others, min(len(others), max(0, spec.certified - len(certified)))):
        person.add_skill(CERTIFICATE)
    for person in people:
        person.skills.sort(key=SKILL_NAMES.index)


def _plan_party(spec, rng, people: list[Person], heads, homerooms):
    """Organization tree, posts and member records as of the latest school year."""
    members_of = [p for p in people if p.political_status in PARTY_STATUSES]
    by_post = {p.leader_post: p for p in people if p.leader_post}
    by_position = {p.position: p for p in people if p.position}
    orgs: list[OrgPlan] = []
    branch_of: dict[int, tuple[str, str | None]] = {}
    if spec.grade_branches:
        general = f"{spec.name}党总支"
        orgs.append(
            OrgPlan(
                general,
                OrgKind.GENERAL_BRANCH,
                None,
                0,
                established_on=dt.date(2008, 6, 1),
                term=_shifted(GENERAL_BRANCH_TERM),
            )
        )
        for level, level_name in LEVEL_NAMES.items():
            orgs.append(
                OrgPlan(
                    f"{level_name}年段党支部",
                    OrgKind.BRANCH,
                    general,
                    level,
                    established_on=dt.date(timeline.now().first, 9, 1),
                    term=_shifted(GENERAL_BRANCH_TERM),
                )
            )
            orgs.append(
                OrgPlan(
                    f"{level_name}年段党小组",
                    OrgKind.GROUP,
                    f"{level_name}年段党支部",
                    level,
                    grade_level=level,
                    established_on=dt.date(timeline.now().first, 9, 1),
                )
            )
        orgs.append(
            OrgPlan(
                "行政后勤党支部",
                OrgKind.BRANCH,
                general,
                4,
                established_on=dt.date(2008, 6, 1),
                term=_shifted(OVERDUE_BRANCH_TERM),
            )
        )
        for person in people:
            level = person.level_in(timeline.now().last)
            branch_of[person.idx] = (
                (f"{LEVEL_NAMES[level]}年段党支部", f"{LEVEL_NAMES[level]}年段党小组")
                if level
                else ("行政后勤党支部", None)
            )
    else:
        single = f"{spec.name}党支部"
        orgs.append(
            OrgPlan(
                single, OrgKind.BRANCH, None, 0, established_on=dt.date(2012, 3, 1), term=_shifted(SECOND_BRANCH_TERM)
            )
        )
        branch_of = {p.idx: (single, None) for p in people}
    org_by_name = {o.name: o for o in orgs}
    taken: set[int] = set()

    def post(org: OrgPlan, person: Person, kind: str, started: dt.date, ended: dt.date | None = None):
        org.posts.append((person.idx, kind, started, ended))
        taken.add(person.idx)

    head_ids = {p.idx for pair in heads.values() for p in pair}
    full_in = defaultdict(list)
    for person in members_of:
        if person.political_status == PoliticalStatus.PARTY_MEMBER:
            full_in[branch_of[person.idx][0]].append(person)

    def committee(org: OrgPlan, secretary: Person | None):
        started = timeline.now().shift(POSTS_SINCE)
        pool = [p for p in full_in[org.name] if p.idx not in taken and p.idx not in head_ids and not p.leader_post]
        if secretary is None:
            seniors = sorted(pool, key=lambda p: (-KEY_RANK[p.key_level], p.birth, p.idx))
            secretary = seniors[0] if seniors else None
        if secretary is None:
            return
        post(org, secretary, Post.SECRETARY, started)
        pool = [p for p in pool if p.idx not in taken]
        if len(full_in[org.name]) >= 7 and len(pool) >= 2:
            for kind, person in zip((Post.ORGANIZATION, Post.PROPAGANDA), rng.sample(pool, 2), strict=True):
                post(org, person, kind, started)

    if spec.grade_branches:
        general = orgs[0]
        start = timeline.now().shift(POSTS_SINCE)
        post(general, by_post[LeaderPost.SECRETARY], Post.SECRETARY, start)
        post(general, by_post[LeaderPost.DEPUTY_SECRETARY], Post.DEPUTY_SECRETARY, start)
        post(general, by_position["党政办公室主任"], Post.ORGANIZATION, start)
        post(
            general,
            next(p for p in people if p.leader_post == LeaderPost.VICE_PRINCIPAL),
            Post.PROPAGANDA,
            start,
        )
        post(general, by_post[LeaderPost.UNION_CHAIR], Post.DISCIPLINE, start)
        for level, level_name in LEVEL_NAMES.items():
            committee(org_by_name[f"{level_name}年段党支部"], None)
            group = org_by_name[f"{level_name}年段党小组"]
            for year in timeline.now().years:
                phase = (level - 1 - year) % 3
                ended = None if year == timeline.now().last else dt.date(year + 1, 8, 31)
                group.posts.append((heads[phase][0].idx, Post.GROUP_LEADER, dt.date(year, 9, 1), ended))
        vice = [p for p in people if p.leader_post == LeaderPost.VICE_PRINCIPAL]
        committee(org_by_name["行政后勤党支部"], vice[1] if len(vice) > 1 else None)
    else:
        committee(orgs[0], by_post[LeaderPost.SECRETARY])

    members = [_member_record(rng, p, *branch_of[p.idx]) for p in members_of]
    non_members = [
        p
        for p in people
        if p.political_status in (PoliticalStatus.LEAGUE, PoliticalStatus.MASSES) and p.age < 35 and p.kind != SUPPORT
    ]
    # People in development applied while working here: candidates since 2019-2020, activists since 2021-2022.
    stages = zip(
        (MemberStatus.CANDIDATE, MemberStatus.ACTIVIST, MemberStatus.APPLICANT),
        reversed(spec.developing),
        (timeline.now().last - 3, timeline.now().last - 1, timeline.now().last),
        strict=True,
    )
    for stage, count, hired_by in stages:
        pool = [p for p in non_members if p.hired_year <= hired_by]
        for person in rng.sample(pool, min(count, len(pool))):
            members.append(_developing_record(rng, person, stage, *branch_of[person.idx]))
            non_members.remove(person)

    logins = {"secretary": by_post[LeaderPost.SECRETARY].idx}
    if spec.grade_branches:
        first_branch = org_by_name["高一年段党支部"]
        logins["branch"] = next(idx for idx, kind, *_ in first_branch.posts if kind == Post.SECRETARY)
        logins["jiaowu"] = by_position["教务处主任"].idx
        logins["counsellor"] = by_position["心理辅导中心主任"].idx
        homeroom_now = {idx for (year, _, _), idx in homerooms.items() if year == timeline.now().last}
        # An ordinary Party-member teacher: no post, preferably a 高一 homeroom teacher.
        full = sorted(
            (p for p in members_of if p.political_status == PoliticalStatus.PARTY_MEMBER and p.kind == TEACHER),
            key=lambda p: p.staff_number,
        )
        ordinary = [p for p in full if p.idx not in taken and p.idx not in head_ids and not p.position]
        first_grade = [p for p in ordinary if branch_of[p.idx][0] == "高一年段党支部"]
        with_class = [p for p in first_grade if p.idx in homeroom_now]
        logins["teacher"] = (with_class or first_grade or ordinary or full)[0].idx
    return orgs, members, logins


KEY_RANK = {"": 0, KeyTeacherLevel.COUNTY: 1, KeyTeacherLevel.CITY: 2, KeyTeacherLevel.PROVINCE: 3}

NOTES = {
    MemberStatus.APPLICANT: "向党组织递交入党申请书",
    MemberStatus.ACTIVIST: "经支部委员会研究，确定为入党积极分子",
    MemberStatus.CANDIDATE: "经支部委员会研究并报上级党组织备案，确定为发展对象",
    MemberStatus.PROBATIONARY: "支部大会讨论通过，上级党组织批准，接收为预备党员",
    MemberStatus.FULL: "预备期满，支部大会讨论通过，按期转为正式党员",
}


def _history_before(rng: random.Random, admitted: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    candidate = admitted - dt.timedelta(days=rng.randint(60, 150))
    activist = candidate - dt.timedelta(days=rng.randint(380, 520))
    applied = activist - dt.timedelta(days=rng.randint(45, 200))
    return applied, activist, candidate


def _member_record(rng, person: Person, branch: str, group: str | None) -> MemberPlan:
    admitted = person.joined_party_on
    full = person.political_status == PoliticalStatus.PARTY_MEMBER
    record = MemberPlan(
        person=person.idx,
        branch=branch,
        group=group,
        status=MemberStatus.FULL if full else MemberStatus.PROBATIONARY,
        admitted_on=admitted,
        full_on=_plus_years(admitted, 1) if full else None,
    )
    if admitted.year >= 2016 or not full:
        # Recent members: the whole path from the application, as the 细则 requires.
        applied, activist, candidate = _history_before(rng, admitted)
        adult = _plus_years(person.birth, 18)  # 递交入党申请时须年满 18 周岁 (the member form's rule)
        if applied < adult:
            applied, activist = adult, max(activist, adult + dt.timedelta(days=1))
        record.applied_on, record.activist_on, record.candidate_on = applied, activist, candidate
        record.changes += [
            (MemberStatus.APPLICANT, record.applied_on, NOTES[MemberStatus.APPLICANT]),
            (MemberStatus.ACTIVIST, record.activist_on, NOTES[MemberStatus.ACTIVIST]),
            (MemberStatus.CANDIDATE, record.candidate_on, NOTES[MemberStatus.CANDIDATE]),
        ]
    record.changes.append((MemberStatus.PROBATIONARY, admitted, NOTES[MemberStatus.PROBATIONARY]))
    if full:
        record.changes.append((MemberStatus.FULL, record.full_on, NOTES[MemberStatus.FULL]))
    return record


def _developing_record(rng, person: Person, stage: str, branch: str, group: str | None) -> MemberPlan:
    record = MemberPlan(person=person.idx, branch=branch, group=group, status=stage)
    if stage == MemberStatus.APPLICANT:
        tl = timeline.now()
        record.applied_on = _until_yesterday(_day_between(rng, dt.date(tl.last, 9, 10), dt.date(tl.last, 12, 20)))
    elif stage == MemberStatus.ACTIVIST:
        record.applied_on = _day_between(
            rng, dt.date(timeline.now().last - 1, 9, 1), dt.date(timeline.now().last, 3, 31)
        )
        record.activist_on = record.applied_on + dt.timedelta(days=rng.randint(90, 180))
    else:
        record.applied_on = _day_between(
            rng, dt.date(timeline.now().last - 3, 9, 1), dt.date(timeline.now().last - 2, 6, 30)
        )
        record.activist_on = record.applied_on + dt.timedelta(days=rng.randint(90, 180))
        record.candidate_on = record.activist_on + dt.timedelta(days=rng.randint(400, 520))
    for status, day in (
        (MemberStatus.APPLICANT, record.applied_on),
        (MemberStatus.ACTIVIST, record.activist_on),
        (MemberStatus.CANDIDATE, record.candidate_on),
    ):
        if day:
            record.changes.append((status, day, NOTES[status]))
    return record


def _birth_date(rng: random.Random, entry: int) -> dt.date:
    """A student entering 高一 in September of ``entry`` was born in the school year 16 years before (15 on
    entering, 18 during 高三); one in twenty started school a year later."""
    born = dt.date(entry - 16, 9, 1) + dt.timedelta(days=rng.randint(0, 364))
    return born - dt.timedelta(days=365) if rng.random() < 0.05 else born


def _plan_students(spec: SchoolSpec):
    """Cohorts entering 2016-2022: each class keeps its number as it moves up; the cohorts that
    finished 高三 by the latest year have graduated."""
    rng = random.Random(f"{SEED}:{spec.code}:{spec.classes_per_grade}:students")
    births = random.Random(f"{SEED}:{spec.code}:student-births")  # its own draws: the rest stays as it was
    names = NameMaker(random.Random(f"{SEED}:{spec.code}:student-names"))
    width = 2 if spec.classes_per_grade < 100 else 3
    league_share = {1: 0.35, 2: 0.40, 3: 0.45}
    students, enrollments = [], []
    for entry in range(timeline.now().first - 2, timeline.now().last + 1):
        last_level = min(entry + 2, timeline.now().last) - entry + 1
        status = StudentStatus.GRADUATED if entry + 2 < timeline.now().last else StudentStatus.ENROLLED
        for number in range(1, spec.classes_per_grade + 1):
            size = spec.class_size + rng.randint(-2, 2)
            for seat in range(1, size + 1):
                gender = Gender.MALE if rng.random() < 0.51 else Gender.FEMALE
                league = rng.random() < league_share[last_level]
                index = len(students)
                students.append(
                    (
                        f"{entry}01{number:0{width}d}{seat:02d}",
                        names.person(gender, student=True),
                        gender,
                        league,
                        status,
                        _birth_date(births, entry),
                    )
                )
                for year in range(max(entry, timeline.now().first), min(entry + 2, timeline.now().last) + 1):
                    enrollments.append((index, year, year - entry + 1, number))
    return students, enrollments


# --- writing -----------------------------------------------------------------------------------


def class_combination(year: int, level: int, number: int, classes_per_grade: int) -> str:
    """The demo class's combination in the school year starting ``year``: none in 高一; from 高二, its
    cohort's list spread over the class numbers."""
    if level == 1:
        return ""
    choices = COMBINATIONS if year - level + 1 >= REFORM_COHORT else BEFORE_REFORM
    return choices[(number - 1) * len(choices) // max(classes_per_grade, number)]


def ensure_calendar() -> dict[int, SchoolYear]:
    years = {}
    for start in timeline.now().years:
        year, _ = SchoolYear.objects.get_or_create(
            start_year=start,
            defaults={"starts_on": dt.date(start, 9, 1), "ends_on": dt.date(start + 1, 8, 31)},
        )
        years[start] = year
        for term, starts_on, ends_on in (
            (Term.FIRST, dt.date(start, 9, 1), dt.date(start + 1, 1, 31)),
            (Term.SECOND, dt.date(start + 1, 2, 1), dt.date(start + 1, 7, 15)),
        ):
            Semester.objects.get_or_create(
                school_year=year, term=term, defaults={"starts_on": starts_on, "ends_on": ends_on}
            )
    return years


def ensure_skills() -> dict[str, int]:
    existing = dict(Skill.objects.filter(name__in=SKILL_NAMES).values_list("name", "pk"))
    missing = [Skill(name=n) for n in SKILL_NAMES if n not in existing]
    if missing:
        Skill.objects.bulk_create(missing)
        existing = dict(Skill.objects.filter(name__in=SKILL_NAMES).values_list("name", "pk"))
    return existing


def write_plan(plan: SchoolPlan, county: County, years: dict[int, SchoolYear], skills: dict[str, int]) -> School:
    spec = plan.spec
    school = School.objects.create(
        county=county,
        code=spec.code,
        name=spec.name,
        short_name=spec.short_name,
        address=spec.address,
        spirit=spec.spirit,
        history=spec.history,
    )
    Department.objects.bulk_create([Department(school=school, name=n) for n in DEPARTMENTS])
    departments = dict(Department.objects.filter(school=school).values_list("name", "pk"))
    Subject.objects.bulk_create([Subject(school=school, name=n, order=i) for i, n in enumerate(SUBJECTS, 1)])
    subjects = dict(Subject.objects.filter(school=school).values_list("name", "pk"))

    Staff.objects.bulk_create(
        [
            Staff(
                school=school,
                staff_number=p.staff_number,
                name=p.name,
                gender=p.gender,
                birth_date=p.birth,
                started_teaching_on=p.started,
                political_status=p.political_status,
                joined_party_on=p.joined_party_on,
                department_id=departments.get(p.department),
                leader_post=p.leader_post,
                position=p.position,
                title=p.title,
                key_teacher_level=p.key_level,
                phone=p.phone,
            )
            for p in plan.people
        ]
    )
    by_number = dict(Staff.objects.filter(school=school).values_list("staff_number", "pk"))
    staff_id = [by_number[p.staff_number] for p in plan.people]
    Staff.subjects.through.objects.bulk_create(
        [
            Staff.subjects.through(staff_id=staff_id[p.idx], subject_id=subjects[s])
            for p in plan.people
            for s in p.subjects
        ]
    )
    Staff.skills.through.objects.bulk_create(
        [Staff.skills.through(staff_id=staff_id[p.idx], skill_id=skills[s]) for p in plan.people for s in p.skills]
    )

    Grade.objects.bulk_create(
        [
            Grade(
                school=school,
                school_year=years[year],
                level=level,
                head_id=staff_id[head],
                deputy_id=staff_id[deputy],
            )
            for (year, level), (head, deputy) in sorted(plan.grade_heads.items())
        ]
    )
    grades = {
        (y, lv): pk
        for y, lv, pk in Grade.objects.filter(school=school).values_list("school_year__start_year", "level", "pk")
    }
    StaffYear.objects.bulk_create(
        [
            StaffYear(
                staff_id=staff_id[p.idx],
                school_year=years[year],
                grade_id=grades.get((year, p.level_in(year))),
            )
            for p in plan.people
            for year in timeline.now().years
            if year >= p.hired_year
        ]
    )
    SchoolClass.objects.bulk_create(
        [
            SchoolClass(
                grade_id=grades[(year, level)],
                number=number,
                homeroom_teacher_id=staff_id[idx],
                combination=class_combination(year, level, number, plan.spec.classes_per_grade),
            )
            for (year, level, number), idx in sorted(plan.homerooms.items())
        ]
    )
    classes = {
        (y, lv, n): pk
        for y, lv, n, pk in SchoolClass.objects.filter(grade__school=school).values_list(
            "grade__school_year__start_year", "grade__level", "number", "pk"
        )
    }
    Student.objects.bulk_create(
        [
            Student(
                school=school,
                student_number=number,
                name=name,
                gender=gender,
                birth_date=birth,
                is_league_member=league,
                status=status,
            )
            for number, name, gender, league, status, birth in plan.students
        ],
        batch_size=2000,
    )
    by_student_number = dict(Student.objects.filter(school=school).values_list("student_number", "pk"))
    student_id = [by_student_number[s[0]] for s in plan.students]
    Enrollment.objects.bulk_create(
        [
            Enrollment(student_id=student_id[i], school_year=years[year], school_class_id=classes[(year, level, n)])
            for i, year, level, n in plan.enrollments
        ],
        batch_size=2000,
    )

    orgs: dict[str, Organization] = {}
    for org in plan.orgs:
        orgs[org.name] = Organization.objects.create(
            school=school,
            parent=orgs.get(org.parent),
            kind=org.kind,
            name=org.name,
            grade_level=org.grade_level,
            established_on=org.established_on,
            term_starts_on=org.term and org.term[0],
            term_ends_on=org.term and org.term[1],
            order=org.order,
        )
    OrganizationPost.objects.bulk_create(
        [
            OrganizationPost(
                organization=orgs[org.name], staff_id=staff_id[idx], post=kind, started_on=start, ended_on=end
            )
            for org in plan.orgs
            for idx, kind, start, end in org.posts
        ]
    )
    PartyMember.objects.bulk_create(
        [
            PartyMember(
                staff_id=staff_id[m.person],
                branch=orgs[m.branch],
                group=orgs.get(m.group),
                status=m.status,
                applied_on=m.applied_on,
                activist_on=m.activist_on,
                candidate_on=m.candidate_on,
                admitted_on=m.admitted_on,
                full_on=m.full_on,
            )
            for m in plan.members
        ]
    )
    member_id = dict(PartyMember.objects.filter(branch__school=school).values_list("staff_id", "pk"))
    MemberStatusChange.objects.bulk_create(
        [
            MemberStatusChange(member_id=member_id[staff_id[m.person]], status=status, changed_on=day, note=note)
            for m in plan.members
            for status, day, note in m.changes
        ]
    )
    return school


# --- logins ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    name: str
    created: bool


LOGIN_ORDER = ("admin", "secretary", "branch", "jiaowu", "counsellor", "teacher", "county")
LOGIN_ROLES = {
    "admin": "系统管理员（超级用户）",
    "secretary": Role.SECRETARY.label,
    "branch": f"{Role.BRANCH_SECRETARY.label}（高一年段党支部）",
    "jiaowu": Role.ACADEMIC_AFFAIRS.label,
    "counsellor": Role.COUNSELLING.label,
    "teacher": "普通教师（党员，无授权）",
    "county": Role.COUNTY.label,
}


def ensure_logins(county: County, school: School, plan: SchoolPlan) -> list[Login]:
    """Create the demo logins that are missing (password set once, when created) and their grants."""
    numbers = {login: plan.person(login).staff_number for login in plan.logins}
    staff = {s.staff_number: s for s in Staff.objects.filter(school=school, staff_number__in=numbers.values())}
    branch = Organization.objects.filter(school=school, name="高一年段党支部").first()
    rows, encoded = [], None
    for username in LOGIN_ORDER:
        person = staff.get(numbers.get(username, ""))
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username, is_staff=username == "admin", is_superuser=username == "admin")
            if person is not None:
                user.last_name, user.first_name = person.name[:1], person.name[1:]
            else:
                user.first_name = "系统管理员" if username == "admin" else "县教育工委"
            # The password is published and shared: hash it once (Argon2 takes ~0.4 s) for all demo users.
            encoded = encoded or make_password(DEMO_PASSWORD)
            user.password = encoded
            user.save()
            if person is not None and person.user_id is None:
                person.user = user
                person.save(update_fields=["user"])
        grant = {
            "secretary": {"role": Role.SECRETARY, "school": school},
            "branch": {"role": Role.BRANCH_SECRETARY, "school": school, "organization": branch},
            "jiaowu": {"role": Role.ACADEMIC_AFFAIRS, "school": school},
            "counsellor": {"role": Role.COUNSELLING, "school": school},
            "county": {"role": Role.COUNTY, "county": county},
        }.get(username)
        if grant and (username != "branch" or branch is not None):
            RoleGrant.objects.get_or_create(user=user, **grant)
        rows.append(Login(username, LOGIN_ROLES[username], user.get_full_name(), created))
    return rows


# --- the whole run -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolSummary:
    name: str
    code: str
    created: bool
    staff: int
    party_members: int
    students: int
    classes: int


@dataclass(frozen=True)
class SeedResult:
    schools: list[SchoolSummary]
    logins: list[Login]
    current_year: str


def seed(*, scale: int = 1, classes_per_grade: int | None = None, log=lambda message: None) -> SeedResult:
    specs = [main_school_spec(classes_per_grade or BASE_CLASSES_PER_GRADE * scale), second_school_spec()]
    with transaction.atomic():
        county, _ = County.objects.get_or_create(code=COUNTY_CODE, defaults={"name": COUNTY_NAME})
        years = ensure_calendar()
        skills = ensure_skills()
        plans, created = {}, {}
        for spec in specs:
            plans[spec.code] = build_plan(spec)
            school = School.objects.filter(code=spec.code).first()
            created[spec.code] = school is None
            if school is None:
                log(f"正在生成 {spec.name}（{spec.code}）……")
                write_plan(plans[spec.code], county, years, skills)
            else:
                log(f"{school.name}（{spec.code}）已存在，跳过。")
        main = School.objects.get(code=MAIN_CODE)
        logins = ensure_logins(county, main, plans[MAIN_CODE])
        if connection.vendor == "postgresql":
            # The rows above are still uncommitted, so autovacuum has no statistics on them yet; without
            # them the planner may nested-loop over thousands of enrollments in the module seeders.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        for path in MODULE_SEEDERS:
            module_seed = import_string(path)
            for school in School.objects.filter(code__in=[spec.code for spec in specs]).order_by("code"):
                module_seed(school=school, years=years, log=log)
    return SeedResult(
        schools=_summaries(specs, created),
        logins=logins,
        current_year=f"{timeline.now().last}-{timeline.now().last + 1}",
    )


def _summaries(specs, created) -> list[SchoolSummary]:
    codes = [s.code for s in specs]
    schools = School.objects.filter(code__in=codes)
    staff = dict(
        Staff.objects.filter(school__code__in=codes, is_active=True)
        .values("school__code")
        .annotate(n=Count("pk"))
        .values_list("school__code", "n")
    )
    students = dict(
        Student.objects.filter(school__code__in=codes, status=StudentStatus.ENROLLED)
        .values("school__code")
        .annotate(n=Count("pk"))
        .values_list("school__code", "n")
    )
    members = dict(
        PartyMember.objects.filter(
            branch__school__code__in=[s.code for s in specs],
            status__in=(MemberStatus.FULL, MemberStatus.PROBATIONARY),
        )
        .values("branch__school__code")
        .annotate(n=Count("pk"))
        .values_list("branch__school__code", "n")
    )
    classes = dict(
        SchoolClass.objects.filter(
            grade__school__code__in=[s.code for s in specs], grade__school_year__start_year=timeline.now().last
        )
        .values("grade__school__code")
        .annotate(n=Count("pk"))
        .values_list("grade__school__code", "n")
    )
    by_code = {s.code: s for s in schools}
    return [
        SchoolSummary(
            name=by_code[spec.code].name,
            code=spec.code,
            created=created[spec.code],
            staff=staff.get(spec.code, 0),
            party_members=members.get(spec.code, 0),
            students=students.get(spec.code, 0),
            classes=classes.get(spec.code, 0),
        )
        for spec in specs
        if spec.code in by_code
    ]
