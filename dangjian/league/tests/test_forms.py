"""Bad input is refused field by field, in Chinese; nothing is half-saved."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.league.forms import LeagueBranchForm, LeagueLessonForm, PhotoForm, RecommendationForm, ThemeActivityForm
from dangjian.tests import factories as f

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _lesson(world, **data):
    base = {"status": "held", "date": "2022-10-12", "topic": "团课", "attendance": 3}
    return LeagueLessonForm(data={**base, **data}, school=world.school, school_year=world.year)


def test_lesson_for_a_branch_of_another_school_is_refused(world, ldata):
    form = _lesson(world, lecturer=ldata.lecturer.pk, branches=[ldata.other_branch.pk])
    assert form.is_valid() is False
    assert form.errors["branches"] == ["所选团支部不是本校 2022-2023学年 的团支部。"]


def test_attendance_over_the_class_size_is_refused(world, ldata):
    form = _lesson(world, lecturer=ldata.lecturer.pk, branches=[ldata.branch.pk], attendance=4)
    assert form.is_valid() is False
    assert form.errors["attendance"] == ["参加人数 4 人超过所选班级（团支部）的学生总数 3 人。"]


def test_attendance_up_to_the_branches_together_is_fine(world, ldata):
    form = _lesson(world, lecturer=ldata.lecturer.pk, branches=[ldata.branch.pk, ldata.branch2.pk], attendance=5)
    assert form.is_valid() is True


def test_lecturer_must_be_a_party_member(world, ldata):
    masses = f.StaffFactory(school=world.school)
    form = _lesson(world, lecturer=masses.pk, branches=[ldata.branch.pk])
    assert form.is_valid() is False
    assert form.errors["lecturer"] == ["请选择本校在职的党员（含预备党员）。"]


def test_lesson_date_outside_the_school_year_is_refused(world, ldata):
    form = _lesson(world, lecturer=ldata.lecturer.pk, branches=[ldata.branch.pk], date="2023-09-01")
    assert form.is_valid() is False
    assert form.errors["date"] == ["日期应在 2022-2023学年 内（2022-09-01 至 2023-08-31）。"]


def test_held_lesson_needs_attendance(world, ldata):
    form = _lesson(world, lecturer=ldata.lecturer.pk, branches=[ldata.branch.pk], attendance="")
    assert form.is_valid() is False
    assert form.errors["attendance"] == ["已开展的团课请填写参加人数。"]


def test_theme_activity_over_the_class_size_is_refused(world, ldata):
    form = ThemeActivityForm(
        data={
            "series": ldata.series.pk,
            "date": "2022-10-01",
            "title": "国庆",
            "branches": [ldata.branch2.pk],
            "participants": 3,
            "guide": ldata.lecturer.pk,
        },
        school=world.school,
        school_year=world.year,
    )
    assert form.is_valid() is False
    assert form.errors["participants"] == ["参加人数 3 人超过所选班级（团支部）的学生总数 2 人。"]


def test_theme_activity_of_another_schools_series_is_refused(world, ldata):
    other_series = f.ThemeSeriesFactory(school=world.other_school, name="外校系列")
    form = ThemeActivityForm(
        data={
            "series": other_series.pk,
            "date": "2022-10-01",
            "title": "x",
            "branches": [ldata.branch.pk],
            "participants": 1,
            "guide": ldata.lecturer.pk,
        },
        school=world.school,
        school_year=world.year,
    )
    assert form.is_valid() is False
    assert form.errors["series"] == ["所选主题系列不属于本校。"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.pdf", b"%PDF-1.4", "文件类型不支持（photo.pdf），请上传 jpg、jpeg、png、gif、webp 格式。"),
        ("photo.png", b"GIF89a....", "文件内容与扩展名 .png 不符，请确认文件未损坏。"),
        ("photo.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024), "文件过大（5.0 MB），不能超过 5 MB。"),
    ],
)
def test_photo_type_and_size_are_checked(ldata, name, content, message):
    form = PhotoForm(data={}, files={"image": SimpleUploadedFile(name, content)}, activity=ldata.activity)
    assert form.is_valid() is False
    assert form.errors["image"] == [message]


def test_png_photo_is_accepted(ldata):
    form = PhotoForm(data={}, files={"image": SimpleUploadedFile("p.png", PNG)}, activity=ldata.activity)
    assert form.is_valid() is True


def test_branch_secretary_must_be_a_league_member_of_the_class(world, ldata):
    form = LeagueBranchForm(data={"name": "高一1班团支部", "secretary": ldata.students[2].pk}, instance=ldata.branch)
    assert form.is_valid() is False
    assert form.errors["secretary"] == ["团支部书记须是本班的共青团员。"]


def _recommendation(world, **data):
    base = {"date": "2023-04-01", "reason": "优秀", "status": "proposed"}
    return RecommendationForm(data={**base, **data}, school=world.school, school_year=world.year)


def test_recommended_student_must_be_in_the_branch_class(world, ldata):
    elsewhere = f.StudentFactory(school=world.school, name="外班团员", is_league_member=True)
    form = _recommendation(world, branch=ldata.branch.pk, student=elsewhere.pk)
    assert form.is_valid() is False
    assert form.errors["student"] == ["外班团员 不是高一（1）班团支部所在班级的学生。"]


def test_recommended_student_must_be_a_league_member(world, ldata):
    form = _recommendation(world, branch=ldata.branch.pk, student=ldata.students[2].pk)
    assert form.is_valid() is False
    assert form.errors["student"] == ["请选择本校的共青团员。"]


def test_recommendation_twice_is_refused(world, ldata):
    form = _recommendation(world, branch=ldata.branch.pk, student=ldata.students[1].pk)
    assert form.is_valid() is False
    assert form.errors["student"] == ["李团员 已由高一（1）班团支部推荐过。"]


def test_recommendation_in_the_future_is_refused(world, ldata, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2023, 1, 1))
    form = _recommendation(world, branch=ldata.branch.pk, student=ldata.students[0].pk)
    assert form.is_valid() is False
    assert form.errors["date"] == ["推荐日期不能晚于今天。"]
