"""Bad input is refused field by field, in Chinese, and nothing is saved."""

import pytest
from django.urls import reverse

from dangjian.accounts.models import AuditLog
from dangjian.school.forms import SchoolClassForm, StaffForm
from dangjian.school.models import Staff
from dangjian.tests import factories as f


def staff_data(**overrides):
    data = {
        "staff_number": "T9001",
        "name": "李明",
        "gender": "M",
        "birth_date": "1990-03-01",
        "started_teaching_on": "2013-08-01",
        "political_status": "masses",
        "is_active": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"birth_date": "2022-13-01"}, "birth_date", "输入一个有效的日期。"),
        ({"birth_date": "1900-01-01"}, "birth_date", "日期应在 1940-01-01 到今天之间。"),
        ({"started_teaching_on": "1995-01-01"}, "started_teaching_on", "参加工作时间早于 16 周岁，请核对。"),
        ({"joined_party_on": "2015-07-01"}, "joined_party_on", "只有中共党员或预备党员才填写入党时间。"),
        (
            {"political_status": "party", "joined_party_on": "2005-07-01"},
            "joined_party_on",
            "入党时年龄不足 18 周岁，请核对。",
        ),
        ({"phone": "12345"}, "phone", "请输入 11 位手机号码。"),
        ({"name": ""}, "name", "这个字段是必填项。"),
        ({"gender": "X"}, "gender", "选择一个有效的选项。 X 不在可用的选项中。"),
    ],
)
def test_staff_form_refuses_bad_input(world, overrides, field, message):
    form = StaffForm(data=staff_data(**overrides), school=world.school)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_staff_number_must_be_unique_within_the_school_only(world):
    f.StaffFactory(school=world.school, staff_number="T9001", name="张三")
    form = StaffForm(data=staff_data(), school=world.school)
    assert form.errors["staff_number"] == ["工号 T9001 已被 张三 使用。"]
    assert StaffForm(data=staff_data(), school=world.other_school).is_valid()


def test_subjects_of_another_school_are_refused(world):
    foreign = f.SubjectFactory(school=world.other_school, name="物理")
    form = StaffForm(data=staff_data(subjects=[foreign.pk]), school=world.school)
    assert not form.is_valid()
    assert list(form.errors) == ["subjects"]


def test_class_number_unique_per_grade_and_one_homeroom_per_teacher(world):
    teacher = f.StaffFactory(school=world.school, name="赵老师")
    grade = f.GradeFactory(school=world.school, school_year=world.year, level=2)
    f.SchoolClassFactory(grade=grade, number=3, homeroom_teacher=teacher)
    form = SchoolClassForm(data={"level": 2, "number": 3}, school=world.school, school_year=world.year)
    assert form.errors["number"] == ["高二已有（3）班。"]
    form = SchoolClassForm(
        data={"level": 2, "number": 4, "homeroom_teacher": teacher.pk},
        school=world.school,
        school_year=world.year,
    )
    assert form.errors["homeroom_teacher"] == ["赵老师 已是本学年高二（3）班的班主任。"]


def test_invalid_post_shows_errors_and_saves_nothing(world, client_for):
    before = Staff.objects.count()
    response = client_for("secretary").post(
        reverse("school:staff_create", args=["a"]), staff_data(birth_date="2022/13/01")
    )
    assert response.status_code == 200
    assert "输入一个有效的日期。" in response.content.decode()
    assert Staff.objects.count() == before
    assert AuditLog.objects.count() == 0


def test_valid_post_creates_staff_and_audits(world, client_for):
    response = client_for("jiaowu").post(reverse("school:staff_create", args=["a"]), staff_data())
    staff = Staff.objects.get(staff_number="T9001")
    assert response.status_code == 302
    assert response.url == staff.get_absolute_url()
    assert staff.school == world.school
    log = AuditLog.objects.get()
    assert (log.action, log.user, log.school, log.object_id) == (
        "staff.create",
        world.users["jiaowu"],
        world.school,
        str(staff.pk),
    )


@pytest.mark.parametrize(
    "url",
    [
        "/s/a/staff/?subject=abc&department=1.5",
        "/s/a/students/?grade=abc&school_class=x&year=zz",
        "/s/a/classes/?grade=abc&year=abc",
        "/s/a/staff/?page=abc",
    ],
)
def test_garbage_filters_are_ignored_not_a_crash(world, client_for, url):
    assert client_for("secretary").get(url).status_code == 200
