"""/api/v1/classes: list and filters, create and update through SchoolClassForm."""

from dangjian.school.models import SchoolClass
from dangjian.tests import factories as f


def _class(world, level=1, number=1, year=None, **kwargs):
    return f.SchoolClassFactory(
        grade__school=world.school,
        grade__school_year=year or world.year,
        grade__level=level,
        number=number,
        **kwargs,
    )


def test_item_shape(api_for, world):
    teacher = world.users["teacher"].staff
    school_class = _class(world, level=2, number=3, homeroom_teacher=teacher)
    f.EnrollmentFactory(school_class=school_class, student__school=world.school)
    f.EnrollmentFactory(school_class=school_class, student__school=world.school, student__status="suspended")
    body = api_for("teacher").get("/api/v1/classes", {"school": "a"}).json()
    assert body == {
        "count": 1,
        "items": [
            {
                "id": school_class.pk,
                "school": "a",
                "school_year": "2022-2023",
                "level": 2,
                "level_display": "高二",
                "number": 3,
                "name": "高二（3）班",
                "homeroom_teacher": {"id": teacher.pk, "name": "王老师"},
                "combination": "",
                "student_count": 1,
            }
        ],
    }


def test_filters(api_for, world):
    _class(world, level=1, number=1)
    _class(world, level=2, number=1)
    _class(world, level=1, number=1, year=f.SchoolYearFactory(start_year=2021))
    api = api_for("secretary")

    def names(**params):
        return [
            c["name"] + c["school_year"] for c in api.get("/api/v1/classes", {"school": "a", **params}).json()["items"]
        ]

    assert names() == ["高一（1）班2022-2023", "高二（1）班2022-2023"]
    assert names(grade=2) == ["高二（1）班2022-2023"]
    assert names(year="2021-2022") == ["高一（1）班2021-2022"]


def test_create(api_for, world):
    teacher = world.users["teacher"].staff
    response = api_for("jiaowu").post(
        "/api/v1/classes?school=a", {"level": 3, "number": 12, "homeroom_teacher": teacher.pk}
    )
    assert response.status_code == 201
    school_class = SchoolClass.objects.get(pk=response.json()["id"])
    assert (school_class.grade.school, school_class.grade.school_year, school_class.grade.level) == (
        world.school,
        world.year,
        3,
    )
    assert response.json()["name"] == "高三（12）班"


def _errors(response):
    assert response.status_code == 422, response.content.decode()
    return response.json()["errors"]


def test_create_duplicate_number(api_for, world):
    _class(world, level=1, number=1)
    errors = _errors(api_for("secretary").post("/api/v1/classes?school=a", {"level": 1, "number": 1}))
    assert errors == {"班号": ["高一已有（1）班。"]}


def test_create_bad_level(api_for, world):
    errors = _errors(api_for("secretary").post("/api/v1/classes?school=a", {"level": 7, "number": 1}))
    assert list(errors) == ["年段"]


def test_create_bad_number(api_for, world):
    errors = _errors(api_for("secretary").post("/api/v1/classes?school=a", {"level": 1, "number": 100}))
    assert errors == {"班号": ["班号应在 1 到 99 之间。"]}


def test_create_homeroom_teacher_of_another_school(api_for, world):
    outsider = world.users["outsider"].staff
    errors = _errors(
        api_for("secretary").post(
            "/api/v1/classes?school=a", {"level": 1, "number": 2, "homeroom_teacher": outsider.pk}
        )
    )
    assert list(errors) == ["班主任"]


def test_create_missing_level(api_for, world):
    errors = _errors(api_for("secretary").post("/api/v1/classes?school=a", {"number": 2}))
    assert errors == {"年段": ["这个字段是必填项。"]}


def test_create_wrong_type(api_for, world):
    errors = _errors(api_for("secretary").post("/api/v1/classes?school=a", {"level": 1, "number": "二"}))
    assert errors == {"班号": ["应为整数。"]}


def test_patch_keeps_level_and_teacher(api_for, world):
    teacher = world.users["teacher"].staff
    school_class = _class(world, level=2, number=1, homeroom_teacher=teacher)
    response = api_for("secretary").patch(f"/api/v1/classes/{school_class.pk}", {"number": 4})
    assert response.status_code == 200
    school_class.refresh_from_db()
    assert (school_class.grade.level, school_class.number, school_class.homeroom_teacher) == (2, 4, teacher)


def test_put_needs_every_required_field(api_for, world):
    school_class = _class(world)
    errors = _errors(api_for("secretary").put(f"/api/v1/classes/{school_class.pk}", {"number": 4}))
    assert errors == {"年段": ["这个字段是必填项。"]}


def test_combination_is_read_written_and_kept_by_a_partial_update(api_for, world):
    school_class = _class(world, level=2, number=1)
    api = api_for("secretary")
    response = api.patch(f"/api/v1/classes/{school_class.pk}", {"combination": "物理、化学、生物"})
    assert (response.status_code, response.json()["combination"]) == (200, "物化生")
    response = api.patch(f"/api/v1/classes/{school_class.pk}", {"homeroom_teacher": None})
    assert response.json()["combination"] == "物化生"
    errors = _errors(api.patch(f"/api/v1/classes/{school_class.pk}", {"combination": "物史地"}))
    assert "只选一科" in str(errors)
    gao_yi = _class(world, level=1, number=1)
    errors = _errors(api.patch(f"/api/v1/classes/{gao_yi.pk}", {"combination": "物化生"}))
    assert "高一不分选科组合" in str(errors)
