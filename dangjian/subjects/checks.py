"""Rules of 抓好一个学科 as plain functions over dataclasses (no database): who may be linked, the
warnings on a year's links, the per-semester tallies and who is behind the semester minimum.
The overview page, the API and reports show the same findings."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

LEADER_OR_KEY_TITLES = ("senior", "senior_plus")
PARTY_STATUSES = ("party", "probationary")
DEMO_LESSON = "demo_lesson"


@dataclass(frozen=True)
class Finding:
    level: str  # "danger" or "warning"
    message: str


# Who may be linked ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CadreFacts:
    leader_post: str
    political_status: str
    key_teacher_level: str
    title: str


def is_eligible_cadre(facts: CadreFacts) -> bool:
    """A school leader (any 校级职务), or a key Party teacher: a Party member (full or probationary)
    who is a 骨干教师 or holds a senior title."""
    if facts.leader_post:
        return True
    key = bool(facts.key_teacher_level) or facts.title in LEADER_OR_KEY_TITLES
    return facts.political_status in PARTY_STATUSES and key


# Warnings on a year's links --------------------------------------------------------------------


@dataclass(frozen=True)
class LinkFacts:
    cadre_id: int
    cadre_name: str
    subject_id: int
    subject_name: str


def link_findings(subjects: Sequence[tuple[int, str]], links: Iterable[LinkFacts]) -> list[Finding]:
    """A subject with no linked cadre, and a cadre linked to more than one subject."""
    links = list(links)
    covered = {link.subject_id for link in links}
    findings = [Finding("danger", f"{name}：没有挂钩干部") for pk, name in subjects if pk not in covered]
    by_cadre: dict[int, list[LinkFacts]] = defaultdict(list)
    for link in links:
        by_cadre[link.cadre_id].append(link)
    for cadre_links in by_cadre.values():
        if len(cadre_links) > 1:
            names = "、".join(sorted({link.subject_name for link in cadre_links}))
            findings.append(
                Finding(
                    "warning", f"{cadre_links[0].cadre_name} 挂钩了 {len(cadre_links)} 个学科（{names}），应只挂钩一个"
                )
            )
    return findings


# Tallies per semester --------------------------------------------------------------------------


@dataclass(frozen=True)
class TermWindow:
    term: int
    starts_on: dt.date
    ends_on: dt.date


def term_of(day: dt.date, terms: Iterable[TermWindow]) -> int | None:
    """The semester (1 or 2) containing ``day``, or None (holidays)."""
    for window in terms:
        if window.starts_on <= day <= window.ends_on:
            return window.term
    return None


@dataclass
class Tally:
    activities: int = 0
    demo_lessons: int = 0

    def add(self, kind: str) -> None:
        self.activities += 1
        if kind == DEMO_LESSON:
            self.demo_lessons += 1


@dataclass
class YearTally:
    terms: dict[int, Tally] = field(default_factory=lambda: {1: Tally(), 2: Tally()})
    total: Tally = field(default_factory=Tally)
    by_kind: dict[str, int] = field(default_factory=dict)

    def term(self, term: int) -> Tally:
        return self.terms.setdefault(term, Tally())

    @property
    def first(self) -> Tally:
        return self.term(1)

    @property
    def second(self) -> Tally:
        return self.term(2)


@dataclass(frozen=True)
class ActivityFact:
    key: int  # a cadre id or a subject id, whichever is tallied
    kind: str
    date: dt.date


def tally(facts: Iterable[ActivityFact], terms: Sequence[TermWindow]) -> dict[int, YearTally]:
    """Activities and demonstration lessons per key, per semester and in the whole year."""
    out: dict[int, YearTally] = defaultdict(YearTally)
    for fact in facts:
        year = out[fact.key]
        year.total.add(fact.kind)
        year.by_kind[fact.kind] = year.by_kind.get(fact.kind, 0) + 1
        term = term_of(fact.date, terms)
        if term is not None:
            year.term(term).add(fact.kind)
    return out


# Who is behind --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Minimum:
    activities: int = 2
    demo_lessons: int = 1


@dataclass(frozen=True)
class BehindRow:
    cadre_id: int
    cadre_name: str
    subject_names: str
    term: int
    activities: int
    demo_lessons: int
    level: str  # "danger" when the semester has ended, "warning" while it runs
    message: str


def behind(
    cadres: Sequence[tuple[int, str, str]],
    tallies: dict[int, YearTally],
    minimum: Minimum,
    terms: Sequence[TermWindow],
    today: dt.date,
) -> list[BehindRow]:
    """Linked cadres (id, name, subjects) below the semester minimum in every semester that has begun."""
    rows = []
    for window in sorted(terms, key=lambda w: w.term):
        if window.starts_on > today:
            continue
        ended = window.ends_on < today
        for cadre_id, name, subject_names in cadres:
            counts = tallies[cadre_id].term(window.term) if cadre_id in tallies else Tally()
            missing = []
            if counts.activities < minimum.activities:
                missing.append(f"活动 {counts.activities}/{minimum.activities} 次")
            if counts.demo_lessons < minimum.demo_lessons:
                missing.append(f"示范课 {counts.demo_lessons}/{minimum.demo_lessons} 节")
            if missing:
                term_label = "第一学期" if window.term == 1 else "第二学期"
                rows.append(
                    BehindRow(
                        cadre_id=cadre_id,
                        cadre_name=name,
                        subject_names=subject_names,
                        term=window.term,
                        activities=counts.activities,
                        demo_lessons=counts.demo_lessons,
                        level="danger" if ended else "warning",
                        message=f"{term_label}{'未达标' if ended else '尚未达标'}：" + "，".join(missing),
                    )
                )
    return rows


# Year-on-year chart ---------------------------------------------------------------------------


def year_on_year_option(subjects: Sequence[str], years: Sequence[str], counts: dict[tuple[str, str], int]) -> dict:
    """An ECharts bar option: activities per subject, one series per school year."""
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 40, "right": 16, "top": 40, "bottom": 60},
        "xAxis": {"type": "category", "data": list(subjects), "axisLabel": {"interval": 0, "rotate": 45}},
        "yAxis": {"type": "value", "name": "活动次数", "minInterval": 1},
        "series": [
            {"name": year, "type": "bar", "data": [counts.get((year, subject), 0) for subject in subjects]}
            for year in years
        ],
    }
