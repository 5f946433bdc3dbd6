"""/api/v1/students: list and filters, create and update through StudentForm and student_save."""

import pytest

from dangjian.school.models import Enrollment, Student
from dangjian.tests import factories as f

VALID = {"student_number": "S9001", "name": "新同学", "gender": "F"}


@pytest.fixture
def classes(world):
    one = f.SchoolClassFactory(grade__school=world.school, grade__school_year=world.year, grade__level=1, number=1)
    two = f.SchoolClassFactory(grade__school=world.school, grade__school_year=world.year, grade__level=2, number=1)
    return one, two


def _enrol(student, school_class):
    return f.EnrollmentFactory(student=student, school_class=school_class)


def _names(response):
    assert response.status_code == 200, response.content.decode()
    return sorted(item["name"] for item in response.json()["items"])


def test_item_shape(api_for, world, classes):
    student = f.StudentFactory(school=world.school, student_number="S0001", name="小明", is_league_member=True)
    _enrol(student, classes[0])
    body = api_for("counsellor").get("/api/v1/students", {"school": "a"}).json()
    assert body == {
        "count": 1,
        "items": [
            {
                "id": student.pk,
                "school": "a",
                "student_number": "S0001",
                "name": "小明",
                "gender": "M",
                "gender_display": "男",
                "birth_date": None,
                "is_league_member": True,
                "status": "enrolled",
                "status_display": "在读",
                "school_class": {"id": classes[0].pk, "name": "高一（1）班"},
            }
        ],
    }


def test_filters(api_for, world, classes):
    one, two = classes
    _enrol(f.StudentFactory(school=world.school, name="甲", is_league_member=True), one)
    _enrol(f.StudentFactory(school=world.school, name="乙"), two)
    f.StudentFactory(school=world.school, name="丙", status="graduated")
    old_year = f.SchoolYearFactory(start_year=2021)
    old_class = f.SchoolClassFactory(grade__school=world.school, grade__school_year=old_year, number=9)
    _enrol(f.StudentFactory(school=world.school, name="丁"), old_class)
    api = api_for("secretary")

    def names(**params):
        return _names(api.get("/api/v1/students", {"school": "a", **params}))

    assert names() == ["丁", "丙", "乙", "甲"]
    assert names(q="甲") == ["甲"]
    assert names(grade=2) == ["乙"]
    assert names(school_class=one.pk) == ["甲"]
    assert names(status="graduated") == ["丙"]
    assert names(league="1") == ["甲"]
    assert names(league="0") == ["丁", "丙", "乙"]
    assert names(year="2021-2022", school_class=old_class.pk) == ["丁"]


def test_year_picks_the_class_shown(api_for, world, classes):
    old_year = f.SchoolYearFactory(start_year=2021)
    old_class = f.SchoolClassFactory(grade__school=world.school, grade__school_year=old_year, number=9)
    student = f.StudentFactory(school=world.school)
    _enrol(student, classes[0])
    _enrol(student, old_class)
    api = api_for("secretary")
    current = api.get(f"/api/v1/students/{student.pk}").json()["school_class"]
    old = api.get(f"/api/v1/students/{student.pk}", {"year": "2021"}).json()["school_class"]
    assert (current["id"], old["id"]) == (classes[0].pk, old_class.pk)


def test_create_with_class(api_for, world, classes):
    response = api_for("jiaowu").post("/api/v1/students?school=a", {**VALID, "school_class": classes[1].pk})
    assert response.status_code == 201
    student = Student.objects.get(pk=response.json()["id"])
    assert (student.school, student.name, student.is_league_member) == (world.school, "新同学", False)
    assert Enrollment.objects.get(student=student).school_class == classes[1]
    assert response.json()["school_class"] == {"id": classes[1].pk, "name": "高二（1）班"}


def _errors(response):
    assert response.status_code == 422, response.content.decode()
    assert response.json()["detail"] == "数据校验失败"
    return response.json()["errors"]


def test_create_duplicate_student_number(api_for, world):
    f.StudentFactory(school=world.school, student_number="S9001", name="先来者")
    errors = _errors(api_for("secretary").post("/api/v1/students?school=a", VALID))
    assert errors == {"学号": ["学号 S9001 已被 先来者 使用。"]}


def test_create_class_of_another_school(api_for, world):
    other = f.SchoolClassFactory(grade__school=world.other_school, grade__school_year=world.year)
    errors = _errors(api_for("secretary").post("/api/v1/students?school=a", {**VALID, "school_class": other.pk}))
    assert list(errors) == ["本学年班级"]


def test_create_wrong_types(api_for, world):
    errors = _errors(
        api_for("secretary").post(
            "/api/v1/students?school=a", {**VALID, "is_league_member": "maybe", "school_class": "一班"}
        )
    )
    assert errors == {"共青团员": ["应为布尔值（true 或 false）。"], "本学年班级": ["应为整数。"]}


def test_create_missing_required(api_for, world):
    errors = _errors(api_for("secretary").post("/api/v1/students?school=a", {"name": "新同学"}))
    assert errors == {"学号": ["这个字段是必填项。"], "性别": ["这个字段是必填项。"]}


def test_patch_keeps_the_current_class(api_for, world, classes):
    student = f.StudentFactory(school=world.school, name="小红")
    _enrol(student, classes[0])
    response = api_for("secretary").patch(f"/api/v1/students/{student.pk}", {"is_league_member": True})
    assert response.status_code == 200
    student.refresh_from_db()
    assert (student.name, student.is_league_member) == ("小红", True)
    assert Enrollment.objects.get(student=student).school_class == classes[0]


def test_patch_moves_class(api_for, world, classes):
    student = f.StudentFactory(school=world.school)
    _enrol(student, classes[0])
    response = api_for("secretary").patch(f"/api/v1/students/{student.pk}", {"school_class": classes[1].pk})
    assert response.json()["school_class"]["id"] == classes[1].pk


def test_patch_form_rules_apply(api_for, world, classes):
    student = f.StudentFactory(school=world.school)
    _enrol(student, classes[0])
    errors = _errors(api_for("secretary").patch(f"/api/v1/students/{student.pk}", {"status": "graduated"}))
    assert errors == {"本学年班级": ["只有在读学生才能编入班级。"]}


def test_put_without_class_unenrols(api_for, world, classes):
    student = f.StudentFactory(school=world.school)
    _enrol(student, classes[0])
    response = api_for("secretary").put(
        f"/api/v1/students/{student.pk}",
        {"student_number": student.student_number, "name": "改名", "gender": "M", "status": "graduated"},
    )
    assert response.status_code == 200
    assert response.json()["school_class"] is None
    assert Enrollment.objects.filter(student=student).count() == 0
