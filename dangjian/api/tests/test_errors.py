"""Failures answer JSON with Chinese messages; odd input never becomes a 500."""

import pytest

VALID_STAFF = {"staff_number": "T9001", "name": "赵老师", "gender": "M"}
LISTS = ["/api/v1/staff", "/api/v1/students", "/api/v1/classes", "/api/v1/organizations"]


@pytest.mark.parametrize("path", LISTS)
def test_lists_require_school(api_for, world, path):
    response = api_for("secretary").get(path)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "请求参数有误",
        "errors": {"学校代码（school）": ["必须提供此参数。"]},
    }


@pytest.mark.parametrize("path", LISTS)
def test_creates_require_school(api_for, world, path):
    response = api_for("secretary").post(path, {})
    assert response.status_code == 422
    assert response.json()["errors"] == {"学校代码（school）": ["必须提供此参数。"]}


@pytest.mark.parametrize("path", LISTS)
def test_lists_of_unknown_school_are_404(api_for, world, path):
    response = api_for("superuser").get(path, {"school": "nowhere"})
    assert response.status_code == 404
    assert response.json() == {"detail": "学校“nowhere”不存在或无权访问"}


def test_bad_page(api_for, world):
    response = api_for("secretary").get("/api/v1/staff", {"school": "a", "page": 0, "page_size": "x"})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "页码（page）": ["不能小于 1。"],
        "每页条数（page_size）": ["应为整数。"],
    }


def test_page_past_the_end_is_empty(api_for, world):
    assert api_for("secretary").get("/api/v1/staff", {"school": "a", "page": 99}).json() == {
        "items": [],
        "count": 1,
    }


def test_object_hidden_by_a_helper_says_not_found_not_page(api_for, world):
    response = api_for("teacher").get(f"/api/v1/staff/{world.users['outsider'].staff.pk}")
    assert response.json() == {"detail": "对象不存在或无权访问"}


def test_huge_ids(api_for, world):
    api = api_for("secretary")
    assert api.get(f"/api/v1/staff/{10**30}").status_code == 404
    assert api.get(f"/api/v1/staff/{'9' * 5000}").status_code == 422
    assert api.get("/api/v1/staff", {"school": "a", "subject": 10**30}).json() == {"items": [], "count": 0}


def test_odd_subject_values(api_for, world):
    response = api_for("secretary").post("/api/v1/staff?school=a", {**VALID_STAFF, "subjects": ["²", "9" * 5000]})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["任教学科"]


def test_union_type_error_names_the_field(api_for, world):
    response = api_for("secretary").post("/api/v1/staff?school=a", {**VALID_STAFF, "department": [1]})
    assert response.json()["errors"] == {"处室": ["应为编号（整数）或名称（字符串）。"]}


def test_number_too_long_for_json(api_for, world):
    response = api_for("secretary").post("/api/v1/staff?school=a", raw='{"name": ' + "9" * 5000 + "}")
    assert response.status_code == 422
    assert response.json()["errors"] == {"请求体": ["请求体不是有效的 JSON。"]}


def test_form_encoded_body_is_refused(client_for, world):
    response = client_for("secretary").post("/api/v1/staff?school=a", VALID_STAFF)
    assert response.status_code == 422
    assert response.json()["errors"] == {"请求体": ["请求体不是有效的 JSON。"]}


def test_nul_characters(api_for, world):
    api = api_for("secretary")
    assert api.get("/api/v1/staff", {"school": "a", "q": "王\x00"}).json()["count"] == 1
    response = api.post("/api/v1/staff?school=a", {**VALID_STAFF, "name": "赵\x00"})
    assert list(response.json()["errors"]) == ["姓名"]


def test_number_out_of_range_for_the_form(api_for, world):
    response = api_for("secretary").post("/api/v1/classes?school=a", {"level": 1, "number": 10**30})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["班号"]


def test_readable_chinese_in_answers(api_for, world):
    response = api_for("secretary").get("/api/v1/schools/a")
    assert "甲中学".encode() in response.content
