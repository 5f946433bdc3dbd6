"""Support pages with real data: contents, audit, Excel export and import, erasure, query counts."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from dangjian.accounts.models import AuditLog
from dangjian.support.models import SupportRecord
from dangjian.tests import factories as f


def url(name, *args):
    return reverse(f"support:{name}", args=["a", *args])


def test_helper_home_lists_own_students(client_for, sw):
    response = client_for("teacher").get(url("home"))
    assertContains(response, "张小明")
    assertContains(response, "李小红")
    assertNotContains(response, "陈小刚")


def test_student_page_shows_the_case_and_audits_the_read(client_for, sw, world):
    response = client_for("teacher").get(url("student", sw.special_student.pk), REMOTE_ADDR="10.1.2.3")
    assertContains(response, "考试前容易紧张，需要鼓励。")
    assertContains(response, "入户家访，与家长交流。")
    log = AuditLog.objects.get(action="support.case.read")
    assert (log.user, log.school, log.object_type, log.object_id, log.ip_address) == (
        world.users["teacher"],
        world.school,
        "support.SpecialStudentCase",
        str(sw.case.pk),
        "10.1.2.3",
    )


def test_poor_student_page_is_not_a_case_read(client_for, sw):
    response = client_for("teacher").get(url("student", sw.poor_student.pk))
    assertContains(response, "父亲务工，母亲患病。")
    assert AuditLog.objects.filter(action="support.case.read").count() == 0


def test_a_poor_and_special_student_shows_each_helper_only_their_part(client_for, sw, world):
    f.PoorStudentRecordFactory(student=sw.other_student, school_year=world.year, family_note="家境困难的说明")
    f.PairingFactory(student=sw.other_student, semester=sw.semester, helper=sw.helper, kind="poor")
    response = client_for("teacher").get(url("student", sw.other_student.pk))
    assertContains(response, "家境困难的说明")
    assertNotContains(response, "厌学，作业常缺交。")
    assert AuditLog.objects.filter(action="support.case.read").count() == 0


def test_support_status_never_appears_on_school_pages(client_for, sw):
    client = client_for("secretary")
    for name, args in (
        ("student_list", []),
        ("student_detail", [sw.special_student.pk]),
        ("class_detail", [sw.special_student.enrollments.get().school_class_id]),
    ):
        response = client.get(reverse(f"school:{name}", args=["a", *args]))
        assert response.status_code == 200
        for word in ("特殊生", "贫困生", "考试前容易紧张", "帮扶人", "结对"):
            assertNotContains(response, word)


def test_record_a_home_visit_through_the_page(client_for, sw):
    response = client_for("teacher").post(
        url("record_create", sw.special_pairing.pk), {"kind": "home_visit", "date": "2022-11-05", "notes": "再次家访"}
    )
    assert response.status_code == 302
    record = SupportRecord.objects.get(pairing=sw.special_pairing, date=dt.date(2022, 11, 5))
    assert record.notes == "再次家访"
    assert (record.kind, record.created_by.username) == ("home_visit", "teacher")


def test_bad_record_shows_the_error_and_saves_nothing(client_for, sw):
    before = SupportRecord.objects.count()
    response = client_for("teacher").post(
        url("record_create", sw.poor_pairing.pk),
        {"kind": "aid", "date": "2022-11-05", "amount": "999999", "fund_source": "personal"},
    )
    assert response.status_code == 200
    assertContains(response, "金额应在 0.01 至 100000 元之间。")
    assert SupportRecord.objects.count() == before


def test_audit_page_filters(client_for, sw):
    client_for("counsellor").get(url("student", sw.other_student.pk))
    client = client_for("secretary")
    response = client.get(url("audit"), {"action": "support.case.read", "user": "counsellor"})
    assertContains(response, "support.case.read")
    assertContains(response, f"特殊生档案#{sw.other_case.pk}")
    assert response.context["page_obj"].paginator.count == 1
    today = dt.date.today().isoformat()
    assert client.get(url("audit"), {"from": "2000-01-01", "to": "2000-01-02"}).context["page_obj"].paginator.count == 0
    assert client.get(url("audit"), {"from": "junk", "to": today, "action": "junk"}).status_code == 200


@pytest.mark.parametrize("register", ["poor", "special", "aid"])
def test_export_opens_back_and_is_audited(client_for, sw, register, world):
    f.AidEntryFactory(record__pairing=sw.poor_pairing, record__date=dt.date(2022, 10, 1), amount=500)
    response = client_for("secretary").get(url("export", register), {"year": "2022"})
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    if register == "poor":
        assert rows[0][:5] == ["学年", "学号", "姓名", "班级", "困难类型"]
        assert rows[1][2:5] == ["张小明", "高一（1）班", "低保"]
    elif register == "special":
        assert [r[2] for r in rows[1:]] == ["李小红", "陈小刚"]
        assert rows[2][4] == "行为、学习"
        assert "考试前容易紧张" not in str(rows)  # descriptions stay out of exports
    else:
        assert wb.sheetnames == ["资助明细", "按学生", "按帮扶人", "按学期", "按资金来源"]
        assert rows[1][3:6] == ["张小明", "王老师", 500]
    log = AuditLog.objects.get(action=f"support.export.{register}")
    assert (log.user, log.school) == (world.users["secretary"], world.school)


def test_export_without_the_right_is_refused_and_not_audited(client_for, sw):
    assert client_for("counsellor").get(url("export", "poor")).status_code == 403
    assert client_for("teacher").get(url("export", "special")).status_code == 403
    assert client_for("secretary").get(url("export", "junk")).status_code == 404
    assert AuditLog.objects.filter(action__startswith="support.export").count() == 0


def test_erase_through_the_page(client_for, sw):
    client = client_for("secretary")
    response = client.post(url("student_erase", sw.poor_student.pk), {"confirm": "wrong"})
    assertContains(response, "学号不一致，未执行删除。")
    response = client.post(url("student_erase", sw.poor_student.pk), {"confirm": sw.poor_student.student_number})
    assert response.status_code == 302
    sw.poor_student.refresh_from_db()
    assert sw.poor_student.name == f"已删除{sw.poor_student.pk}"


def test_pairing_proposal_and_confirmation_pages(client_for, sw, world):
    new = f.StudentFactory(school=world.school, name="新登记生")
    f.PoorStudentRecordFactory(student=new, school_year=world.year)
    client = client_for("secretary")
    response = client.post(url("pairing_propose"), {"semester": "2022-2023-1"}, follow=True)
    assertContains(response, "已生成 1 条结对建议")
    assertContains(response, "新登记生")
    response = client.post(url("pairing_confirm"), {"semester": "2022-2023-1", "all": "1"}, follow=True)
    assertContains(response, "已确认 1 条结对。")


def test_figures_page_for_the_county_has_no_names(client_for, sw):
    response = client_for("county").get(url("figures"))
    assertContains(response, "帮扶人次")
    for name in ("张小明", "李小红", "陈小刚", "王老师", "我的帮扶"):
        assertNotContains(response, name)


def test_school_home_shows_findings_to_helper_and_secretary_only(client_for, sw):
    home = reverse("school:home", args=["a"])
    assertContains(client_for("teacher").get(home), "帮扶工作提醒")
    assertContains(client_for("secretary").get(home), "陈小刚（帮扶人 赵老师）")
    for role in ("party_staff", "branch", "jiaowu", "county"):
        assertNotContains(client_for(role).get(home, follow=True), "帮扶工作提醒")


# Query counts: constant whatever the number of rows ----------------------------------------------------


def _grow(sw, world, k):
    for _ in range(k):
        student = f.StudentFactory(school=world.school)
        f.EnrollmentFactory(
            student=student, school_class=sw.poor_student.enrollments.get().school_class, school_year=world.year
        )
        f.PoorStudentRecordFactory(student=student, school_year=world.year)
        f.SpecialStudentCaseFactory(student=student, school_year=world.year)
        for kind in ("poor", "special"):
            pairing = f.PairingFactory(student=student, semester=sw.semester, helper=sw.helper, kind=kind)
            f.AidEntryFactory(record__pairing=pairing)
            f.SupportRecordFactory(pairing=pairing)
        client_student = student
    return client_student


PAGES = {
    "home_secretary": ("secretary", lambda s: url("home")),
    "home_teacher": ("teacher", lambda s: url("home")),
    "poor_list": ("secretary", lambda s: url("poor_list")),
    "special_list": ("secretary", lambda s: url("special_list")),
    "pairing_list": ("secretary", lambda s: url("pairing_list")),
    "aid": ("secretary", lambda s: url("aid")),
    "audit": ("secretary", lambda s: url("audit")),
    "figures": ("secretary", lambda s: url("figures")),
    "student": ("secretary", lambda s: url("student", s.special_student.pk)),
    "school_home_teacher": ("teacher", lambda s: reverse("school:home", args=["a"])),
    "school_home_secretary": ("secretary", lambda s: reverse("school:home", args=["a"])),
    "export_aid": ("secretary", lambda s: url("export", "aid")),
    "api_pairings": ("teacher", lambda s: "/api/v1/support/pairings?school=a"),
    "api_poor": ("secretary", lambda s: "/api/v1/support/poor?school=a"),
    "api_special": ("secretary", lambda s: "/api/v1/support/special?school=a"),
    "api_checks": ("secretary", lambda s: "/api/v1/support/checks?school=a"),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_query_count_is_constant(client_for, sw, world, name, django_assert_max_num_queries):
    role, url_of = PAGES[name]
    client = client_for(role)
    _grow(sw, world, 1)
    client.get(url_of(sw))  # warm caches (url resolvers, content types)
    with django_assert_max_num_queries(200) as few:
        assert client.get(url_of(sw)).status_code == 200
    expected = len(few)
    _grow(sw, world, 4)
    client.get(url_of(sw))
    with django_assert_max_num_queries(expected) as many:
        assert client.get(url_of(sw)).status_code == 200
    assert len(many) == expected
