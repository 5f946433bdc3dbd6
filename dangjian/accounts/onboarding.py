"""Logins for the school's staff: one per in-service staff member, with a one-time initial password that must be
changed at first login, and the printable slips the office hands out (.xlsx, or .docx with one slip per person)."""

import secrets
from dataclasses import dataclass
from io import BytesIO

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models.functions import Lower
from docx import Document
from docx.shared import Pt

from dangjian.lib.xlsx import workbook_bytes

from .hashers import OneTimeCodeHasher
from .models import User
from .services import audit

# No 0/O, 1/l/I: read off paper and typed on a phone.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 10
SLIP_HEADERS = ["工号", "姓名", "处室", "用户名", "初始密码"]


@dataclass(frozen=True)
class Slip:
    staff_number: str
    name: str
    department: str
    username: str
    code: str


def one_time_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def set_one_time_code(user: User) -> str:
    """A new initial password for ``user``, to be changed at the next login. Returns it (shown once)."""
    code = one_time_code()
    user.password = make_password(code, hasher=OneTimeCodeHasher.algorithm)
    user.must_change_password = True
    return code


def _usernames(staff, school) -> tuple[str, str]:
    """The staff number, or the school code before it where another school's login already has it."""
    return staff.staff_number, f"{school.code}-{staff.staff_number}"


def _username(staff, school, taken: set[str]) -> str:
    for candidate in _usernames(staff, school):
        if candidate.lower() not in taken:
            return candidate
    raise ValueError(f"用户名 {staff.staff_number} 已被占用")


def accounts_create_for_staff(*, school, actor, request=None) -> list[Slip]:
    """A login for every in-service staff member of ``school`` who has none (re-running creates only what is
    missing), in one transaction with one audit entry. Returns the slips, the only place the codes appear."""
    from dangjian.school.models import Staff

    with transaction.atomic():
        staff = list(
            Staff.objects.select_for_update(of=("self",))
            .filter(school=school, is_active=True, user__isnull=True)
            .select_related("department")
            .order_by("staff_number")
        )
        candidates = {name.lower() for person in staff for name in _usernames(person, school)}
        taken = set(
            User.objects.annotate(folded=Lower("username"))
            .filter(folded__in=candidates)
            .values_list("folded", flat=True)
        )
        slips = []
        for person in staff:
            username = _username(person, school, taken)
            taken.add(username.lower())
            user = User(username=username, last_name=person.name[:1], first_name=person.name[1:])
            code = set_one_time_code(user)
            user.save()
            person.user = user
            person.save(update_fields=["user"])
            department = person.department.name if person.department_id else ""
            slips.append(Slip(person.staff_number, person.name, department, username, code))
        if slips:
            audit(actor, "accounts.create", school=school, summary=f"为 {len(slips)} 名教职工创建账号", request=request)
    return slips


def slips_xlsx(school, slips: list[Slip]) -> bytes:
    rows = [[s.staff_number, s.name, s.department, s.username, s.code] for s in slips]
    return workbook_bytes([(f"{school.short_name or school.name}登录单", SLIP_HEADERS, rows)])


def slips_docx(school, slips: list[Slip]) -> bytes:
    """One slip per person, to cut apart: the address, the username and the one-time password."""
    doc = Document()
    for i, slip in enumerate(slips):
        if i:
            doc.add_paragraph("✂ " + "-" * 60)
        title = doc.add_paragraph()
        run = title.add_run(f"{school.name} 党建管理系统 · 登录单")
        run.bold, run.font.size = True, Pt(13)
        doc.add_paragraph(f"{slip.name}（工号 {slip.staff_number}{'，' + slip.department if slip.department else ''}）")
        doc.add_paragraph(f"用户名：{slip.username}")
        doc.add_paragraph(f"初始密码：{slip.code}")
        doc.add_paragraph("首次登录后须设置自己的密码；初始密码只能使用一次，请勿转交他人。")
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
