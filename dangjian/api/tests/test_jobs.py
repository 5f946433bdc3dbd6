"""/api/v1/jobs and /api/v1/staffing/jobs for every role: the same answers as the job pages."""

import pytest

from dangjian.jobs.services import job_start
from dangjian.staffing.models import OptimizerRun
from dangjian.staffing.tests.conftest import build_small
from dangjian.tests.test_view_permissions import ROLES

SEES = {"secretary", "party_staff", "jiaowu", "superuser"}


@pytest.fixture
def job(world):
    small = build_small(world)
    return job_start(
        kind="staffing.optimize",
        school=world.school,
        actor=world.users["jiaowu"],
        params={"semester": small.semester.pk, "time_limit": 5},
    )


@pytest.mark.parametrize("role", ROLES)
def test_job_api_per_role(api_for, job, world, role):
    response = api_for(role).get(f"/api/v1/jobs/{job.pk}")
    expected = 401 if role == "anonymous" else 200 if role in SEES else 404
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["status"] == "done"


@pytest.mark.parametrize("role", ROLES)
def test_starting_an_optimizer_job_through_the_api_per_role(api_for, world, role):
    build_small(world)
    response = api_for(role).post("/api/v1/staffing/jobs?school=a", {"semester": "2022-2023-2", "time_limit": 5})
    readers = {"branch", "counsellor", "teacher"}
    expected = 401 if role == "anonymous" else 202 if role in SEES else 403 if role in readers else 404
    assert response.status_code == expected
    if expected == 202:
        body = response.json()
        assert (body["status"], body["result_url"]) == ("done", OptimizerRun.objects.get().get_absolute_url())


def test_bad_pins_are_refused_before_a_job_is_queued(api_for, world):
    from dangjian.jobs.models import Job

    build_small(world)
    response = api_for("jiaowu").post(
        "/api/v1/staffing/jobs?school=a", {"pinned": [{"class": 999999, "subject": "语文", "teacher": 1}]}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"__all__": ["pinned[0]：未知班级 id 999999。", "pinned[0]：未知教师 id 1。"]}
    assert not Job.objects.exists()


REPORT_SEES = {"secretary", "party_staff", "superuser"}  # the dashboard's roles


@pytest.mark.parametrize("role", ROLES)
def test_the_annual_report_through_the_api_per_role(api_for, world, role, settings, tmp_path):
    """Started by POST /stats/report (202 with the job), downloaded by GET /jobs/{id}/file."""
    settings.MEDIA_ROOT = tmp_path
    client = api_for(role)
    response = client.post("/api/v1/stats/report?school=a", {"year": "2022-2023", "format": "docx"})
    readers = {"branch", "jiaowu", "counsellor", "teacher"}
    expected = 401 if role == "anonymous" else 202 if role in REPORT_SEES else 403 if role in readers else 404
    assert response.status_code == expected
    if expected == 202:
        body = response.json()
        assert (body["status"], body["result_name"]) == ("done", "甲中学2022-2023学年党建工作报告.docx")
        download = client.get(f"/api/v1/jobs/{body['id']}/file")
        assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        assert b"".join(download.streaming_content)[:2] == b"PK"  # read to the end: the file is closed


@pytest.mark.parametrize("role", ROLES)
def test_a_job_file_through_the_api_per_role(api_for, world, role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = job_start(
        kind="reports.annual",
        school=world.school,
        actor=world.users["party_staff"],
        params={"year": 2022, "format": "xlsx"},
    )
    response = api_for(role).get(f"/api/v1/jobs/{job.pk}/file")
    expected = 401 if role == "anonymous" else 200 if role in REPORT_SEES | {"party_staff"} else 404
    assert response.status_code == expected
    if response.streaming:
        b"".join(response.streaming_content)  # read to the end: the test client then closes the file


def test_a_job_without_a_file_has_no_file(api_for, job):
    assert api_for("jiaowu").get(f"/api/v1/jobs/{job.pk}/file").status_code == 404
