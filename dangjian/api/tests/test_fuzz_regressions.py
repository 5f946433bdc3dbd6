"""Inputs that once gave an HTTP 500 (found by schemathesis): huge page numbers, ids beyond the database's
integer range inside lists of ids (API and forms), and a multipart body without a boundary."""

import pytest
from django.urls import reverse

from dangjian.tests import factories as f

BIG = str(2**64)


@pytest.mark.parametrize("param", ["page", "page_size"])
def test_a_huge_page_number_is_a_422(world, client_for, param):
    response = client_for("secretary").get("/api/v1/staff", {"school": "a", param: BIG})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [f"{'页码' if param == 'page' else '每页条数'}（{param}）"]


def test_a_huge_page_number_on_a_page_shows_the_last_page(world, client_for):
    f.StaffFactory(school=world.school)
    response = client_for("secretary").get(reverse("school:staff_list", args=["a"]), {"page": BIG})
    assert response.status_code == 200
    assert response.context["page_obj"].number == response.context["page_obj"].paginator.num_pages


def test_an_id_beyond_the_database_range_in_a_list_of_ids_is_a_422(world, client_for):
    body = '{"date": "2022-10-10", "topic": "团课", "branches": [' + BIG + "]}"
    response = client_for("secretary").post(
        "/api/v1/league/lessons?school=a", data=body, content_type="application/json"
    )
    assert response.status_code == 422
    assert any("所选项不存在" in m for messages in response.json()["errors"].values() for m in messages)


def test_an_id_beyond_the_database_range_in_a_form_is_a_field_error(world, client_for):
    response = client_for("secretary").post(
        reverse("meetings:activity_create", args=["a"]), {"organization": BIG, "attendees": [BIG, "1" * 5000]}
    )
    assert response.status_code == 200
    assert "所选项不存在" in response.content.decode()


def test_a_multipart_body_without_a_boundary_is_a_json_400(world, client_for):
    response = client_for("secretary").post(
        "/api/v1/rosters/staff/import?school=a", data=b"--x\r\n", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "请求格式有误（无法解析请求体）。"}


def test_a_page_with_a_malformed_body_is_the_house_400(world, client_for):
    response = client_for("secretary").post(
        reverse("meetings:activity_create", args=["a"]), data=b"--x\r\n", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()
