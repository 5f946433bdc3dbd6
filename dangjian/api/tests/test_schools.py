"""/api/v1/schools: the schools the user may see."""


def test_list_shape(api_for, world):
    body = api_for("county").get("/api/v1/schools").json()
    assert body == {
        "count": 2,
        "items": [
            {
                "code": "a",
                "name": "甲中学",
                "short_name": "",
                "county": "示范县",
                "county_code": "sfx",
                "address": "",
                "spirit": "",
            },
            {
                "code": "b",
                "name": "乙中学",
                "short_name": "",
                "county": "示范县",
                "county_code": "sfx",
                "address": "",
                "spirit": "",
            },
        ],
    }


def test_detail_includes_history(api_for, world):
    world.school.history = "红色历史"
    world.school.save()
    body = api_for("county").get("/api/v1/schools/a").json()
    assert (body["name"], body["history"]) == ("甲中学", "红色历史")


def test_unknown_school(api_for, world):
    response = api_for("superuser").get("/api/v1/schools/zzz")
    assert response.status_code == 404
    assert response.json() == {"detail": "学校“zzz”不存在或无权访问"}
