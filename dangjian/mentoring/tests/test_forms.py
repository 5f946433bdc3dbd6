"""Bad input is refused with a clear message naming the field; nothing is saved."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.mentoring.forms import ActivityForm, MentorshipForm, MilestoneForm, SignForm, TemplateForm
from dangjian.mentoring.models import MentoringSettings, Mentorship
from dangjian.tests import factories as f

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n%test\n"


def pairing_form(mentoring, world, **data):
    return MentorshipForm(data={"dimension": "professional", **data}, school=world.school, school_year=world.year)


def experienced_math_teacher(world, mentoring, **kwargs):
    staff = f.StaffFactory(school=world.school, name="老教师", **kwargs)
    staff.subjects.set([mentoring.math])
    return staff


def test_a_valid_pairing_gets_default_goals_and_duties(mentoring, world):
    second = f.StaffFactory(
        school=world.school, birth_date=dt.date(1997, 1, 1), started_teaching_on=dt.date(2022, 8, 1)
    )
    second.subjects.set([mentoring.math])
    mentor = experienced_math_teacher(world, mentoring)
    form = pairing_form(mentoring, world, mentee=second.pk, mentor=mentor.pk)
    assert form.is_valid(), form.errors
    pairing = form.save()
    assert (pairing.status, pairing.school, pairing.school_year) == ("proposed", world.school, world.year)
    assert pairing.goals.startswith("熟悉课程标准和教材")


def test_a_mentee_who_is_not_young_is_refused(mentoring, world):
    mentor = experienced_math_teacher(world, mentoring)
    old = experienced_math_teacher(
        world, mentoring, birth_date=dt.date(1975, 1, 1), started_teaching_on=dt.date(1997, 8, 1)
    )
    form = pairing_form(mentoring, world, mentee=old.pk, mentor=mentor.pk)
    assert form.is_valid() is False
    assert form.errors["mentee"] == [
        "老教师不是本学年的青年教师（年龄 47 岁，教龄 25 年；青年教师须未满 35 周岁或教龄不足 5 年，且任教学科）。"
    ]


def test_a_mentor_from_another_school_is_refused(mentoring, world):
    foreign = f.StaffFactory(school=world.other_school)
    form = pairing_form(mentoring, world, mentee=mentoring.young.pk, mentor=foreign.pk)
    assert form.is_valid() is False
    assert form.errors["mentor"] == ["所选导师不是本校教职工，不能担任本校导师。"]


def test_a_mentor_over_capacity_is_refused(mentoring, world):
    MentoringSettings.objects.create(school=world.school, mentor_capacity=1)
    # 王老师 already mentors 青年甲 (思想导师): a second mentee is one too many.
    second = f.StaffFactory(
        school=world.school, birth_date=dt.date(1997, 1, 1), started_teaching_on=dt.date(2022, 8, 1)
    )
    second.subjects.set([mentoring.math])
    form = pairing_form(mentoring, world, mentee=second.pk, mentor=mentoring.mentor.pk)
    assert form.is_valid() is False
    assert form.errors["mentor"] == ["王老师本学年已带教 1 名青年教师，已达上限（1 名）。"]


def test_a_professional_mentor_of_another_subject_is_refused(mentoring, world):
    chinese = f.SubjectFactory(school=world.school, name="语文")
    mentor = f.StaffFactory(school=world.school, name="语文老师")
    mentor.subjects.set([chinese])
    form = pairing_form(mentoring, world, mentee=mentoring.young.pk, mentor=mentor.pk)
    assert form.is_valid() is False
    assert form.errors["mentor"] == ["业务导师须与青年教师任教同一学科（数学），语文老师不符合。"]


def test_a_second_mentor_in_the_same_dimension_is_refused(mentoring, world):
    mentor = f.StaffFactory(school=world.school, political_status="party")
    form = pairing_form(mentoring, world, mentee=mentoring.young.pk, mentor=mentor.pk, dimension="ideology")
    assert form.is_valid() is False
    assert form.errors["dimension"] == ["青年甲本学年已有思想导师（王老师，已确认）。"]


def test_the_same_mentor_in_two_dimensions_is_refused(mentoring, world):
    form = pairing_form(mentoring, world, mentee=mentoring.young.pk, mentor=mentoring.mentor.pk)
    assert form.is_valid() is False
    assert form.errors["mentor"] == ["王老师已是青年甲的思想导师，三类导师应由不同的人担任。"]


def test_a_mentor_who_is_young_is_refused(mentoring, world):
    other_young = f.StaffFactory(school=world.school, name="青年丙", birth_date=dt.date(1996, 1, 1))
    other_young.subjects.set([mentoring.math])
    form = pairing_form(mentoring, world, mentee=mentoring.young.pk, mentor=other_young.pk)
    assert form.is_valid() is False
    assert form.errors["mentor"] == ["青年丙本人是本学年的青年教师，不能担任导师。"]


def test_garbage_ids_are_refused_without_crashing(mentoring, world):
    form = pairing_form(mentoring, world, mentee="abc", mentor="99999999999999999999", dimension="nonsense")
    assert form.is_valid() is False
    assert sorted(form.errors) == ["dimension", "mentee", "mentor"]
    assert Mentorship.objects.count() == 3


def activity_form(mentorship, **data):
    base = {
        "date": "2022-10-08",
        "dimension": "ideology",
        "six_kind": "pair",
        "kind": "talk",
        "hours": "1.5",
        "notes": "谈心",
    }
    return ActivityForm(data={**base, **data}, files=data.pop("files", None), mentorship=mentorship)


def test_an_activity_outside_the_school_year_is_refused(mentoring):
    form = activity_form(mentoring.pairing, date="2022-08-31")
    assert form.is_valid() is False
    assert form.errors["date"] == ["活动日期须在2022-2023学年内（2022-09-01 至 2023-08-31）。"]


def test_activity_hours_must_be_sensible(mentoring):
    form = activity_form(mentoring.pairing, hours="0")
    assert form.is_valid() is False
    assert form.errors["hours"] == ["确保该值大于或等于0.5。"]


def test_an_activity_of_a_proposal_is_refused(mentoring):
    form = activity_form(mentoring.proposed)
    assert form.is_valid() is False
    assert form.errors["__all__"] == ["只有已确认、未解除的结对才能记录带教活动。"]


def test_evidence_must_be_a_real_image_pdf_or_docx(mentoring):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    form = ActivityForm(
        data={"date": "2022-10-08", "dimension": "ideology", "six_kind": "pair", "kind": "talk", "hours": "1"},
        files={"evidence": fake},
        mentorship=mentoring.pairing,
    )
    assert form.is_valid() is False
    assert form.errors["evidence"] == ["文件类型不支持：只接受 PDF、JPG、PNG、DOCX 文件。"]


def test_evidence_size_is_limited(mentoring):
    big = SimpleUploadedFile("scan.png", PNG + b"\x00" * (5 * 1024 * 1024), content_type="image/png")
    form = ActivityForm(
        data={"date": "2022-10-08", "dimension": "ideology", "six_kind": "pair", "kind": "talk", "hours": "1"},
        files={"evidence": big},
        mentorship=mentoring.pairing,
    )
    assert form.is_valid() is False
    assert form.errors["evidence"] == ["文件过大（5.0 MB），不能超过 5 MB。"]


def test_a_scan_is_accepted_and_dates_are_checked(mentoring):
    scan = SimpleUploadedFile("协议.pdf", PDF, content_type="application/pdf")
    form = SignForm(data={"signed_on": "2022-09-12"}, files={"scan": scan}, instance=mentoring.pairing)
    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.scan.name.startswith("mentoring/scans/") and saved.scan.name.endswith(".pdf")
    form = SignForm(data={"signed_on": "2022-01-01"}, instance=mentoring.pairing)
    assert form.is_valid() is False
    assert form.errors["signed_on"] == ["签订日期不能早于 2022-06-01（2022-2023学年开学前三个月）。"]


def test_an_upload_is_stored_under_the_extension_of_its_real_type(mentoring):
    scan = SimpleUploadedFile("page.html", PNG, content_type="text/html")
    form = SignForm(data={"signed_on": "2022-09-12"}, files={"scan": scan}, instance=mentoring.pairing)
    assert form.is_valid(), form.errors
    assert form.save().scan.name.endswith(".png")


def test_a_scan_that_is_not_pdf_or_image_is_refused(mentoring):
    scan = SimpleUploadedFile("协议.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    form = SignForm(data={"signed_on": "2022-09-12"}, files={"scan": scan}, instance=mentoring.pairing)
    assert form.is_valid() is False
    assert form.errors["scan"] == ["文件类型不支持：只接受 PDF、JPG、PNG 文件。"]


def test_milestone_level_goes_with_key_teacher(mentoring, world):
    form = MilestoneForm(
        data={"staff": mentoring.young.pk, "date": "2023-01-01", "kind": "key_teacher"}, school=world.school
    )
    assert form.is_valid() is False
    assert form.errors["level"] == ["类别为骨干教师时，请选择骨干教师级别。"]
    form = MilestoneForm(
        data={"staff": mentoring.young.pk, "date": "2023-01-01", "kind": "award", "level": "county"},
        school=world.school,
    )
    assert form.is_valid() is False
    assert form.errors == {
        "level": ["只有类别为骨干教师时才填写级别。"],
        "description": ["请填写说明（如获奖名称、晋升的职称）。"],
    }


def test_a_template_with_broken_tags_is_refused(mentoring):
    from docx import Document

    doc = Document()
    doc.add_paragraph("{{ mentee_name ")
    doc.add_paragraph("{% if %}")
    out = io.BytesIO()
    doc.save(out)
    upload = SimpleUploadedFile("模板.docx", out.getvalue())
    form = TemplateForm(files={"file": upload})
    assert form.is_valid() is False
    assert form.errors["file"][0].startswith("模板无法使用：")


def test_a_template_that_is_not_a_word_file_is_refused(mentoring):
    form = TemplateForm(files={"file": SimpleUploadedFile("模板.docx", PDF)})
    assert form.is_valid() is False
    assert form.errors["file"] == ["文件类型不支持：只接受 DOCX 文件。"]
