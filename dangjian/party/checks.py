"""Rule checks on the organization tree (numbers from 《中国共产党支部工作条例（试行）》).

Plain functions over dataclasses: the tree page, the API and reports show the same findings."""

import datetime as dt
from dataclasses import dataclass

from dangjian.lib.dates import add_months

from .enums import OrgKind

MIN_FULL_MEMBERS = 3
MAX_MEMBERS = 50
COMMITTEE_THRESHOLD = 7
MIN_COMMITTEE_SIZE = 3
TERM_WARNING_MONTHS = 6  # 换届: the branch is warned six months before its term ends


@dataclass(frozen=True)
class OrgFacts:
    kind: str
    name: str
    full_members: int
    members: int
    committee_size: int
    has_secretary: bool
    term_ends_on: dt.date | None


@dataclass(frozen=True)
class Finding:
    level: str  # "danger" or "warning"
    message: str


def organization_findings(org: OrgFacts, today: dt.date) -> list[Finding]:
    findings = []
    if org.kind == OrgKind.BRANCH:
        if org.full_members < MIN_FULL_MEMBERS:
            findings.append(
                Finding(
                    "danger",
                    f"正式党员 {org.full_members} 名，少于 {MIN_FULL_MEMBERS} 名，不具备设立支部的条件",
                )
            )
        if org.members > MAX_MEMBERS:
            findings.append(Finding("warning", f"党员 {org.members} 名，超过 {MAX_MEMBERS} 名，应考虑分设支部"))
        if org.full_members >= COMMITTEE_THRESHOLD and org.committee_size < MIN_COMMITTEE_SIZE:
            findings.append(
                Finding(
                    "danger",
                    f"正式党员 {org.full_members} 名（7 名以上），应设立支部委员会，现任支委仅 {org.committee_size} 名",
                )
            )
    if org.kind != OrgKind.GROUP and not org.has_secretary:
        findings.append(Finding("warning", "未配备书记"))
    if org.kind == OrgKind.GROUP and not org.has_secretary:
        findings.append(Finding("warning", "未配备党小组长"))
    if org.term_ends_on and org.kind != OrgKind.GROUP:
        if org.term_ends_on < today:
            findings.append(Finding("danger", f"本届任期已于 {org.term_ends_on:%Y-%m-%d} 届满，应按期换届"))
        elif today >= add_months(org.term_ends_on + dt.timedelta(days=1), -TERM_WARNING_MONTHS):
            findings.append(Finding("warning", f"本届任期将于 {org.term_ends_on:%Y-%m-%d} 届满，请做好换届准备"))
    return findings
