"""/api/v1/staff: list shape and filters, create and update through StaffForm and staff_save."""

import datetime as dt

import pytest

from dangjian.accounts.models import AuditLog
from dangjian.school.enums import PoliticalStatus
from dangjian.school.models import Skill, Staff
from dangjian.tests import factories as f

VALID = {"staff_number": "T9001", "name": "赵老师", "gender": "M"}


@pytest.fixture
def math(world):
    return f.SubjectFactory(school=world.school, name="数学")


@pytest.fixture
def office(world):
    return f.DepartmentFactory(school=world.school, name="教务处")


def _names(response):
    return [item["name"] for item in response.json()["items"]]


def test_list_is_paginated(api_for, world):
    f.StaffFactory.create_batch(30, school=world.school)
    api = api_for("secretary")
    first = api.get("/api/v1/staff", {"school": "a"}).json()
    assert set(first) == {"items", "count"}
    assert first["count"] == 31
    assert len(first["items"]) == 25
    second = api.get("/api/v1/staff", {"school": "a", "page": 2}).json()
    assert len(second["items"]) == 6
    assert len(api.get("/api/v1/staff", {"school": "a", "page_size": 10}).json()["items"]) == 10


def test_page_size_is_capped_at_200(api_for, world):
    f.StaffFactory.create_batch(205, school=world.school)
    response = api_for("secretary").get("/api/v1/staff", {"school": "a", "page_size": 500})
    assert len(response.json()["items"]) == 200


def test_item_shape(api_for, world, math, office):
    staff = f.StaffFactory(
        school=world.school,
        staff_number="T0100",
        name="钱老师",
        gender="M",
        department=office,
        political_status=PoliticalStatus.PARTY_MEMBER,
        joined_party_on=dt.date(2010, 7, 1),
        leader_post="vice_principal",
        title="senior",
        key_teacher_level="city",
        phone="13800000000",
    )
    staff.subjects.set([math])
    staff.skills.set([Skill.objects.get_or_create(name="心理咨询")[0]])
    response = api_for("secretary").get(f"/api/v1/staff/{staff.pk}")
    assert response.json() == {
        "id": staff.pk,
        "school": "a",
        "staff_number": "T0100",
        "name": "钱老师",
        "gender": "M",
        "gender_display": "男",
        "birth_date": "1985-05-01",
        "started_teaching_on": "2008-08-01",
        "subjects": ["数学"],
        "political_status": "party",
        "political_status_display": "中共党员",
        "joined_party_on": "2010-07-01",
        "department": "教务处",
        "leader_post": "vice_principal",
        "leader_post_display": "副校长",
        "position": "",
        "title": "senior",
        "title_display": "高级教师",
        "key_teacher_level": "city",
        "key_teacher_level_display": "市级骨干",
        "phone": "13800000000",
        "skills": ["心理咨询"],
        "is_active": True,
    }


def test_filters(api_for, world, math, office):
    a = f.StaffFactory(school=world.school, name="甲", phone="13911112222", department=office)
    a.subjects.set([math])
    f.StaffFactory(school=world.school, name="乙", political_status=PoliticalStatus.PROBATIONARY)
    f.StaffFactory(school=world.school, name="丙", is_active=False)
    api = api_for("secretary")

    def names(**params):
        return sorted(_names(api.get("/api/v1/staff", {"school": "a", **params})))

    assert names() == sorted(["王老师", "甲", "乙"])
    assert names(q="1391111") == ["甲"]
    assert names(subject=math.pk) == ["甲"]
    assert names(department=office.pk) == ["甲"]
    assert names(political_status="party_any") == sorted(["王老师", "乙"])
    assert names(political_status="probationary") == ["乙"]
    assert names(active="0") == ["丙"]
    assert names(active="all") == sorted(["王老师", "甲", "乙", "丙"])


def test_bad_filter_is_422(api_for, world):
    response = api_for("secretary").get("/api/v1/staff", {"school": "a", "subject": "数学"})
    assert response.status_code == 422
    assert response.json() == {"detail": "请求参数有误", "errors": {"学科（subject）": ["应为整数。"]}}


def test_missing_school_is_422(api_for, world):
    response = api_for("secretary").get("/api/v1/staff")
    assert response.status_code == 422
    assert response.json() == {
        "detail": "请求参数有误",
        "errors": {"学校代码（school）": ["必须提供此参数。"]},
    }


def test_create(api_for, world, math, office):
    payload = {
        **VALID,
        "birth_date": "1990-03-04",
        "subjects": [math.pk],
        "department": office.pk,
        "political_status": "party",
        "joined_party_on": "2015-07-01",
        "skills": ["书法"],
        "phone": "13700000000",
    }
    Skill.objects.get_or_create(name="书法")
    response = api_for("jiaowu").post("/api/v1/staff?school=a", payload)
    assert response.status_code == 201
    body = response.json()
    staff = Staff.objects.get(pk=body["id"])
    assert (staff.school, staff.name, staff.birth_date) == (world.school, "赵老师", dt.date(1990, 3, 4))
    assert [s.name for s in staff.subjects.all()] == ["数学"]
    assert [s.name for s in staff.skills.all()] == ["书法"]
    assert staff.department == office
    assert staff.is_active is True  # the model default when not sent
    assert body["subjects"] == ["数学"]
    assert body["department"] == "教务处"
    assert AuditLog.objects.filter(action="staff.create", object_id=str(staff.pk)).count() == 1


def test_create_accepts_subject_and_department_names(api_for, world, math, office):
    response = api_for("secretary").post(
        "/api/v1/staff?school=a", {**VALID, "subjects": ["数学"], "department": "教务处"}
    )
    assert response.status_code == 201
    assert (response.json()["subjects"], response.json()["department"]) == (["数学"], "教务处")


def _errors(response):
    assert response.status_code == 422, response.content.decode()
    assert response.json()["detail"] == "数据校验失败"
    return response.json()["errors"]


def test_create_unknown_subject_id(api_for, world):
    other_school_subject = f.SubjectFactory(school=world.other_school, name="数学")
    errors = _errors(
        api_for("secretary").post("/api/v1/staff?school=a", {**VALID, "subjects": [other_school_subject.pk]})
    )
    assert list(errors) == ["任教学科"]
    assert str(other_school_subject.pk) in errors["任教学科"][0]


def test_create_unknown_subject_name(api_for, world):
    errors = _errors(api_for("secretary").post("/api/v1/staff?school=a", {**VALID, "subjects": ["不存在"]}))
    assert list(errors) == ["任教学科"]


def test_create_bad_date(api_for, world):
    errors = _errors(api_for("secretary").post("/api/v1/staff?school=a", {**VALID, "birth_date": "2022-13-01"}))
    assert errors == {"出生日期": ["输入一个有效的日期。"]}


def test_create_duplicate_staff_number(api_for, world):
    f.StaffFactory(school=world.school, staff_number="T9001", name="先来者")
    errors = _errors(api_for("secretary").post("/api/v1/staff?school=a", VALID))
    assert errors == {"工号": ["工号 T9001 已被 先来者 使用。"]}


def test_same_staff_number_in_another_school_is_fine(api_for, world):
    f.StaffFactory(school=world.other_school, staff_number="T9001")
    assert api_for("secretary").post("/api/v1/staff?school=a", VALID).status_code == 201


def test_create_missing_required_field(api_for, world):
    errors = _errors(api_for("secretary").post("/api/v1/staff?school=a", {"staff_number": "T9001", "gender": "M"}))
    assert errors == {"姓名": ["这个字段是必填项。"]}


def test_create_wrong_type(api_for, world):
    errors = _errors(api_for("secretary").post("/api/v1/staff?school=a", {**VALID, "name": 123}))
    assert errors == {"姓名": ["应为字符串。"]}


def test_create_wrong_type_list(api_for, world):
    errors = _errors(api_for("secretary").post("/api/v1/staff?school=a", {**VALID, "subjects": "数学"}))
    assert errors == {"任教学科": ["应为列表。"]}


def test_create_unknown_field(api_for, world):
    errors = _errors(api_for("secretary").post("/api/v1/staff?school=a", {**VALID, "nickname": "小赵"}))
    assert errors == {"nickname": ["不支持此字段。"]}


def test_create_form_rules_apply(api_for, world):
    errors = _errors(
        api_for("secretary").post(
            "/api/v1/staff?school=a", {**VALID, "political_status": "masses", "joined_party_on": "2015-07-01"}
        )
    )
    assert errors == {"入党时间": ["只有中共党员或预备党员才填写入党时间。"]}


def test_create_bad_choice(api_for, world):
    errors = _errors(api_for("secretary").post("/api/v1/staff?school=a", {**VALID, "gender": "X"}))
    assert list(errors) == ["性别"]


def test_bad_json_is_422(api_for, world):
    response = api_for("secretary").post("/api/v1/staff?school=a", raw="{not json")
    assert response.status_code == 422
    assert response.json() == {"detail": "数据校验失败", "errors": {"请求体": ["请求体不是有效的 JSON。"]}}


def test_json_that_is_not_an_object_is_422(api_for, world):
    assert _errors(api_for("secretary").post("/api/v1/staff?school=a", [1, 2])) == {"请求体": ["应为 JSON 对象。"]}


def test_empty_body_is_422(api_for, world):
    assert _errors(api_for("secretary").post("/api/v1/staff?school=a", raw="")) == {"请求体": ["缺少此项。"]}


def test_patch_changes_only_the_fields_sent(api_for, world, math):
    staff = f.StaffFactory(school=world.school, name="孙老师", phone="13800000000", birth_date=dt.date(1980, 1, 2))
    staff.subjects.set([math])
    response = api_for("party_staff").patch(f"/api/v1/staff/{staff.pk}", {"position": "教研组长"})
    assert response.status_code == 200
    staff.refresh_from_db()
    assert (staff.name, staff.phone, staff.birth_date, staff.position) == (
        "孙老师",
        "13800000000",
        dt.date(1980, 1, 2),
        "教研组长",
    )
    assert [s.name for s in staff.subjects.all()] == ["数学"]
    assert AuditLog.objects.filter(action="staff.update", object_id=str(staff.pk)).count() == 1


def test_patch_null_clears_an_optional_field(api_for, world):
    staff = f.StaffFactory(school=world.school, phone="13800000000")
    assert api_for("secretary").patch(f"/api/v1/staff/{staff.pk}", {"phone": None}).status_code == 200
    staff.refresh_from_db()
    assert staff.phone == ""


def test_patch_validates_against_the_merged_record(api_for, world):
    staff = f.StaffFactory(school=world.school, birth_date=dt.date(2000, 1, 1))
    errors = _errors(api_for("secretary").patch(f"/api/v1/staff/{staff.pk}", {"started_teaching_on": "2010-09-01"}))
    assert errors == {"参加工作时间": ["参加工作时间早于 16 周岁，请核对。"]}


def test_patch_keeps_own_staff_number(api_for, world):
    staff = f.StaffFactory(school=world.school, staff_number="T5000")
    response = api_for("secretary").patch(f"/api/v1/staff/{staff.pk}", {"staff_number": "T5000", "name": "周老师"})
    assert response.status_code == 200


def test_patch_to_a_taken_staff_number(api_for, world):
    f.StaffFactory(school=world.school, staff_number="T5000", name="先来者")
    staff = f.StaffFactory(school=world.school)
    errors = _errors(api_for("secretary").patch(f"/api/v1/staff/{staff.pk}", {"staff_number": "T5000"}))
    assert errors == {"工号": ["工号 T5000 已被 先来者 使用。"]}


def test_put_replaces_the_record(api_for, world, math):
    staff = f.StaffFactory(school=world.school, phone="13800000000", position="教研组长")
    staff.subjects.set([math])
    response = api_for("secretary").put(
        f"/api/v1/staff/{staff.pk}", {"staff_number": staff.staff_number, "name": "吴老师", "gender": "F"}
    )
    assert response.status_code == 200
    staff.refresh_from_db()
    assert (staff.name, staff.phone, staff.position, staff.birth_date) == ("吴老师", "", "", None)
    assert list(staff.subjects.all()) == []


def test_put_requires_the_required_fields(api_for, world):
    staff = f.StaffFactory(school=world.school)
    errors = _errors(api_for("secretary").put(f"/api/v1/staff/{staff.pk}", {"name": "吴老师"}))
    assert errors == {"工号": ["这个字段是必填项。"], "性别": ["这个字段是必填项。"]}


def test_wrong_id_type_is_422(api_for, world):
    response = api_for("secretary").get("/api/v1/staff/abc")
    assert response.status_code == 422
    assert response.json() == {"detail": "请求参数有误", "errors": {"教职工编号": ["应为整数。"]}}
