"""账号与权限: logins for the staff (slips), first-login password change, resets, roles granted and revoked by
the secretary, leavers locked out, and the county's own accounts; every route for every role."""

from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from dangjian.accounts import onboarding, services
from dangjian.accounts.enums import Role
from dangjian.accounts.models import AuditLog, RoleGrant, User
from dangjian.school.models import Staff
from dangjian.tests import factories as f
from dangjian.tests.test_view_permissions import ROLES

MEMBERS = {"secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher"}


def expected(role: str, allowed: set, ok: int = 200) -> int:
    if role == "anonymous":
        return 302
    if role in allowed | {"superuser"}:
        return ok
    return 403 if role in MEMBERS else 404


def _opens(username: str, password: str) -> bool:
    return User.objects.get(username=username).check_password(password)


@pytest.fixture
def staff(world):
    """Two in-service staff without a login, one who left."""
    new = [
        f.StaffFactory(school=world.school, staff_number=n, name=name) for n, name in [("N01", "林一"), ("N02", "陈二")]
    ]
    f.StaffFactory(school=world.school, staff_number="N09", name="已离职", is_active=False)
    return new


# Pages per role -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_school_accounts_page_per_role(client_for, staff, role):
    response = client_for(role).get(reverse("accounts:school", args=["a"]))
    assert response.status_code == expected(role, {"secretary"})
    if response.status_code == 200:
        assert "还有 <strong>2</strong> 名在职教职工没有账号" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["accounts:create", "accounts:grant"])
def test_school_account_writes_per_role(client_for, staff, world, role, name):
    data = (
        {"format": "xlsx"} if name == "accounts:create" else {"user": world.users["teacher"].pk, "role": "party_staff"}
    )
    response = client_for(role).post(reverse(name, args=["a"]), data)
    assert response.status_code == expected(role, {"secretary"}, ok=200 if name == "accounts:create" else 302)
    wrote = response.status_code in (200, 302) and role not in ("anonymous",)
    if name == "accounts:create":
        assert Staff.objects.filter(user__isnull=False, staff_number__startswith="N").count() == (2 if wrote else 0)
    else:
        assert RoleGrant.objects.filter(user=world.users["teacher"]).exists() == wrote


@pytest.mark.parametrize("role", ROLES)
def test_reset_and_revoke_per_role(client_for, world, role):
    grant = RoleGrant.objects.get(user=world.users["party_staff"])
    teacher = world.users["teacher"]
    reset = client_for(role).post(reverse("accounts:reset", args=["a", teacher.pk]))
    revoke = client_for(role).post(reverse("accounts:revoke", args=["a", grant.pk]))
    assert (reset.status_code, revoke.status_code) == (
        expected(role, {"secretary"}),
        expected(role, {"secretary"}, 302),
    )
    teacher.refresh_from_db()
    allowed = role in ("secretary", "superuser")
    assert teacher.must_change_password == allowed
    assert RoleGrant.objects.filter(pk=grant.pk).exists() != allowed
    assert client_for(role).get(reverse("accounts:reset", args=["a", teacher.pk])).status_code in (302, 403, 404, 405)


@pytest.mark.parametrize("role", ROLES)
def test_county_accounts_page_per_role(client_for, world, role):
    response = client_for(role).get(reverse("accounts:county", args=["sfx"]))
    assert response.status_code == (302 if role == "anonymous" else 200 if role in ("county", "superuser") else 404)


def test_outsiders_cannot_touch_another_schools_users_or_grants(client_for, world):
    other = f.RoleGrantFactory(role=Role.SECRETARY, school=world.other_school)
    client = client_for("secretary")
    assert client.post(reverse("accounts:reset", args=["a", other.user.pk])).status_code == 404
    assert client.post(reverse("accounts:revoke", args=["a", other.pk])).status_code == 404
    assert client.post(reverse("accounts:reset", args=["b", other.user.pk])).status_code == 404


# Accounts for the staff -----------------------------------------------------------------------------------------


def test_logins_for_every_in_service_staff_member_once(world, staff):
    slips = onboarding.accounts_create_for_staff(school=world.school, actor=world.users["secretary"])
    assert [(s.staff_number, s.username) for s in slips] == [("N01", "N01"), ("N02", "N02")]
    assert len({s.code for s in slips}) == 2 and all(len(s.code) == 10 for s in slips)
    user = User.objects.get(username="N01")
    assert (user.get_full_name(), user.must_change_password, user.staff.name) == ("林一", True, "林一")
    assert _opens("N01", slips[0].code)
    assert not Staff.objects.get(staff_number="N09").user  # who left gets none
    assert onboarding.accounts_create_for_staff(school=world.school, actor=None) == []  # again: nothing more
    assert AuditLog.objects.get(action="accounts.create").summary == "为 2 名教职工创建账号"


def test_a_staff_number_taken_by_another_schools_login_gets_the_school_code(world):
    f.UserFactory(username="N01")
    f.StaffFactory(school=world.school, staff_number="N01", name="林一")
    [slip] = onboarding.accounts_create_for_staff(school=world.school, actor=None)
    assert slip.username == "a-N01"


def test_the_slips_download_as_xlsx_and_docx(client_for, world, staff):
    client = client_for("secretary")
    response = client.post(reverse("accounts:create", args=["a"]), {"format": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["工号", "姓名", "处室", "用户名", "初始密码"]
    assert [r[:2] + [r[3]] for r in rows[1:]] == [["N01", "林一", "N01"], ["N02", "陈二", "N02"]]
    assert _opens("N02", rows[2][4])
    f.StaffFactory(school=world.school, staff_number="N03", name="张三")
    response = client.post(reverse("accounts:create", args=["a"]), {"format": "docx"})
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "张三（工号 N03" in text and "用户名：N03" in text and "林一" not in text
    response = client.post(reverse("accounts:create", args=["a"]), {"format": "docx"}, follow=True)
    assert "所有在职教职工都已有账号" in response.content.decode()


def test_create_accounts_command(world, staff, tmp_path):
    out = StringIO()
    call_command("create_accounts", "--school", "a", "--output", str(tmp_path / "slips.xlsx"), stdout=out)
    assert "已创建 2 个账号" in out.getvalue()
    assert load_workbook(tmp_path / "slips.xlsx").active.max_row == 3
    out = StringIO()
    call_command("create_accounts", "--school", "a", stdout=out)
    assert "所有在职教职工都已有账号" in out.getvalue()


def test_an_unwritable_slip_file_creates_no_account(world, staff, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="未创建任何账号"):
        call_command("create_accounts", "--school", "a", "--output", str(tmp_path / "no" / "slips.xlsx"))
    assert not Staff.objects.filter(staff_number__in=["N01", "N02"], user__isnull=False).exists()


# First login, own password, reset ---------------------------------------------------------------------------------


def test_first_login_goes_to_the_password_change_and_nowhere_else(client, world, staff):
    [slip, _] = onboarding.accounts_create_for_staff(school=world.school, actor=None)
    assert client.post(reverse("login"), {"username": slip.username, "password": slip.code}).status_code == 302
    for path in ("/", "/s/a/", reverse("profile")):
        assert client.get(path)["Location"] == reverse("password_change")
    assert client.get("/api/v1/schools").status_code == 403
    weak = client.post(
        reverse("password_change"), {"old_password": slip.code, "new_password1": "123", "new_password2": "123"}
    )
    assert weak.status_code == 200 and "密码" in weak.content.decode()  # Django's validators, in Chinese
    new = "Hongqi-2026-piao"
    done = client.post(
        reverse("password_change"), {"old_password": slip.code, "new_password1": new, "new_password2": new}
    )
    assert done["Location"] == reverse("home")
    assert not User.objects.get(username=slip.username).must_change_password
    assert client.get("/s/a/").status_code == 200
    assert not _opens(slip.username, slip.code)  # the one-time code is gone


def test_every_user_may_change_their_password(client_for):
    client = client_for("teacher")
    assert client.get(reverse("password_change")).status_code == 200
    assert client_for("anonymous").get(reverse("password_change")).status_code == 302


def test_a_reset_shows_a_new_one_time_code_once_and_is_audited(client_for, world):
    response = client_for("secretary").post(reverse("accounts:reset", args=["a", world.users["teacher"].pk]))
    code = response.context["code"]
    assert _opens("teacher", code)
    assert AuditLog.objects.get(action="accounts.reset").summary == "重置 teacher 的密码"


# Roles --------------------------------------------------------------------------------------------------------


def test_grant_and_revoke_roles_audited(world):
    teacher, secretary = world.users["teacher"], world.users["secretary"]
    grant = services.role_grant(
        user=teacher, role=Role.BRANCH_SECRETARY, school=world.school, organization=world.branch, actor=secretary
    )
    assert (
        services.role_grant(
            user=teacher, role=Role.BRANCH_SECRETARY, school=world.school, organization=world.branch, actor=secretary
        )
        == grant
    )  # held: nothing new
    services.role_revoke(grant=grant, actor=secretary)
    assert list(AuditLog.objects.order_by("pk").values_list("action", "summary")) == [
        ("accounts.grant", "授予 王老师 支部书记/党小组长"),
        ("accounts.revoke", "撤销 王老师 支部书记/党小组长"),
    ]


def test_a_branch_of_another_school_or_none_is_refused(client_for, world):
    from django.core.exceptions import ValidationError

    far = f.OrganizationFactory(school=world.other_school, name="乙校支部")
    with pytest.raises(ValidationError):
        services.role_grant(
            user=world.users["teacher"], role=Role.BRANCH_SECRETARY, school=world.school, organization=far, actor=None
        )
    response = client_for("secretary").post(
        reverse("accounts:grant", args=["a"]),
        {"user": world.users["teacher"].pk, "role": "branch_secretary"},
        follow=True,
    )
    assert "授予支部书记/党小组长时须选择党组织" in response.content.decode()
    assert not RoleGrant.objects.filter(user=world.users["teacher"]).exists()


def test_the_last_secretary_keeps_the_role(client_for, world):
    grant = RoleGrant.objects.get(user=world.users["secretary"], role=Role.SECRETARY)
    response = client_for("secretary").post(reverse("accounts:revoke", args=["a", grant.pk]), follow=True)
    assert "这是学校唯一的书记账号" in response.content.decode()
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    services.role_grant(user=world.users["teacher"], role=Role.SECRETARY, school=world.school, actor=None)
    services.role_revoke(grant=grant, actor=None)
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


# Leavers ------------------------------------------------------------------------------------------------------


def test_staff_who_leave_lose_login_and_roles_from_the_form(client_for, world):
    user = f.RoleGrantFactory(role=Role.PARTY_STAFF, school=world.school).user
    person = f.StaffFactory(school=world.school, user=user, staff_number="L01", name="将离职")
    from dangjian.school.forms import StaffForm
    from dangjian.school.services import staff_save

    form = StaffForm(instance=person, school=world.school)
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(is_active=False, subjects=[], skills=[])
    form = StaffForm(data, instance=person, school=world.school)
    assert form.is_valid(), form.errors
    staff_save(form=form, actor=world.users["secretary"])
    user.refresh_from_db()
    assert (user.is_active, RoleGrant.objects.filter(user=user).exists()) == (False, False)
    assert Staff.objects.filter(pk=person.pk).exists()  # the record is kept
    assert AuditLog.objects.get(action="accounts.leavers").summary == "离职停用账号 1 个：将离职"


def test_staff_who_leave_lose_login_from_a_roster_import(world, settings, tmp_path):
    from dangjian.rosters.services import roster_import
    from dangjian.rosters.tests.helpers import xlsx_bytes

    user = f.UserFactory(username="L02")
    f.StaffFactory(school=world.school, user=user, staff_number="L02", name="李离", gender="女")
    rows = [["工号", "姓名", "性别", "在职"], ["L02", "李离", "女", "否"]]
    plan, applied = roster_import(
        kind="staff", school=world.school, data=xlsx_bytes(rows), filename="x.xlsx", school_year=world.year
    )
    assert applied, [str(p) for p in plan.problems]
    user.refresh_from_db()
    assert not user.is_active


# County -------------------------------------------------------------------------------------------------------


def test_the_county_creates_a_schools_first_secretary_and_a_colleague(client_for, world):
    client = client_for("county")
    response = client.post(
        reverse("accounts:county", args=["sfx"]),
        {"kind": "secretary", "school": world.other_school.pk, "username": "yisec", "name": "赵书记"},
    )
    code = response.context["code"]
    user = User.objects.get(username="yisec")
    assert RoleGrant.objects.filter(user=user, role=Role.SECRETARY, school=world.other_school).exists()
    assert _opens("yisec", code) and user.must_change_password
    client.post(reverse("accounts:county", args=["sfx"]), {"kind": "county", "username": "xian2", "name": "钱科长"})
    assert RoleGrant.objects.filter(user__username="xian2", role=Role.COUNTY, county__code="sfx").exists()
    taken = client.post(reverse("accounts:county", args=["sfx"]), {"kind": "county", "username": "YISEC", "name": "x"})
    assert "该用户名已被使用" in taken.content.decode()
    far = f.SchoolFactory(county=f.CountyFactory(code="far"), code="z")
    refused = client.post(
        reverse("accounts:county", args=["sfx"]), {"kind": "secretary", "school": far.pk, "username": "zz", "name": "x"}
    )
    assert refused.status_code == 200 and not User.objects.filter(username="zz").exists()
    page = client.get(reverse("accounts:county", args=["sfx"])).content.decode()
    assert "赵书记（yisec）" in page and "钱科长（xian2）" in page


# Self-service reset by e-mail -----------------------------------------------------------------------------------

RESET_PAGES = ["password_reset", "password_reset_done", "password_reset_complete"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", RESET_PAGES)
def test_reset_pages_only_with_smtp_for_every_role(client_for, settings, role, name):
    settings.EMAIL_HOST = ""
    assert client_for(role).get(reverse(name)).status_code == 404
    settings.EMAIL_HOST = "smtp.example.cn"
    assert client_for(role).get(reverse(name)).status_code == 200
    assert client_for(role).get(reverse("password_reset_confirm", args=["MQ", "bad-token"])).status_code == 200


def test_the_login_page_offers_the_reset_only_with_smtp(client, settings):
    settings.EMAIL_HOST = ""
    assert "忘记密码请联系学校书记重置" in client.get(reverse("login")).content.decode()
    settings.EMAIL_HOST = "smtp.example.cn"
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_reset_by_email_end_to_end(client, world, settings, mailoutbox):
    settings.EMAIL_HOST = "smtp.example.cn"
    user = world.users["teacher"]
    user.email, user.must_change_password = "wang@example.cn", True
    user.save()
    assert client.post(reverse("password_reset"), {"email": "wang@example.cn"})["Location"] == reverse(
        "password_reset_done"
    )
    [mail] = mailoutbox
    assert mail.to == ["wang@example.cn"] and "设置新密码" in mail.subject
    link = next(line for line in mail.body.splitlines() if "/accounts/password/reset/" in line)
    page = client.get(link.split("testserver", 1)[1], follow=True)
    new = "Hongqi-2026-piao"
    done = client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(new) and not user.must_change_password


def test_the_403_page_says_why_and_offers_the_way_back(client_for):
    response = client_for("teacher").get(reverse("reports:dashboard", args=["a"]))
    page = response.content.decode()
    assert response.status_code == 403
    assert '<p class="mb-1" id="denied-reason">只有学校书记和党务干部可以查看数据看板</p>' in page
    assert "data-back" in page and "账号与权限" in page
