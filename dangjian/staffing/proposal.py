"""A proposal shown as a diff against the current assignment (pure: over the run's JSON)."""

from dataclasses import dataclass, field

from .enums import CellChange


@dataclass
class ProposalCell:
    subject: str
    teacher_id: int | None
    teacher: str
    party: bool
    current: str  # the current teacher's name, "" if none
    change: str  # CellChange value
    pinned: bool


@dataclass
class ProposalRow:
    class_id: int
    name: str
    grade: str
    cells: list[ProposalCell]
    party_count: int

    @property
    def changed(self) -> int:
        return sum(1 for c in self.cells if c.change != CellChange.KEPT)


@dataclass
class Proposal:
    rows: list[ProposalRow]
    counts: dict[str, int] = field(default_factory=dict)
    subjects: list[str] = field(default_factory=list)

    def changed_rows(self) -> list[ProposalRow]:
        return [row for row in self.rows if row.changed]


def proposal(problem: dict, solution: dict, current: list, pins: list[dict]) -> Proposal:
    teachers = {str(t["id"]): t for t in problem.get("teachers", [])}
    proposed = {(str(a["class"]), a["subject"]): str(a["teacher"]) for a in solution.get("assignments", [])}
    now = {(str(c), s): str(t) for c, s, t in current}
    pinned = {(str(p["class"]), p["subject"]) for p in pins}
    counts = dict.fromkeys(CellChange.values, 0)
    subjects: list[str] = []
    rows = []
    for c in problem.get("classes", []):
        key = str(c["id"])
        cells = []
        party = (
            {str(c["homeroom"])}
            if c.get("homeroom") and teachers.get(str(c["homeroom"]), {}).get("party_member")
            else set()
        )
        for subject in c.get("needs", []):
            if subject not in subjects:
                subjects.append(subject)
            tid = proposed.get((key, subject))
            teacher = teachers.get(tid or "", {})
            was = now.get((key, subject))
            change = CellChange.NEW if was is None else CellChange.KEPT if was == tid else CellChange.CHANGED
            counts[change] += 1
            if teacher.get("party_member"):
                party.add(tid)
            cells.append(
                ProposalCell(
                    subject=subject,
                    teacher_id=teacher.get("id"),
                    teacher=teacher.get("name", "—"),
                    party=bool(teacher.get("party_member")),
                    current=teachers.get(was, {}).get("name", "") if was else "",
                    change=change,
                    pinned=(key, subject) in pinned,
                )
            )
        rows.append(ProposalRow(c["id"], c.get("name") or key, str(c.get("grade", "")), cells, len(party)))
    return Proposal(rows=rows, counts=counts, subjects=subjects)
