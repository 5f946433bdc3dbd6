"""The dues record moves with an in-county transfer: months paid at the sending school are shown settled at
the receiving school (已在原单位缴纳) but counted once, at the school that collected them."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from dangjian.dues.exports import ledger_xlsx
from dangjian.dues.importing import plan_import
from dangjian.dues.ledger import build_rows, dues_figures, ledger_members, members_of, totals
from dangjian.dues.models import DuesBase, DuesPayment
from dangjian.dues.services import payment_delete
from dangjian.party.models import PartyMember
from dangjian.transfers import services
from dangjian.transfers.forms import TransferAcceptForm
from dangjian.transfers.models import Transfer
from dangjian.transfers.services import transfer_accept

pytestmark = pytest.mark.django_db

YEAR = 2022


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = "2022-11-01"


@pytest.fixture
def paid(county):
    """王老师 (base 6000 → 90.00 a month) paid January–August 2022 at school a; September onward unpaid."""
    DuesBase.objects.create(member=county.member, year=YEAR, monthly_base=Decimal("6000"))
    for m in range(1, 9):
        DuesPayment.objects.create(
            member=county.member, month=dt.date(YEAR, m, 1), amount=Decimal("90.00"), paid_on=dt.date(YEAR, m, 5)
        )


def accept(transfer, county):
    form = TransferAcceptForm(
        {"accepted_on": "2022-10-20", "branch": county.b_branch.pk, "staff_number": "B001"},
        school=transfer.to_school,
        transfer=transfer,
    )
    assert form.is_valid(), form.errors
    return transfer_accept(transfer=transfer, form=form, actor=None)


def figures(school):
    out = dues_figures(school, YEAR)
    return out["due"], out["collected"]


def county_totals(world):
    a, b = figures(world.school), figures(world.other_school)
    return a[0] + b[0], a[1] + b[1]


def test_receiving_ledger_shows_months_paid_before_as_carried_not_arrears(world, county, pending, paid):
    new = accept(pending, county).new_member
    [row] = build_rows(ledger_members([county.b_branch], YEAR), YEAR)
    assert row.member == new
    carried = [c for c in row.cells if c.carried]
    assert [(c.month.month, c.payment.amount, c.payment.paid_on) for c in carried] == [
        (m, Decimal("90.00"), dt.date(YEAR, m, 5)) for m in range(1, 9)
    ]
    assert all(c.payment.carried_from.member_id == county.member.pk for c in carried)
    # September and October, unpaid before the transfer, are owed at the new school; November too.
    assert [c.month.month for c in row.cells if c.unpaid] == [9, 10, 11]
    assert (row.due, row.paid, row.arrears, row.streak, row.behind) == (
        Decimal("270.00"),
        Decimal("0.00"),
        Decimal("270.00"),
        3,
        False,
    )
    assert row.base.monthly_dues == Decimal("90.00")  # the year's base came along (the school may correct it)


def test_each_payment_is_counted_once_county_totals_unchanged(world, county, pending, paid):
    before_county, before_a = county_totals(world), figures(world.school)
    assert before_a == (Decimal("990.00"), Decimal("720.00"))
    accept(pending, county)
    assert county_totals(world) == before_county
    # The sending school keeps what it collected; the months left unpaid moved to the receiving school.
    assert figures(world.school) == (Decimal("720.00"), Decimal("720.00"))
    assert figures(world.other_school) == (Decimal("270.00"), Decimal("0.00"))


def test_sending_ledger_keeps_the_transferred_member_with_the_months_collected(world, county, pending, paid):
    accept(pending, county)
    rows = build_rows(ledger_members([world.branch], YEAR), YEAR)
    [old] = [r for r in rows if r.member.pk == county.member.pk]
    assert (old.member.status, old.member.left_on) == ("transferred_out", dt.date(2022, 10, 8))
    assert (old.due, old.paid, old.arrears, old.behind) == (Decimal("720.00"), Decimal("720.00"), Decimal(0), False)
    assert totals(rows).paid == Decimal("720.00")


def test_a_member_six_months_behind_is_still_warned_at_the_new_school(world, county, pending):
    DuesBase.objects.create(member=county.member, year=YEAR, monthly_base=Decimal("6000"))
    DuesPayment.objects.create(
        member=county.member, month=dt.date(YEAR, 4, 1), amount=Decimal("90.00"), paid_on=dt.date(YEAR, 4, 5)
    )
    accept(pending, county)
    [row] = build_rows(ledger_members([county.b_branch], YEAR), YEAR)
    assert (row.streak, row.behind) == (7, True)  # May–November; April, paid at school a, ends the run


def test_a_carried_month_is_not_recorded_again_nor_removed_at_the_new_school(world, county, pending, paid):
    new = accept(pending, county).new_member
    carried = new.dues_payments.get(month=dt.date(YEAR, 1, 1))
    with pytest.raises(Exception, match="原单位"):
        payment_delete(payment=carried, actor=None)
    assert DuesPayment.objects.filter(member=new).count() == 8


def test_a_failed_accept_moves_nothing(world, county, pending, paid, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "audit", broken)  # the accept's last write
    with pytest.raises(RuntimeError):
        accept(pending, county)
    assert Transfer.objects.get(pk=pending.pk).state == "pending"
    assert PartyMember.objects.get(pk=county.member.pk).status == "full"
    assert not PartyMember.objects.filter(branch=county.b_branch).exists()
    assert DuesPayment.objects.count() == 8
    assert not DuesPayment.objects.filter(carried_from__isnull=False).exists()


def test_my_dues_page_shows_the_carried_months(client, world, county, pending, paid):
    accept(pending, county)
    client.force_login(world.users["teacher"])
    response = client.get(reverse("dues:mine", args=[world.other_school.code]) + f"?year={YEAR}")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count("已在原单位缴纳 90.00 元") == 8
    assert "2022-01-05" in text
    assert "另有 8 个月已在原单位缴纳" in text


def test_the_receiving_ledger_and_record_pages_show_carried_months(client, world, county, pending, paid):
    accept(pending, county)
    client.force_login(county.b_secretary)
    ledger_page = client.get(reverse("dues:ledger", args=["b", county.b_branch.pk]) + f"?year={YEAR}")
    text = ledger_page.content.decode()
    assert "已在原单位缴纳：2022-01-05" in text
    assert ledger_page.context["total"].paid == Decimal("0.00")
    record = client.get(reverse("dues:record", args=["b", county.b_branch.pk]) + "?month=2022-03")
    text = record.content.decode()
    assert "已在原单位缴纳 · 3月5日" in text
    assert "撤销 王老师 3 月" not in text


def test_a_carried_month_in_a_payments_import_at_the_new_school_is_a_problem_not_an_update(
    world, county, pending, paid
):
    new = accept(pending, county).new_member
    wb = Workbook()
    for row in [["工号", "姓名", "月份", "金额", "交纳日期"], ["B001", "王老师", "2022-03", "95", "2022-10-25"]]:
        wb.active.append(row)
    out = BytesIO()
    wb.save(out)
    plan = plan_import(kind="payments", data=out.getvalue(), filename="p.xlsx", school=world.other_school, year=YEAR)
    [row] = plan.rows
    assert any("原单位" in p for p in row.problems), (row.action, row.problems)
    assert new.dues_payments.get(month=dt.date(YEAR, 3, 1)).amount == Decimal("90.00")


def test_the_quarterly_sheet_counts_a_transferred_member_at_one_school_only(world, county, pending, paid):
    accept(pending, county)

    def members_column(school, branch):
        sheet = load_workbook(BytesIO(ledger_xlsx(school, [branch], YEAR).content)).worksheets[1]
        return sheet.cell(row=2, column=2).value

    assert members_column(world.school, world.branch) == len(members_of([world.branch]))
    assert members_column(world.other_school, county.b_branch) == 1


def test_the_receiving_school_gets_only_the_bases_of_years_it_collects_for(world, county, pending, paid):
    """2021 was paid in full at school a: school b owes nothing for it and does not see that year's pay."""
    DuesBase.objects.create(member=county.member, year=2021, monthly_base=Decimal("5800"), note="病假期间")
    DuesBase.objects.create(member=county.member, year=2020, monthly_base=Decimal("5600"))
    for m in range(1, 13):
        DuesPayment.objects.create(
            member=county.member, month=dt.date(2021, m, 1), amount=Decimal("87.00"), paid_on=dt.date(2021, m, 5)
        )
    new = accept(pending, county).new_member
    # 2020 was left unpaid (owed at school b now) and 2022 is the year of the transfer: those are needed.
    assert sorted(new.dues_bases.values_list("year", flat=True)) == [2020, YEAR]


def test_the_api_ledger_lists_the_rows_the_api_summary_adds_up(client, world, county, pending, paid):
    accept(pending, county)
    client.force_login(world.users["secretary"])
    query = {"school": "a", "branch": world.branch.pk, "year": YEAR}
    rows = client.get("/api/v1/dues/ledger", query).json()["items"]
    summary = client.get("/api/v1/dues/summary", {"school": "a", "year": YEAR}).json()
    [branch] = [b for b in summary["branches"] if b["id"] == world.branch.pk]
    assert sum(Decimal(r["paid"]) for r in rows) == Decimal(branch["paid"]) == Decimal("720.00")
    assert [r["status"] for r in rows if r["member"] == county.member.pk] == ["transferred_out"]


def test_the_receiving_secretary_sees_a_settled_year_as_paid_but_not_what_was_paid(client, world, county, pending):
    """87.00 a month at 1.5% is a base of 5800: the amounts collected at school a would give away the pay of a
    year school b owes nothing for. The member still sees them on 我的党费."""
    for m in range(1, 13):
        DuesPayment.objects.create(
            member=county.member, month=dt.date(2021, m, 1), amount=Decimal("87.00"), paid_on=dt.date(2021, m, 5)
        )
    accept(pending, county)
    client.force_login(county.b_secretary)
    pages = [
        reverse("dues:ledger", args=["b", county.b_branch.pk]) + "?year=2021",
        reverse("dues:record", args=["b", county.b_branch.pk]) + "?month=2021-03",
    ]
    for url in pages:
        text = client.get(url).content.decode()
        assert "已在原单位缴纳" in text and "87.00" not in text, url
    api = client.get("/api/v1/dues/ledger", {"school": "b", "branch": county.b_branch.pk, "year": 2021}).json()
    months = api["items"][0]["months"]
    assert [(m["carried"], m["paid"], m["paid_on"]) for m in months[:1]] == [(True, None, "2021-01-05")]
    client.force_login(world.users["teacher"])
    assert "已在原单位缴纳 87.00 元" in client.get(reverse("dues:mine", args=["b"]) + "?year=2021").content.decode()
