"""党内职务 cells: "组织委员、党委委员、第一党小组党小组长" ↔ posts in the school's Party organization tree.

A post written alone is held in the member's own branch (党小组长: in the member's own group); a post
in another organization has that organization's name in front of it. Pure: works on the organizations
it is given, never on the database."""

import re
import unicodedata

from dangjian.party.enums import OrgKind, Post

from .values import CellError

POST_WORDS = {
    **{str(label): value for value, label in Post.choices},
    "支委": Post.COMMITTEE_MEMBER,
    "支委委员": Post.COMMITTEE_MEMBER,
    "纪律检查委员": Post.DISCIPLINE,
    "小组长": Post.GROUP_LEADER,
    "组长": Post.GROUP_LEADER,
}
OWN_BRANCH, OWN_GROUP = "支部", "党小组"
OWN_WORDS = {"支部": OWN_BRANCH, "党支部": OWN_BRANCH, "本支部": OWN_BRANCH, "党小组": OWN_GROUP, "小组": OWN_GROUP}
KIND_WORDS = {"党委": OrgKind.COMMITTEE, "校党委": OrgKind.COMMITTEE, "党总支": OrgKind.GENERAL_BRANCH}
_SEPARATORS = re.compile(r"[、,，;；/|\n]+")
_SPACES = re.compile(r"\s+")
CHOICES_TEXT = "、".join(str(label) for _, label in Post.choices)


def parse_posts(value) -> tuple[tuple[str, str], ...]:
    """Each post of the cell as (the words naming its organization, or "" for the member's own; post)."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    out = []
    for item in (_SPACES.sub("", part) for part in _SEPARATORS.split(text)):
        if not item:
            continue
        word = next((w for w in sorted(POST_WORDS, key=len, reverse=True) if item.endswith(w)), None)
        if word is None:
            raise CellError(f"无法识别党内职务：{item}（可选：{CHOICES_TEXT}）")
        out.append((item.removesuffix(word), str(POST_WORDS[word])))
    return tuple(dict.fromkeys(out))


def resolve_posts(items, *, branch, group, organizations) -> tuple[tuple[tuple[int, str], ...], list[str]]:
    """The posts as sorted (organization id, post) pairs, and what is wrong with them. ``items`` are
    parse_posts pairs, or stored (organization id, post) pairs; ``organizations`` are the school's."""
    by_pk = {o.pk: o for o in organizations}
    by_name = {o.name: o for o in organizations}
    pairs, errors = set(), []
    for where, post in items:
        if isinstance(where, int):
            org = by_pk.get(where)
        else:
            org, error = _organization(where, post, branch, group, by_name, organizations)
            if error:
                errors.append(error)
                continue
        if org is None:
            continue
        if post == Post.GROUP_LEADER and org.kind != OrgKind.GROUP:
            errors.append(f"党小组长只设在党小组，{org.name}不是党小组。")
        elif post != Post.GROUP_LEADER and org.kind == OrgKind.GROUP:
            errors.append(f"{org.name}是党小组，不设{Post(post).label}。")
        else:
            pairs.add((org.pk, str(post)))
    return tuple(sorted(pairs)), errors


def _organization(where, post, branch, group, by_name, organizations):
    if where in by_name:
        return by_name[where], ""
    own = OWN_WORDS.get(where) or ("" if where else (OWN_GROUP if post == Post.GROUP_LEADER else OWN_BRANCH))
    if own == OWN_BRANCH:
        return branch, "" if branch is not None else "请先填写所在支部。"
    if own == OWN_GROUP:
        return group, "" if group is not None else f"填写{Post(post).label}须先填写所在党小组。"
    kind = KIND_WORDS.get(where)
    matches = [o for o in organizations if o.kind == kind] if kind else []
    if len(matches) == 1:
        return matches[0], ""
    names = "、".join(o.name for o in organizations) or "无"
    return None, f"找不到党组织“{where}”（本校党组织：{names}）。"


def post_text(org, post: str, *, branch_id, group_id) -> str:
    """One post as the cell writes it: its label alone in the member's own branch (group), else after
    the organization's name."""
    label = str(Post(post).label)
    own = org.pk == (group_id if post == Post.GROUP_LEADER else branch_id)
    return label if own else f"{org.name}{label}"
