"""Importing the finance office's spreadsheets: monthly bases (工资基数) for a year, or payments.

``plan_import`` reads the file and the database (a constant number of queries) and never writes: every row
gets an action (新增/更新/不变) or its problems. ``apply_plan`` writes a plan without problems in one
transaction; importing the same file twice changes nothing the second time."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.accounts.services import audit
from dangjian.party.membership import MEMBER_STAGES
from dangjian.party.models import PartyMember
from dangjian.rosters.reader import read_table
from dangjian.rosters.values import CellError, compact, normalise_header, normalise_text, parse_date

from . import rules
from .enums import Category, Channel, Special
from .models import DuesBase, DuesPayment

KINDS = {"bases": "党费基数", "payments": "党费交纳记录"}
HEADERS = {
    "bases": {
        "工号": "staff_number",
        "姓名": "name",
        "月工资基数": "monthly_base",
        "工资基数": "monthly_base",
        "人员类别": "category",
        "特殊情况": "special",
        "批准月交纳额": "reduced_amount",
        "说明": "note",
    },
    "payments": {
        "工号": "staff_number",
        "姓名": "name",
        "月份": "month",
        "所属月份": "month",
        "金额": "amount",
        "交纳金额": "amount",
        "交纳日期": "paid_on",
        "方式": "channel",
        "交纳方式": "channel",
    },
}
FIND_BY = {"bases": ["name", "monthly_base"], "payments": ["name", "month"]}
BASE_FIELDS = ("monthly_base", "category", "special", "reduced_amount", "note")
PAYMENT_FIELDS = ("amount", "paid_on", "channel")


@dataclass
class RowPlan:
    row: int
    name: str
    action: str = ""  # 新增 / 更新 / 不变
    detail: str = ""
    problems: list[str] = field(default_factory=list)
    key: tuple = ()
    values: dict = field(default_factory=dict)


@dataclass
class Plan:
    kind: str
    year: int
    rows: list[RowPlan]
    ignored: list[str]

    @property
    def problems(self) -> list[RowPlan]:
        return [r for r in self.rows if r.problems]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action and not r.problems)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in ("新增", "更新", "不变")}


def _decimal(value, label: str, *, required: bool) -> Decimal | None:
    text = compact(value).replace(",", "").replace("元", "")
    if not text:
        if required:
            raise CellError(f"缺少{label}")
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(f"{label}不是数字：{text}") from None
    if number < 0 or not number.is_finite():
        raise CellError(f"{label}不能为负数")
    return number.quantize(rules.FEN)


def _choice(value, choices, label: str, default):
    text = compact(value)
    if not text:
        return default
    for key, name in choices:
        if text in (key, compact(name)):
            return key
    raise CellError(f"{label}应为 " + "、".join(str(n) for _, n in choices if n) + f"：{text}")


def _members(school, branch_ids):
    qs = PartyMember.objects.filter(branch__school=school, status__in=MEMBER_STAGES).select_related("staff")
    if branch_ids is not None:
        qs = qs.filter(branch_id__in=branch_ids)
    by_number, by_name = {}, {}
    for m in qs:
        by_number[compact(m.staff.staff_number)] = m
        by_name.setdefault(compact(m.staff.name), []).append(m)
    return by_number, by_name


def _member(cells, by_number, by_name):
    number, name = compact(cells.get("staff_number")), compact(cells.get("name"))
    if number:
        member = by_number.get(number)
        if member is None:
            raise CellError(f"工号 {number} 不是本校（或您所管支部）的党员")
        return member
    found = by_name.get(name, [])
    if not found:
        raise CellError(f"{name or '（空）'} 不是本校（或您所管支部）的党员")
    if len(found) > 1:
        raise CellError(f"有 {len(found)} 名党员叫 {name}，请填写工号")
    return found[0]


def plan_import(*, kind: str, data: bytes, filename: str, school, year: int, branch_ids=None) -> Plan:
    """``branch_ids``: the organizations whose members the importer may touch (None: the whole school)."""
    table = read_table(
        data, filename, headers={normalise_header(h): k for h, k in HEADERS[kind].items()}, find_by=FIND_BY[kind]
    )
    by_number, by_name = _members(school, branch_ids)
    rows = [RowPlan(row=n, name=normalise_text(cells.get("name"))) for n, cells in table.rows]
    parsed = []
    for plan_row, (_, cells) in zip(rows, table.rows, strict=True):
        try:
            member = _member(cells, by_number, by_name)
            values = _parse_base(cells) if kind == "bases" else _parse_payment(cells, year)
        except CellError as exc:
            plan_row.problems.append(str(exc))
            continue
        plan_row.name = member.staff.name
        parsed.append((plan_row, member, values))
    ids = [m.pk for _, m, _ in parsed]
    if kind == "bases":
        existing = {b.member_id: b for b in DuesBase.objects.filter(member_id__in=ids, year=year)}
        _plan_bases(parsed, existing, year)
    else:
        bases = {b.member_id: b for b in DuesBase.objects.filter(member_id__in=ids, year=year)}
        existing = {(p.member_id, p.month): p for p in DuesPayment.objects.filter(member_id__in=ids, month__year=year)}
        _plan_payments(parsed, existing, bases)
    seen = {}
    for plan_row in rows:
        if plan_row.key and not plan_row.problems:
            if plan_row.key in seen:
                plan_row.problems.append(f"与第 {seen[plan_row.key]} 行重复")
            seen.setdefault(plan_row.key, plan_row.row)
    return Plan(kind, year, rows, table.ignored)


def _parse_base(cells) -> dict:
    values = {
        "monthly_base": _decimal(cells.get("monthly_base"), "月工资基数", required=True),
        "category": _choice(cells.get("category"), Category.choices, "人员类别", Category.IN_SERVICE),
        "special": _choice(cells.get("special"), Special.choices, "特殊情况", Special.NONE),
        "reduced_amount": _decimal(cells.get("reduced_amount"), "批准月交纳额", required=False),
        "note": normalise_text(cells.get("note"))[:200],
    }
    if values["special"] and not values["note"]:
        raise CellError("少交或免交须在“说明”写明原因")
    if values["special"] == Special.REDUCED and values["reduced_amount"] is None:
        raise CellError("经批准少交须填写批准月交纳额")
    if values["special"] != Special.REDUCED:
        values["reduced_amount"] = None
    return values


def _parse_payment(cells, year: int) -> dict:
    month = parse_date(cells.get("month"))
    if month is None:
        raise CellError("缺少月份")
    if month.year != year:
        raise CellError(f"月份 {month:%Y-%m} 不在 {year} 年")
    paid_on = parse_date(cells.get("paid_on"))
    if paid_on is None:
        raise CellError("缺少交纳日期")
    return {
        "month": rules.month_start(month),
        "amount": _decimal(cells.get("amount"), "金额", required=False),
        "paid_on": paid_on,
        "channel": _choice(cells.get("channel"), Channel.choices, "交纳方式", Channel.CASH),
    }


def _action(plan_row, old, values, fields):
    if old is None:
        plan_row.action = "新增"
    elif all(getattr(old, f) == values[f] for f in fields):
        plan_row.action = "不变"
    else:
        plan_row.action = "更新"


def _plan_bases(parsed, existing, year):
    for plan_row, member, values in parsed:
        plan_row.key, plan_row.values = (member.pk,), values
        _action(plan_row, existing.get(member.pk), values, BASE_FIELDS)
        dues = rules.monthly_dues(
            values["monthly_base"], values["category"], values["special"], values["reduced_amount"]
        )
        plan_row.detail = f"{year} 年基数 {values['monthly_base']} 元，月党费 {dues} 元"


def _plan_payments(parsed, existing, bases):
    for plan_row, member, values in parsed:
        if values["amount"] is None:
            base = bases.get(member.pk)
            if base is None:
                plan_row.problems.append("未填金额，且该党员本年度没有党费基数")
                continue
            values["amount"] = base.monthly_dues
        plan_row.key, plan_row.values = (member.pk, values["month"]), values
        old = existing.get(plan_row.key)
        if old is not None and old.carried:
            plan_row.problems.append(f"{values['month']:%Y-%m} 已在原单位缴纳（县内转接转来），不能在本校导入")
            continue
        _action(plan_row, old, values, PAYMENT_FIELDS)
        plan_row.detail = f"{values['month']:%Y-%m} 交纳 {values['amount']} 元（{values['paid_on']:%Y-%m-%d}）"


def apply_plan(plan: Plan, *, school, actor, request=None) -> int:
    """Write the plan's new and changed rows; returns how many. Refuses a plan with problems, and (with a
    ValidationError naming the row, nothing written) one whose member has left since it was made."""
    if plan.problems:
        raise ValueError("plan has problems")
    changed = [r for r in plan.rows if r.action in ("新增", "更新")]
    with transaction.atomic():
        # The members, locked as a transfer accept locks them, must still be here: one who has just left is
        # the file's row to check again, not a payment for a record that no longer pays here.
        here = {
            m.pk
            for m in PartyMember.objects.select_for_update(of=("self",))
            .filter(pk__in={r.key[0] for r in changed}, status__in=MEMBER_STAGES)
            .only("pk")
        }
        if gone := next((r for r in changed if r.key[0] not in here), None):
            raise ValidationError(
                f"第 {gone.row} 行（{gone.name}）：该党员已不在本校党员名单中（可能刚办理转出），请重新上传检查。"
            )
        for r in changed:
            if plan.kind == "bases":
                DuesBase.objects.update_or_create(member_id=r.key[0], year=plan.year, defaults=r.values)
            else:
                values = {k: v for k, v in r.values.items() if k != "month"}
                DuesPayment.objects.update_or_create(
                    member_id=r.key[0], month=r.key[1], defaults={**values, "recorded_by": actor}
                )
        if changed:
            audit(
                actor,
                f"dues_{plan.kind}.import",
                school=school,
                summary=f"导入{KINDS[plan.kind]} {plan.year} 年：新增 {plan.count('新增')}，更新 {plan.count('更新')}",
                request=request,
            )
    return len(changed)
