"""The semester checks of student support, as plain functions over dataclasses (no database).

- every registered (enrolled) student has a confirmed pairing this semester;
- every poor student's pairing has at least one record of each of its three kinds this semester;
- every special student has had a contact within the school's interval (default 30 days).

The home pages, the support pages and the API all show the same list of findings."""

import datetime as dt
from dataclasses import dataclass, field

from .enums import KINDS_FOR, PairingKind, PairingStatus, RecordKind


@dataclass(frozen=True)
class Registered:
    """A student on a register of the semester's school year, still at school."""

    student_id: int
    name: str
    kind: str  # PairingKind
    url: str = ""
    since: dt.date | None = None  # when the student was recognised or referred


@dataclass(frozen=True)
class PairingFacts:
    pairing_id: int
    student_id: int
    name: str
    kind: str
    status: str
    helper_id: int
    helper_name: str
    url: str = ""
    record_kinds: frozenset[str] = field(default_factory=frozenset)  # kinds recorded this semester
    last_contact: dt.date | None = None  # latest record of the student's special pairings, any semester


@dataclass(frozen=True)
class Finding:
    level: str  # "danger" or "warning"
    message: str
    url: str = ""
    helper_id: int | None = None
    student_id: int | None = None


def unpaired(registered: list[Registered], pairings: list[PairingFacts]) -> list[Finding]:
    """Registered students without a confirmed pairing of their kind this semester."""
    status = {(p.student_id, p.kind): p.status for p in pairings}
    out = []
    for r in registered:
        label = PairingKind(r.kind).label
        have = status.get((r.student_id, r.kind))
        if have is None:
            out.append(Finding("danger", f"{r.name}（{label}）本学期尚未结对帮扶", r.url, None, r.student_id))
        elif have != PairingStatus.CONFIRMED:
            out.append(Finding("warning", f"{r.name}（{label}）的结对建议尚待确认", r.url, None, r.student_id))
    return out


def poor_missing_kinds(pairings: list[PairingFacts], *, semester_over: bool) -> list[Finding]:
    """Poor pairings that lack one of 思想交流、学习辅导、钱物资助 this semester."""
    out = []
    for p in pairings:
        if p.kind != PairingKind.POOR or p.status != PairingStatus.CONFIRMED:
            continue
        missing = [RecordKind(k).label for k in KINDS_FOR[PairingKind.POOR] if k not in p.record_kinds]
        if missing:
            verb = "本学期未开展" if semester_over else "本学期尚缺"
            out.append(
                Finding(
                    "danger" if semester_over else "warning",
                    f"{p.name}（帮扶人 {p.helper_name}）{verb}：{'、'.join(missing)}",
                    p.url,
                    p.helper_id,
                    p.student_id,
                )
            )
    return out


def special_overdue(
    pairings: list[PairingFacts], *, today: dt.date, interval_days: int, starts: dict[int, dt.date]
) -> list[Finding]:
    """Special students with no contact in the last ``interval_days`` days. Without any contact the
    clock starts at ``starts[student_id]`` (the later of the semester start and the referral)."""
    out = []
    for p in pairings:
        if p.kind != PairingKind.SPECIAL or p.status != PairingStatus.CONFIRMED:
            continue
        since = p.last_contact or starts.get(p.student_id)
        if since is None or (today - since).days <= interval_days:
            continue
        days = (today - since).days
        if p.last_contact:
            message = f"{p.name}（帮扶人 {p.helper_name}）已 {days} 天未联系，要求每 {interval_days} 天至少一次"
        else:
            message = f"{p.name}（帮扶人 {p.helper_name}）结对 {days} 天尚无联系记录，要求每 {interval_days} 天至少一次"
        out.append(Finding("danger", message, p.url, p.helper_id, p.student_id))
    return out


def semester_findings(
    registered: list[Registered],
    pairings: list[PairingFacts],
    *,
    today: dt.date,
    semester_start: dt.date,
    semester_over: bool,
    interval_days: int,
) -> list[Finding]:
    starts = {r.student_id: max(semester_start, r.since or semester_start) for r in registered}
    for p in pairings:
        starts.setdefault(p.student_id, semester_start)
    findings = [
        *unpaired(registered, pairings),
        *special_overdue(pairings, today=today, interval_days=interval_days, starts=starts),
        *poor_missing_kinds(pairings, semester_over=semester_over),
    ]
    return sorted(findings, key=lambda f: (f.level != "danger",))
