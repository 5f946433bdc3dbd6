"""Services: audit entries, soft delete, proposals, erasure; forms refuse bad input with nothing written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dangjian.accounts.models import AuditLog
from dangjian.school.enums import PoliticalStatus
from dangjian.school.models import Skill, StaffYear, Student
from dangjian.support import queries, services
from dangjian.support.forms import PairingForm, PoorStudentRecordForm, SpecialStudentCaseForm, SupportRecordForm
from dangjian.support.models import AidEntry, Pairing, PoorStudentRecord, SpecialStudentCase, SupportRecord
from dangjian.tests import factories as f


def test_record_with_aid_goes_to_the_ledger_and_the_audit(sw, world):
    form = SupportRecordForm(
        data={
            "kind": "aid",
            "date": "2022-11-02",
            "notes": "送冬衣",
            "amount": "300",
            "goods": "冬衣一套",
            "goods_value": "260",
            "fund_source": "personal",
        },
        pairing=sw.poor_pairing,
    )
    assert form.is_valid(), form.errors
    record = services.record_save(form=form, actor=world.users["teacher"])
    entry = AidEntry.objects.get(record=record)
    assert (entry.amount, entry.goods, entry.goods_value, entry.total) == (
        Decimal("300"),
        "冬衣一套",
        Decimal("260"),
        Decimal("560"),
    )
    log = AuditLog.objects.get(action="support.record.create")
    assert (log.user, log.school, log.object_id) == (world.users["teacher"], world.school, str(record.pk))
    assert "张小明" not in log.summary  # the log names ids, not students

    form = SupportRecordForm(
        data={"kind": "talk", "date": "2022-11-02", "notes": "改为谈心"}, instance=record, pairing=sw.poor_pairing
    )
    assert form.is_valid(), form.errors
    services.record_save(form=form, actor=world.users["teacher"])
    assert AidEntry.objects.filter(record=record).count() == 0


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"kind": "aid", "date": "2022-11-02", "amount": "-1", "fund_source": "personal"},
            {"amount": ["金额应在 0.01 至 100000 元之间。"]},
        ),
        (
            {"kind": "aid", "date": "2022-11-02", "amount": "100000.01", "fund_source": "personal"},
            {"amount": ["金额应在 0.01 至 100000 元之间。"]},
        ),
        (
            {"kind": "aid", "date": "2022-11-02", "amount": "1e9", "fund_source": "personal"},
            {"amount": ["金额应在 0.01 至 100000 元之间。"]},
        ),
        (
            {"kind": "aid", "date": "2022-11-02", "fund_source": "personal"},
            {"amount": ["钱物资助须填写资助金额，或填写物品及其折价。"]},
        ),
        (
            {"kind": "aid", "date": "2022-11-02", "goods": "书包", "fund_source": "school"},
            {"goods_value": ["请填写物品折价（元）。"]},
        ),
        ({"kind": "aid", "date": "2022-11-02", "amount": "50"}, {"fund_source": ["请选择资金来源。"]}),
        (
            {"kind": "talk", "date": "2022-11-02", "amount": "50"},
            {"kind": ["只有“钱物资助”才填写资助金额、物品或资金来源。"]},
        ),
        ({"kind": "talk", "date": "2022-08-31"}, {"date": ["日期应在本学期（2022-09-01 至 2023-01-31）之内。"]}),
        ({"kind": "talk", "date": "2023-02-01"}, {"date": ["日期应在本学期（2022-09-01 至 2023-01-31）之内。"]}),
        ({"kind": "talk", "date": "2022-13-01"}, {"date": ["输入一个有效的日期。"]}),
    ],
)
def test_bad_records_are_refused(sw, data, errors):
    form = SupportRecordForm(data=data, pairing=sw.poor_pairing)
    assert not form.is_valid()
    assert {k: v for k, v in form.errors.items() if k in errors} == errors


def test_record_in_a_future_semester_day_is_refused(sw, world):
    future = f.SemesterFactory(
        school_year=f.SchoolYearFactory(start_year=2099),
        term=1,
        starts_on=dt.date(2099, 9, 1),
        ends_on=dt.date(2100, 1, 31),
    )
    pairing = f.PairingFactory(student=sw.poor_student, semester=future, helper=sw.helper)
    form = SupportRecordForm(data={"kind": "talk", "date": "2099-09-10"}, pairing=pairing)
    assert not form.is_valid()
    assert form.errors["date"] == ["日期不能晚于今天。"]


def test_special_records_have_no_aid_fields(sw):
    form = SupportRecordForm(
        data={"kind": "home_visit", "date": "2022-10-01", "amount": "5"}, pairing=sw.special_pairing
    )
    assert "amount" not in form.fields
    assert form.is_valid(), form.errors
    assert (
        SupportRecordForm(data={"kind": "aid", "date": "2022-10-01"}, pairing=sw.special_pairing)
        .errors["kind"][0]
        .startswith("选择一个有效的选项")
    )


def test_pairing_form_refuses_non_members_other_schools_and_unregistered_students(sw, world):
    masses = f.StaffFactory(school=world.school, name="群众老师")
    retired = f.StaffFactory(
        school=world.school, name="退休老师", political_status=PoliticalStatus.PARTY_MEMBER, is_active=False
    )
    outsider = world.users["outsider"].staff
    kinds = ["poor", "special"]

    def errors(**data):
        form = PairingForm(data=data, school=world.school, semester=sw.semester, kinds=kinds)
        assert not form.is_valid()
        return dict(form.errors)

    number = sw.other_student.student_number
    assert errors(student_number=number, kind="special", helper=masses.pk)["helper"] == [
        "群众老师 不是中共党员（含预备党员），不能结对帮扶。"
    ]
    assert errors(student_number=number, kind="special", helper=outsider.pk)["helper"] == [
        "外校老师 不是本校教职工，不能结对。"
    ]
    assert errors(student_number=number, kind="special", helper=retired.pk)["helper"] == ["退休老师 已不在职。"]
    assert errors(student_number=number, kind="poor", helper=sw.helper.pk)["student_number"] == [
        "陈小刚 不在 2022-2023 学年贫困生名册中，请先登记。"
    ]
    assert errors(student_number=number, kind="special", helper=sw.helper.pk)["student_number"] == [
        "陈小刚 本学期已有特殊生结对。"
    ]
    assert errors(student_number="X404", kind="poor", helper=sw.helper.pk)["student_number"] == [
        "本校没有学号为 X404 的学生。"
    ]
    assert errors(student_number=number, kind="special", helper=999999)["helper"][0].startswith("选择一个有效的选项")
    assert Pairing.objects.count() == 3


def test_register_forms(sw, world):
    year = world.year
    form = PoorStudentRecordForm(
        data={"student_number": sw.poor_student.student_number, "type": "filed", "recognized_on": "2022-09-01"},
        school=world.school,
        school_year=year,
    )
    assert form.errors == {"student_number": ["张小明 已在 2022-2023 学年贫困生名册中。"]}
    form = SpecialStudentCaseForm(
        data={
            "student_number": sw.poor_student.student_number,
            "categories": ["family", "psychological"],
            "referred_on": "2099-01-01",
            "outcome": "ongoing",
        },
        school=world.school,
        school_year=year,
    )
    assert form.errors == {"referred_on": ["日期应在 2000-01-01 到今天之间。"]}
    form = SpecialStudentCaseForm(
        data={
            "student_number": sw.poor_student.student_number,
            "categories": ["family", "psychological"],
            "referred_on": "2022-10-01",
            "outcome": "ongoing",
        },
        school=world.school,
        school_year=year,
    )
    assert form.is_valid(), form.errors
    case = services.special_case_save(form=form, actor=world.users["counsellor"])
    assert case.categories == "psychological,family"
    assert AuditLog.objects.filter(action="support.case.create").count() == 1


def test_record_delete_is_soft_and_stops_counting(sw, world):
    before = queries.figures(world.school)["total"]
    services.record_delete(record=sw.talk, actor=world.users["teacher"])
    record = SupportRecord.objects.get(pk=sw.talk.pk)
    assert (record.deleted_by, record.notes) == (world.users["teacher"], "谈学习计划，鼓励坚持。")
    after = queries.figures(world.school)["total"]
    assert (before.poor, after.poor) == (1, 0)
    assert AuditLog.objects.filter(action="support.record.delete", object_id=str(sw.talk.pk)).count() == 1


def test_pairing_with_records_cannot_be_deleted(sw, world):
    with pytest.raises(ValidationError):
        services.pairing_delete(pairing=sw.poor_pairing, actor=world.users["secretary"])
    services.record_delete(record=sw.talk, actor=world.users["secretary"])
    with pytest.raises(ValidationError):  # a deleted record is kept for the audit, and so is its pairing
        services.pairing_delete(pairing=sw.poor_pairing, actor=world.users["secretary"])


def test_propose_then_confirm(sw, world):
    school, year = world.school, world.year
    certified = f.PartyMemberFactory(branch=world.branch, staff__name="心理老师").staff
    certified.skills.set(Skill.objects.filter(name="心理咨询师证书"))
    StaffYear.objects.create(
        staff=certified, school_year=year, grade=sw.poor_student.enrollments.get().school_class.grade
    )
    new_special = f.StudentFactory(school=school, name="周小华")
    new_poor = f.StudentFactory(school=school, name="吴小亮")
    f.SpecialStudentCaseFactory(student=new_special, school_year=year)
    f.PoorStudentRecordFactory(student=new_poor, school_year=year)
    proposals = services.pairings_propose(
        school=school, semester=sw.semester, kinds=["poor", "special"], actor=world.users["secretary"]
    )
    assert sorted((p.name, p.kind, p.helper_id) for p in proposals) == [
        ("吴小亮", "poor", certified.pk),
        ("周小华", "special", certified.pk),
    ]
    special = Pairing.objects.get(student=new_special)
    assert (special.helper, special.status) == (certified, "proposed")
    # A proposal gives the helper nothing yet; confirming does.
    assert (
        services.pairing_confirm(
            pairings=list(Pairing.objects.filter(status="proposed")), actor=world.users["secretary"], school=school
        )
        == 2
    )
    assert Pairing.objects.filter(status="proposed").count() == 0
    assert services.pairings_propose(school=school, semester=sw.semester, kinds=["poor", "special"], actor=None) == []


def test_erase_keeps_counts_and_removes_personal_data(sw, world):
    before = queries.figures(world.school)["total"]
    services.student_erase(school=world.school, student=sw.special_student, actor=world.users["secretary"])
    student = Student.objects.get(pk=sw.special_student.pk)
    assert (student.name, student.student_number) == (f"已删除{student.pk}", f"DEL{student.pk}")
    case = SpecialStudentCase.objects.get(pk=sw.case.pk)
    assert (case.description, case.referred_by, case.categories) == ("", "", "psychological")
    assert SupportRecord.objects.get(pk=sw.visit.pk).notes == ""
    assert SupportRecord.objects.get(pk=sw.visit.pk).kind == "home_visit"
    assert queries.figures(world.school)["total"] == before
    log = AuditLog.objects.get(action="support.student.erase")
    assert "李小红" not in log.summary
    # the other students are untouched
    assert PoorStudentRecord.objects.get(pk=sw.poor_record.pk).family_note == "父亲务工，母亲患病。"


def test_semester_checks_on_the_fixture(sw, world):
    findings = queries.semester_checks(world.school, sw.semester, today=dt.date(2022, 12, 1))
    assert [f.message for f in findings] == [
        "李小红（帮扶人 王老师）已 54 天未联系，要求每 30 天至少一次",
        "陈小刚（帮扶人 赵老师）已 53 天未联系，要求每 30 天至少一次",
        "张小明（帮扶人 王老师）本学期尚缺：学习辅导、钱物资助",
    ]
    mine = queries.semester_checks(world.school, sw.semester, today=dt.date(2022, 12, 1), helper_id=sw.helper2.pk)
    assert [f.message for f in mine] == ["陈小刚（帮扶人 赵老师）已 53 天未联系，要求每 30 天至少一次"]


def test_findings_for_each_role(sw, world):
    users = world.users
    assert len(queries.findings_for(users["secretary"], world.school)) == 3
    # The semester is over: checked as of its last day, 2023-01-31.
    assert [m for _, m, _ in queries.findings_for(users["teacher"], world.school)] == [
        "李小红（帮扶人 王老师）已 115 天未联系，要求每 30 天至少一次",
        "张小明（帮扶人 王老师）本学期未开展：学习辅导、钱物资助",
    ]
    assert {m.split("（")[0] for _, m, _ in queries.findings_for(users["counsellor"], world.school)} == {
        "李小红",
        "陈小刚",
    }
    for role in ("party_staff", "branch", "jiaowu", "county", "outsider"):
        assert queries.findings_for(users[role], world.school) == []


def test_erase_scrubs_the_name_and_number_from_audit_summaries_and_keeps_ids_and_actions(sw, world):
    from dangjian.accounts.services import audit

    student, other = sw.special_student, sw.other_student
    secretary = world.users["secretary"]
    audit(
        secretary, "student.update", student, school=world.school, summary=f"{student.name}（{student.student_number}）"
    )
    services.case_read(case=sw.case, actor=secretary)
    audit(secretary, "student.update", other, school=world.school, summary=f"{other.name}（{other.student_number}）")
    name, number = student.name, student.student_number
    entries = list(AuditLog.objects.filter(summary__contains=name).values_list("pk", "action", "object_id"))
    assert len(entries) == 1
    services.student_erase(school=world.school, student=student, actor=secretary)
    assert AuditLog.objects.filter(summary__contains=name).count() == 0
    assert AuditLog.objects.filter(summary__contains=number).count() == 0
    assert list(
        AuditLog.objects.filter(pk__in=[e[0] for e in entries]).order_by("pk").values_list("pk", "action", "object_id")
    ) == sorted(entries)
    assert AuditLog.objects.get(action="student.update", object_id=str(student.pk)).summary == (
        f"已删除{student.pk}（DEL{student.pk}）"
    )
    assert AuditLog.objects.get(action="student.update", object_id=str(other.pk)).summary == (
        f"{other.name}（{other.student_number}）"
    )
