"""/api/v1/stats: the dashboard figures of a school and the county table, with the pages' permissions."""

import pytest

from dangjian.tests import factories as f

ROLES = ["anonymous", "secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "outsider", "county"]
ROLES += ["superuser"]
SCHOOL = dict(zip(ROLES, [401, 200, 200, 403, 403, 403, 403, 404, 404, 200], strict=True))
COUNTY = dict(zip(ROLES, [401, 404, 404, 404, 404, 404, 404, 404, 200, 200], strict=True))


@pytest.mark.parametrize("role", ROLES)
def test_school_stats_permissions(api_for, role):
    assert api_for(role).get("/api/v1/stats/school", {"school": "a"}).status_code == SCHOOL[role]


@pytest.mark.parametrize("role", ROLES)
def test_county_stats_permissions(api_for, role):
    assert api_for(role).get("/api/v1/stats/county", {"county": "sfx"}).status_code == COUNTY[role]


def test_school_stats_returns_every_figure_per_year(api_for, world):
    f.LeagueLessonFactory.create_batch(2, school=world.school, school_year=world.year)
    body = api_for("secretary").get("/api/v1/stats/school", {"school": "a", "year": "2022-2023"}).json()
    assert body["year"] == "2022-2023"
    assert [d["key"] for d in body["definitions"]][:2] == ["compliance_rate", "coverage_rate"]
    assert len(body["definitions"]) == 9
    assert [(y["year"], y["league_lessons"], y["coverage_rate"]) for y in body["years"]] == [("2022-2023", 2, None)]


def test_county_stats_are_counts_only(api_for, world):
    semester = f.SemesterFactory(school_year=world.year)
    f.SupportRecordFactory(pairing=f.PairingFactory(student=f.StudentFactory(school=world.school), semester=semester))
    body = api_for("county").get("/api/v1/stats/county", {"county": "sfx"}).json()
    assert body["count"] == 2
    assert {i["school"]: i["support_person_times"] for i in body["items"]} == {"a": 1, "b": 0}
    assert set(body["items"][0]) == {
        "rank",
        "school",
        "name",
        "compliance_rate",
        "coverage_rate",
        "young_mentored",
        "support_person_times",
        "league_lessons",
        "subject_activities",
    }
