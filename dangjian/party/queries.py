"""Reads of the organization tree, each a fixed number of queries."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from dangjian.lib import clock
from dangjian.school.models import School

from .checks import Finding, OrgFacts, organization_findings
from .enums import COMMITTEE_POSTS, MemberStatus, OrgKind, Post
from .models import Organization, OrganizationPost, PartyMember

COUNTED_STATUSES = (MemberStatus.FULL, MemberStatus.PROBATIONARY)


def subtree_ids(school: School, root_ids) -> set[int]:
    """The given organizations of ``school`` and everything below them."""
    if not root_ids:
        return set()
    parents = dict(Organization.objects.filter(school=school).values_list("pk", "parent_id"))
    children = defaultdict(list)
    for pk, parent_id in parents.items():
        children[parent_id].append(pk)
    result, stack = set(), [pk for pk in root_ids if pk in parents]
    while stack:
        pk = stack.pop()
        if pk not in result:
            result.add(pk)
            stack.extend(children.get(pk, []))
    return result


@dataclass
class TreeNode:
    org: Organization
    full_members: int = 0
    probationary_members: int = 0
    developing: int = 0
    leaders: list[OrganizationPost] = field(default_factory=list)
    committee_size: int = 0
    children: list["TreeNode"] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def members(self) -> int:
        return self.full_members + self.probationary_members

    def walk(self, depth: int = 0):
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)


def organization_tree(school: School, today: dt.date | None = None) -> list[TreeNode]:
    """The school's tree with member counts (subtrees summed), current leaders and rule findings.
    Three queries whatever the size."""
    today = today or clock.today()
    nodes = {org.pk: TreeNode(org) for org in Organization.objects.filter(school=school)}
    own = defaultdict(Counter)
    rows = (
        PartyMember.objects.filter(branch__school=school)
        .values("branch_id", "group_id", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        for org_id in {row["branch_id"], row["group_id"]} - {None}:
            own[org_id][row["status"]] += row["n"]
    posts = (
        OrganizationPost.objects.filter(organization__school=school, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("staff")
    )
    committee = defaultdict(set)
    for post in posts:
        node = nodes[post.organization_id]
        if post.post in (Post.SECRETARY, Post.GROUP_LEADER, Post.DEPUTY_SECRETARY):
            node.leaders.append(post)
        if post.post in COMMITTEE_POSTS:
            committee[post.organization_id].add(post.staff_id)
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.org.parent_id)
        (parent.children if parent else roots).append(node)

    def total(node: TreeNode) -> Counter:
        counts = Counter(own[node.org.pk]) if node.org.kind in (OrgKind.BRANCH, OrgKind.GROUP) else Counter()
        for child in node.children:
            child_counts = total(child)
            if node.org.kind != OrgKind.BRANCH:  # a branch already counts its groups' members
                counts += child_counts
        node.full_members = counts[MemberStatus.FULL]
        node.probationary_members = counts[MemberStatus.PROBATIONARY]
        node.developing = sum(
            counts[s] for s in (MemberStatus.APPLICANT, MemberStatus.ACTIVIST, MemberStatus.CANDIDATE)
        )
        node.committee_size = len(committee[node.org.pk])
        node.leaders.sort(key=lambda p: list(Post.values).index(p.post))
        node.findings = organization_findings(
            OrgFacts(
                kind=node.org.kind,
                name=node.org.name,
                full_members=node.full_members,
                members=node.members,
                committee_size=node.committee_size,
                has_secretary=any(p.post in (Post.SECRETARY, Post.GROUP_LEADER) for p in node.leaders),
                term_ends_on=node.org.term_ends_on,
            ),
            today,
        )
        node.children.sort(key=lambda n: (n.org.order, n.org.pk))
        return counts

    for root in roots:
        total(root)
    roots.sort(key=lambda n: (n.org.order, n.org.pk))
    return roots


def tree_findings(roots: list[TreeNode]) -> list[tuple[Organization, Finding]]:
    return [(node.org, f) for root in roots for _, node in root.walk() for f in node.findings]


def org_members(school: School, org_ids, *, q: str = ""):
    """Members (and people in development) of the given organizations."""
    qs = (
        PartyMember.objects.filter(branch__school=school)
        .filter(Q(branch__in=org_ids) | Q(group__in=org_ids))
        .select_related("staff", "branch", "group")
        .order_by("branch__order", "staff__staff_number")
    )
    if q:
        qs = qs.filter(Q(staff__name__icontains=q) | Q(staff__staff_number__icontains=q))
    return qs


def member_orgs(school: School) -> dict[int, list[int]]:
    """Staff id → the organizations a member (full or probationary) belongs to: their branch and group and every
    organization above them. Two queries."""
    parents = dict(Organization.objects.filter(school=school).values_list("pk", "parent_id"))
    out = {}
    rows = PartyMember.objects.filter(staff__school=school, status__in=COUNTED_STATUSES)
    for staff_id, *own in rows.values_list("staff_id", "branch_id", "group_id"):
        chain = []
        for org in own:
            while org is not None and org not in chain:
                chain.append(org)
                org = parents.get(org)
        out[staff_id] = chain
    return out
