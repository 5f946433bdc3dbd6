"""Figures of student support (no database): person-times and aid totals.

帮扶人次 (domain.md): one (student, semester) in which the student had an active (confirmed) pairing
and at least one support record. A student who is both poor and special counts once in the combined
figure."""

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from .enums import PairingKind, PairingStatus


@dataclass(frozen=True)
class PairingFact:
    student_id: int
    semester_id: int
    kind: str
    status: str
    records: int  # live (not deleted) records


@dataclass(frozen=True)
class PersonTimes:
    poor: int = 0
    special: int = 0
    combined: int = 0


def _counted(facts: Iterable[PairingFact]) -> dict[str, set[tuple[int, int]]]:
    seen: dict[str, set[tuple[int, int]]] = {PairingKind.POOR: set(), PairingKind.SPECIAL: set()}
    for f in facts:
        if f.status == PairingStatus.CONFIRMED and f.records > 0:
            seen[f.kind].add((f.student_id, f.semester_id))
    return seen


def person_times(facts: Iterable[PairingFact]) -> PersonTimes:
    seen = _counted(facts)
    poor, special = seen[PairingKind.POOR], seen[PairingKind.SPECIAL]
    return PersonTimes(poor=len(poor), special=len(special), combined=len(poor | special))


def person_times_by(facts: Iterable[PairingFact], key: Callable[[int], Hashable]) -> dict[Hashable, PersonTimes]:
    """Person-times grouped by ``key(semester_id)`` (e.g. the semester itself, or its school year)."""
    groups: dict[Hashable, list[PairingFact]] = defaultdict(list)
    for f in facts:
        groups[key(f.semester_id)].append(f)
    return {k: person_times(v) for k, v in groups.items()}


@dataclass(frozen=True)
class AidFact:
    student_id: int
    helper_id: int
    semester_id: int
    fund_source: str
    amount: Decimal | None
    goods_value: Decimal | None


@dataclass(frozen=True)
class AidTotal:
    money: Decimal = Decimal("0")
    goods: Decimal = Decimal("0")
    entries: int = 0

    @property
    def total(self) -> Decimal:
        return self.money + self.goods


def aid_totals(facts: Iterable[AidFact], key: Callable[[AidFact], Hashable]) -> dict[Hashable, AidTotal]:
    out: dict[Hashable, AidTotal] = {}
    for f in facts:
        k = key(f)
        t = out.get(k, AidTotal())
        out[k] = AidTotal(t.money + (f.amount or 0), t.goods + (f.goods_value or 0), t.entries + 1)
    return out


def aid_grand_total(facts: Iterable[AidFact]) -> AidTotal:
    return aid_totals(facts, lambda f: None).get(None, AidTotal())
