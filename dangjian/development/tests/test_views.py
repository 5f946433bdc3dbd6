"""The development pages: what they show, what they refuse, and their query counts."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from dangjian.development.enums import StepKind
from dangjian.development.models import DevelopmentFile, DevelopmentStep
from dangjian.party.enums import MemberStatus
from dangjian.party.models import PartyMember

from .conftest import PDF, open_file, open_student_file, recommended_student


def _url(name, *args):
    return reverse(f"development:{name}", args=["a", *args])


def test_file_page_shows_the_overdue_talk_and_a_form_for_it(world, ddata, client_for):
    response = client_for("branch").get(_url("file_detail", ddata.file.pk))
    html = response.content.decode()
    assert "下一步：<strong>派人谈话</strong>，期限 2024-06-01（已逾期）" in html
    assert list(response.context["form"].fields["kind"].choices) == [("talk", "派人谈话")]
    assert response.context["can_undo"] is False  # the application stays


def test_a_step_out_of_order_is_refused_with_the_rule(world, ddata, client_for):
    response = client_for("branch").post(_url("step_add", ddata.file.pk), {"kind": "activist", "date": "2024-06-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == ["选择一个有效的选项。 activist 不在可用的选项中。"]


def test_a_step_before_its_earliest_date_is_refused_with_the_rule(world, ddata, client_for):
    response = client_for("branch").post(_url("step_add", ddata.file.pk), {"kind": "talk", "date": "2024-04-30"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "“派人谈话”的日期不能早于上一步“递交入党申请”（2024-05-01）。"
    ]
    assert list(ddata.file.steps.values_list("kind", flat=True)) == [StepKind.APPLICATION]


def test_a_document_of_the_wrong_type_is_refused(world, ddata, client_for):
    upload = SimpleUploadedFile("谈话记录.pdf", b"MZ not a pdf")
    response = client_for("branch").post(
        _url("step_add", ddata.file.pk), {"kind": "talk", "date": "2024-05-20", "document": upload}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["document"] == ["文件内容与扩展名 .pdf 不符，请确认文件未损坏。"]


def test_the_branch_secretary_opens_a_file(world, ddata, client_for):
    person = world.school.staff.create(staff_number="N1", name="新教师", gender="F", birth_date=dt.date(1999, 1, 1))
    response = client_for("branch").post(
        _url("file_create"),
        {
            "staff": person.pk,
            "branch": world.branch.pk,
            "date": "2024-06-28",
            "document": SimpleUploadedFile("申请书.pdf", PDF),
        },
    )
    file = DevelopmentFile.objects.get(staff=person)
    assert response["Location"] == _url("file_detail", file.pk)
    assert person.party_record.status == MemberStatus.APPLICANT


def test_the_branch_secretary_may_not_open_a_file_in_another_branch(world, ddata, client_for):
    person = world.school.staff.create(staff_number="N1", name="新教师", gender="F", birth_date=dt.date(1999, 1, 1))
    response = client_for("branch").post(
        _url("file_create"), {"staff": person.pk, "branch": ddata.other_branch.pk, "date": "2024-06-28"}
    )
    assert response.status_code == 200
    assert "branch" in response.context["form"].errors
    assert not DevelopmentFile.objects.filter(staff=person).exists()


def test_overview_groups_by_stage_and_flags_overdue(world, ddata, client_for):
    response = client_for("secretary").get(_url("overview") + "?year=2023")
    assert [row.file.staff.name for row in response.context["overdue"]] == ["李申请"]
    assert [row.file.staff.name for row in response.context["due_soon"]] == ["赵申请"]
    stages = {value: [r.file.staff.name for r in rows] for value, _, rows in response.context["stages"]}
    assert stages["applicant"] == ["李申请", "赵申请"]
    plans = [(p.branch.name, p.target, p.admitted) for p in response.context["plans"]]
    assert plans == [("第一党支部", None, 0), ("第二党支部", None, 0)]


def test_the_branch_secretary_sees_only_their_branch(world, ddata, client_for):
    response = client_for("branch").get(_url("overview"))
    assert [row.file.staff.name for row in response.context["overdue"] + response.context["due_soon"]] == ["李申请"]
    assert [p.branch.name for p in response.context["plans"]] == ["第一党支部"]


def test_overview_query_count_does_not_grow(world, ddata, client_for, django_assert_max_num_queries):
    client = client_for("secretary")
    client.get(_url("overview"))  # warm the session
    with django_assert_max_num_queries(12) as few:
        client.get(_url("overview"))
    for i in range(3):
        open_file(world.school, world.branch, f"申请人{i}", dt.date(2024, 6, 1))
        student = recommended_student(world.school, f"学生{i}", dt.date(2006, 1, 1))
        open_student_file(world.school, world.branch, student, dt.date(2024, 6, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_url("overview"))
    assert len(response.context["due_soon"]) == 7


def test_file_page_query_count(world, ddata, client_for, django_assert_max_num_queries):
    client = client_for("branch")
    with django_assert_max_num_queries(16):
        client.get(_url("file_detail", ddata.file.pk))


def test_export_lists_the_pipeline(world, ddata, client_for):
    response = client_for("secretary").get(_url("export"))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == ["党支部", "姓名", "类别", "工号/学号", "当前阶段"]
    assert [(r[1], r[2], r[4], r[12], r[15]) for r in rows[1:]] == [
        ("李申请", "教职工", "入党申请人", "派人谈话", "已逾期"),
        ("赵申请", "教职工", "入党申请人", "派人谈话", "即将到期"),
    ]


def test_checklist_lists_each_step_with_its_evidence(world, ddata, client_for):
    response = client_for("branch").get(_url("checklist", ddata.file.pk))
    doc = Document(BytesIO(response.content))
    [table] = doc.tables
    assert [c.text for c in table.rows[1].cells] == ["1", "递交入党申请", "2024-05-01", "", "申请书.pdf；本人申请"]
    assert any(p.text == "下一步：派人谈话，期限 2024-06-01。" for p in doc.paragraphs)


@pytest.mark.parametrize("role", ["secretary", "branch"])
def test_plan_shows_against_admissions(world, ddata, client_for, role):
    client_for("secretary").post(_url("plan_save") + "?year=2024", {"branch": world.branch.pk, "target": "3"})
    response = client_for(role).get(_url("overview") + f"?year=2024&branch={world.branch.pk}")
    assert [(p.branch.name, p.target, p.admitted) for p in response.context["plans"]] == [("第一党支部", 3, 0)]


def test_the_file_of_a_person_who_has_left_offers_no_step(world, ddata, client_for):
    member = ddata.file.staff.party_record
    member.status = MemberStatus.TRANSFERRED_OUT
    member.save(update_fields=["status"])
    response = client_for("branch").get(_url("file_detail", ddata.file.pk))
    assert (response.context["form"], response.context["can_undo"]) == (None, False)
    assert "已转出本校党组织：发展程序由接收的党组织继续办理" in response.content.decode()
    # the 发展工作 page lists open files only: the person is no longer in its pipeline, nor due, nor overdue
    assert "李申请" not in client_for("branch").get(_url("overview")).content.decode()


def test_a_closed_file_has_no_form_and_takes_no_step(world, ddata, client_for):
    DevelopmentStep.objects.create(file=ddata.file, kind=StepKind.CANCEL, date=dt.date(2024, 6, 1))
    client = client_for("branch")
    response = client.get(_url("file_detail", ddata.file.pk))
    assert response.context["form"] is None
    assert "发展程序已结束" in response.content.decode()
    response = client.post(_url("step_add", ddata.file.pk), {"kind": "talk", "date": "2024-06-02"})
    assert response.status_code == 403


def test_the_branch_secretary_takes_a_file_from_application_to_full_membership_through_the_pages(
    world, ddata, client_for
):
    client = client_for("branch")
    person = world.school.staff.create(staff_number="N1", name="新教师", gender="F", birth_date=dt.date(1995, 1, 1))
    client.post(_url("file_create"), {"staff": person.pk, "branch": world.branch.pk, "date": "2021-03-01"})
    file = DevelopmentFile.objects.get(staff=person)
    a, b, c, d = (m.pk for m in ddata.members)
    vote = {"voters_eligible": 4, "voters_present": 4, "votes_for": 4, "votes_against": 0, "votes_abstain": 0}
    for kind, day, facts in [
        ("talk", "2021-03-15", {}),
        ("activist", "2021-04-01", {"contact_1": a, "contact_2": b}),
        ("assessment", "2021-10-01", {}),
        ("assessment", "2022-03-25", {}),
        ("candidate", "2022-04-01", {}),
        ("political_review", "2022-04-20", {}),
        ("training", "2022-05-10", {"training_days": 3}),
        ("committee_review", "2022-05-20", {}),
        ("pre_review", "2022-06-01", {}),
        ("publicity", "2022-06-05", {}),
        ("assembly", "2022-06-20", {"introducer_1": c, "introducer_2": d, **vote}),
        ("approval", "2022-07-10", {}),
        ("oath", "2022-07-10", {}),
        ("probation_assessment", "2022-12-15", {}),
        ("full", "2023-06-25", vote),
    ]:
        response = client.post(_url("step_add", file.pk), {"kind": kind, "date": day, **facts})
        assert response.status_code == 302, (kind, response.context["form"].errors)
    member = person.party_record
    member.refresh_from_db()
    assert (member.status, member.admitted_on, member.full_on) == (
        MemberStatus.FULL,
        dt.date(2022, 6, 20),
        dt.date(2023, 6, 20),
    )
    assert client.get(_url("file_detail", file.pk)).context["form"] is None


def test_undo_from_the_file_page(world, ddata, client_for):
    client = client_for("branch")
    client.post(_url("step_add", ddata.file.pk), {"kind": "talk", "date": "2024-05-20"})
    assert client.get(_url("file_detail", ddata.file.pk)).context["can_undo"] is True
    response = client.post(_url("step_undo", ddata.file.pk), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["已撤销：派人谈话（2024-05-20）。"]
    response = client.post(_url("step_undo", ddata.file.pk), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["递交入党申请是档案的第一步，不能撤销。"]


def test_the_party_office_opens_a_students_file_and_the_branch_secretary_takes_it_to_activist(world, ddata, client_for):
    student = recommended_student(world.school, "王同学", dt.date(2006, 6, 1))
    client = client_for("branch")
    # the school's recommended students are the Party office's to open files for, not every branch secretary's
    form = client.get(_url("file_create") + f"?student={student.pk}").context["form"]
    assert "student" not in form.fields and "applicant" not in form.fields
    office = client_for("secretary")
    form = office.get(_url("file_create") + f"?student={student.pk}").context["form"]
    assert (form["applicant"].value(), form["student"].value()) == ("student", student.pk)
    assert list(form.fields["student"].queryset) == [student]
    members = PartyMember.objects.count()
    response = office.post(
        _url("file_create"),
        {"applicant": "student", "student": student.pk, "branch": world.branch.pk, "date": "2024-06-02"},
    )
    file = DevelopmentFile.objects.get(student=student)
    assert response["Location"] == _url("file_detail", file.pk)
    a, b = (m.pk for m in ddata.members[:2])
    for kind, day, facts in [("talk", "2024-06-10", {}), ("activist", "2024-06-20", {"contact_1": a, "contact_2": b})]:
        response = client.post(_url("step_add", file.pk), {"kind": kind, "date": day, **facts})
        assert response.status_code == 302, (kind, response.context["form"].errors)
    page = client.get(_url("file_detail", file.pk))
    assert page.context["row"].stage_label == "入党积极分子"
    assert f"推优学生 · 学号 {student.student_number}" in page.content.decode()
    assert PartyMember.objects.count() == members  # a student's stage is the file's own
    overview = client.get(_url("overview"))
    assert "含推优学生" in overview.content.decode()
    assert {value: [r.file.person_name for r in rows] for value, _, rows in overview.context["stages"]}["activist"] == [
        "王同学"
    ]


def test_a_student_is_opened_only_once_recommended_and_18(world, ddata, client_for):
    young = recommended_student(world.school, "小同学", dt.date(2006, 7, 1))
    client = client_for("secretary")
    response = client.post(
        _url("file_create"),
        {"applicant": "student", "student": young.pk, "branch": world.branch.pk, "date": "2024-06-30"},
    )
    assert response.context["form"].non_field_errors() == ["入党申请人须年满十八岁（按递交申请之日计算）。"]
    for student in (
        recommended_student(world.school, "未接收", dt.date(2000, 1, 1), status="recommended"),
        recommended_student(world.other_school, "外校生", dt.date(2000, 1, 1)),
    ):
        response = client.post(
            _url("file_create"),
            {"applicant": "student", "student": student.pk, "branch": world.branch.pk, "date": "2024-06-30"},
        )
        assert "student" in response.context["form"].errors
    assert not DevelopmentFile.objects.filter(student__isnull=False).exists()


def test_a_students_file_in_the_exports_and_to_its_viewers_only(world, ddata, client_for):
    student = recommended_student(world.school, "王同学", dt.date(2006, 1, 1))
    file = open_student_file(world.school, world.branch, student, dt.date(2024, 6, 1))
    rows = list(load_workbook(BytesIO(client_for("secretary").get(_url("export")).content)).active.values)
    assert [r[1:4] for r in rows if r[2] == "推优学生"] == [("王同学", "推优学生", student.student_number)]
    doc = Document(BytesIO(client_for("branch").get(_url("checklist", file.pk)).content))
    assert doc.paragraphs[1].text.startswith(f"姓名：王同学（推优学生）　学号：{student.student_number}")
    statuses = {role: client_for(role).get(_url("file_detail", file.pk)).status_code for role in world.users}
    assert {role for role, code in statuses.items() if code == 200} == {
        "secretary",
        "party_staff",
        "branch",
        "superuser",
    }
