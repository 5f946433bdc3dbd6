"""Every 党费 page against every role (deny by default), and what each page does."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from dangjian.dues.models import DuesBase, DuesPayment
from dangjian.tests.test_view_permissions import MEMBERS, ROLES, expect

KEEPERS = {"secretary", "party_staff", "branch", "superuser"}

PAGES = {
    "dues:overview": (lambda w, d: reverse("dues:overview", args=["a"]), expect(KEEPERS | {"county"})),
    "dues:export": (lambda w, d: reverse("dues:export", args=["a"]), expect(KEEPERS)),
    "dues:mine": (lambda w, d: reverse("dues:mine", args=["a"]), expect({"teacher"})),
    "dues:import": (lambda w, d: reverse("dues:import", args=["a"]), expect(KEEPERS)),
    "dues:ledger": (lambda w, d: reverse("dues:ledger", args=["a", w.branch.pk]), expect(KEEPERS)),
    "dues:ledger_other_branch": (
        lambda w, d: reverse("dues:ledger", args=["a", d["other_branch"].pk]),
        expect(KEEPERS - {"branch"}),
    ),
    "dues:ledger_export": (lambda w, d: reverse("dues:ledger_export", args=["a", w.branch.pk]), expect(KEEPERS)),
    "dues:record": (lambda w, d: reverse("dues:record", args=["a", w.branch.pk]), expect(KEEPERS)),
    "dues:base_edit": (lambda w, d: reverse("dues:base_edit", args=["a", d["teacher"].pk]), expect(KEEPERS)),
    "dues:base_edit_other_branch": (
        lambda w, d: reverse("dues:base_edit", args=["a", d["other"].pk]),
        expect(KEEPERS - {"branch"}),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_pages_per_role(client_for, world, dues, role, page):
    url, statuses = PAGES[page]
    assert client_for(role).get(url(world, dues)).status_code == statuses[role]


@pytest.mark.parametrize("role", ROLES)
def test_payment_remove_per_role(client_for, world, dues, role):
    payment = DuesPayment.objects.filter(member=dues["teacher"]).first()
    response = client_for(role).post(reverse("dues:payment_remove", args=["a", payment.pk]))
    removed = not DuesPayment.objects.filter(pk=payment.pk).exists()
    assert response.status_code == {**expect(KEEPERS), **dict.fromkeys(KEEPERS, 302)}[role]
    assert removed == (role in KEEPERS)


def test_payment_remove_refuses_a_get(client_for, world, dues):
    payment = DuesPayment.objects.filter(member=dues["teacher"]).first()
    assert client_for("secretary").get(reverse("dues:payment_remove", args=["a", payment.pk])).status_code == 405


def test_the_county_sees_totals_and_no_names(client_for, world, dues):
    page = client_for("county").get(reverse("dues:overview", args=["a"])).content.decode()
    assert "第一党支部" in page and "790.00" in page
    assert "王老师" not in page and "6000" not in page and "导出" not in page


def test_a_member_sees_only_their_own_dues(client_for, world, dues):
    page = client_for("teacher").get(reverse("dues:mine", args=["a"])).content.decode()
    assert "6000.00" in page and "90.00" in page and "李预备" not in page


def test_a_branch_secretary_sees_only_their_branches_totals(client_for, world, dues):
    page = client_for("branch").get(reverse("dues:overview", args=["a"])).content.decode()
    assert "第一党支部" in page and "第二党支部" not in page


def test_the_ledger_page_flags_arrears_and_reads_a_constant_number_of_queries(
    client_for, world, dues, django_assert_max_num_queries
):
    client = client_for("branch")
    url = reverse("dues:ledger", args=["a", world.branch.pk])
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "王老师" in page and "李预备" in page and "欠" in page
    from dangjian.tests import factories as f

    for i in range(15):
        member = f.PartyMemberFactory(branch=world.branch)
        DuesBase.objects.create(member=member, year=2026, monthly_base=3000 + i)
    with django_assert_max_num_queries(12):
        client.get(url)


def test_recording_a_month_for_many_members_computes_the_amounts_and_is_idempotent(client_for, world, dues):
    client = client_for("branch")
    url = reverse("dues:record", args=["a", world.branch.pk])
    data = {
        "month": "2026-07",
        "paid_on": "2026-08-01",
        "channel": "wechat",
        "members": [dues["teacher"].pk, dues["probationary"].pk],
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    paid = dict(DuesPayment.objects.filter(month=dt.date(2026, 7, 1)).values_list("member__staff__name", "amount"))
    assert paid == {"王老师": Decimal("90.00"), "李预备": Decimal("14.00")}


def test_recording_refuses_a_member_of_another_branch_and_a_future_date(client_for, world, dues):
    client = client_for("branch")
    url = reverse("dues:record", args=["a", world.branch.pk])
    response = client.post(
        url, {"month": "2026-07", "paid_on": "2026-09-01", "channel": "cash", "members": [dues["other"].pk]}
    )
    assert response.status_code == 200
    assert not DuesPayment.objects.filter(member=dues["other"]).exists()


def test_a_typed_base_shows_its_computed_dues(client_for, world, dues):
    client = client_for("secretary")
    url = reverse("dues:base_edit", args=["a", dues["other"].pk]) + "?year=2026"
    response = client.post(url, {"monthly_base": "10000.01", "category": "in_service", "special": "", "note": ""})
    assert response.status_code == 302
    assert DuesBase.objects.get(member=dues["other"], year=2026).monthly_dues == Decimal("200.00")
    refused = client.post(url, {"monthly_base": "5000", "category": "in_service", "special": "exempt", "note": ""})
    assert refused.status_code == 200 and "写明原因" in refused.content.decode()


def _xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client, kind, rows, year=2026):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("dues.xlsx", _xlsx(rows))
    return client.post(reverse("dues:import", args=["a"]), {"kind": kind, "year": year, "file": file})


def test_importing_bases_previews_then_writes_once(client_for, world, dues):
    client = client_for("party_staff")
    rows = [["工号", "姓名", "月工资基数", "人员类别", "特殊情况", "说明"], ["", "赵其他", "4500", "在职", "", ""]]
    preview = _upload(client, "bases", rows)
    assert not DuesBase.objects.filter(member=dues["other"]).exists()
    token = preview.context["token"]
    assert preview.context["plan"].counts == {"新增": 1, "更新": 0, "不变": 0}
    assert client.post(reverse("dues:import", args=["a"]), {"token": token, "kind": "bases"}).status_code == 302
    assert DuesBase.objects.get(member=dues["other"], year=2026).monthly_dues == Decimal("45.00")
    again = _upload(client, "bases", rows)
    assert again.context["plan"].counts == {"新增": 0, "更新": 0, "不变": 1}


def test_importing_payments_reports_row_errors_and_writes_nothing(client_for, world, dues):
    client = client_for("branch")
    rows = [
        ["姓名", "月份", "金额", "交纳日期", "方式"],
        ["李预备", "2026-05", "", "2026-06-01", "微信"],
        ["赵其他", "2026-05", "10", "2026-06-01", "现金"],  # another branch: not this secretary's
        ["无此人", "2026-05", "10", "2026-06-01", "现金"],
    ]
    preview = _upload(client, "payments", rows)
    plan = preview.context["plan"]
    assert [r.row for r in plan.problems] == [3, 4] and not preview.context["token"]
    assert not DuesPayment.objects.filter(member=dues["probationary"]).exists()
    ok = _upload(client, "payments", rows[:2])
    client.post(reverse("dues:import", args=["a"]), {"token": ok.context["token"], "kind": "payments"})
    assert DuesPayment.objects.get(member=dues["probationary"]).amount == Decimal("14.00")


def test_the_export_is_the_dues_collection_layout(client_for, world, dues):
    response = client_for("secretary").get(reverse("dues:export", args=["a"]) + "?year=2026")
    wb = load_workbook(BytesIO(response.content))
    detail, totals = wb.worksheets
    header = [c.value for c in detail[1]]
    assert header[:7] == ["序号", "党支部", "姓名", "人员类别", "月工资基数", "交纳比例", "月应交"]
    teacher = next(r for r in detail.iter_rows(min_row=2, values_only=True) if r[2] == "王老师")
    assert teacher[5] == "1.5%" and teacher[6] == 90 and teacher[7] == 90 and teacher[13] == "欠"
    assert [r[0] for r in totals.iter_rows(min_row=2, values_only=True)] == ["第一党支部", "第二党支部"]


def test_other_roles_of_the_school_are_readers(world):
    assert {"jiaowu", "counsellor", "teacher"} <= MEMBERS


@pytest.mark.parametrize("month", ["2026-13", "x", "2026-07-01-2", ""])
def test_a_bad_month_parameter_falls_back_to_this_month(client_for, world, dues, month):
    response = client_for("branch").get(reverse("dues:record", args=["a", world.branch.pk]), {"month": month})
    assert response.status_code == 200 and response.context["month"] == dt.date(2026, 8, 1)


def test_page_query_counts(client_for, world, dues, django_assert_max_num_queries):
    client = client_for("secretary")
    for name, args in [("dues:overview", ["a"]), ("dues:record", ["a", world.branch.pk]), ("dues:mine", ["a"])]:
        with django_assert_max_num_queries(12):
            client.get(reverse(name, args=args))


@pytest.mark.parametrize("month", ["0001-05", "1-1", "9999-12"])
def test_a_month_out_of_range_on_the_record_page_is_ignored_not_a_500(client_for, world, dues, month):
    response = client_for("branch").get(reverse("dues:record", args=["a", world.branch.pk]) + f"?month={month}")
    assert response.status_code == 200
    assert response.context["month"].year == 2026


def test_a_month_out_of_range_posted_to_the_record_page_is_refused_not_a_500(client_for, world, dues):
    url = reverse("dues:record", args=["a", world.branch.pk])
    data = {"month": "0001-01", "paid_on": "2026-08-01", "channel": "cash", "members": [dues["teacher"].pk]}
    response = client_for("branch").post(url, data)
    assert response.status_code == 200
    assert not DuesPayment.objects.filter(month__year__lt=2000).exists()
    assert client_for("branch").post(url, {**data, "members": []}).status_code == 200


def test_an_import_confirmed_after_the_member_left_writes_nothing(client_for, world, dues):
    """Old code wrote the plan's payments whatever had happened since it was made: a member transferred out in
    between got a payment on a record that no longer pays here."""
    from django.core.exceptions import ValidationError

    from dangjian.dues.importing import apply_plan, plan_import

    rows = [["姓名", "月份", "金额", "交纳日期", "方式"], ["李预备", "2026-05", "", "2026-06-01", "微信"]]
    plan = plan_import(kind="payments", data=_xlsx(rows), filename="d.xlsx", school=world.school, year=2026)
    assert not plan.problems
    dues["probationary"].status = "transferred_out"
    dues["probationary"].save(update_fields=["status"])
    with pytest.raises(ValidationError) as exc:
        apply_plan(plan, school=world.school, actor=None)
    assert exc.value.messages == ["第 2 行（李预备）：该党员已不在本校党员名单中（可能刚办理转出），请重新上传检查。"]
    assert not DuesPayment.objects.filter(member=dues["probationary"]).exists()
