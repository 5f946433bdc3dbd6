"""Open lists (特长, 处室) never block an import: known aliases map to the list, unknown names are warnings,
added to the list on confirmation (checkbox, --add-unknown) or ignored."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from dangjian.school.models import Department, Skill, Staff

from .helpers import xlsx_bytes
from .snapshot import snapshot

ROWS = [["工号", "姓名", "性别", "特长"], ["J001", "张明", "男", "心理健康教育C证、心理咨询师、 班主任经验 "]]
WARNING = "第 2 行「特长」“心理健康教育C证”不在特长列表中：确认导入时选择“加入列表”则加入并导入，否则忽略该值。"


def run(roster, rows=ROWS, **kwargs):
    from dangjian.rosters.services import roster_import

    return roster_import(
        kind="staff", school=roster.school, data=xlsx_bytes(rows), filename="s.xlsx", school_year=roster.year, **kwargs
    )


def skills_of(number):
    return sorted(Staff.objects.get(staff_number=number).skills.values_list("name", flat=True))


def test_unknown_skill_is_a_warning_and_is_ignored(roster):
    plan, applied = run(roster)
    assert (plan.problems, [str(w) for w in plan.warnings], applied) == ([], [WARNING], True)
    assert plan.unknown == {"skills": ["心理健康教育C证"]}
    assert skills_of("J001") == ["心理咨询师证书", "班主任经验"]  # 心理咨询师 is an alias of 心理咨询师证书
    assert not Skill.objects.filter(name="心理健康教育C证").exists()
    before = snapshot()
    plan, _ = run(roster)  # idempotent: still a warning, nothing changes
    assert (plan.counts["unchanged"], [str(w) for w in plan.warnings]) == (1, [WARNING])
    assert {k: v for k, v in snapshot().items() if k != "accounts.AuditLog"} == {
        k: v for k, v in before.items() if k != "accounts.AuditLog"
    }


def test_unknown_skill_is_added_on_confirmation(roster):
    plan, applied = run(roster, add_unknown=True)
    assert (applied, plan.added, plan.warnings) == (True, {"skills": ["心理健康教育C证"]}, [])
    assert skills_of("J001") == ["心理健康教育C证", "心理咨询师证书", "班主任经验"]
    plan, _ = run(roster, add_unknown=True)
    assert (plan.counts["unchanged"], plan.unknown, plan.added) == (1, {}, {})


def test_unknown_department_keeps_the_current_one_unless_added(roster):
    teacher = roster.teachers["J001"]
    teacher.department = Department.objects.get(school=roster.school, name="教务处")
    teacher.save()
    rows = [
        ["工号", "姓名", "性别", "处室"],
        ["J001", "张明", "男", "总务处"],
        ["J002", "李红", "女", "教导处"],
    ]  # 教导处: an alias of 教务处
    plan, _ = run(roster, rows)
    assert [str(w) for w in plan.warnings] == [
        "第 2 行「处室」“总务处”不在处室列表中：确认导入时选择“加入列表”则加入并导入，否则该格不导入（保留原有内容）。"
    ]
    assert Staff.objects.get(staff_number="J001").department.name == "教务处"
    assert Staff.objects.get(staff_number="J002").department.name == "教务处"
    plan, _ = run(roster, rows, add_unknown=True)
    assert Staff.objects.get(staff_number="J001").department.name == "总务处"
    assert Department.objects.get(name="总务处").school == roster.school


def test_subjects_stay_a_closed_list(roster):
    plan, applied = run(roster, [["工号", "姓名", "性别", "任教学科"], ["J001", "张明", "男", "化学"]])
    assert applied is False
    assert [str(p) for p in plan.problems] == ["第 2 行「任教学科」找不到“化学”（可选：数学、物理、英语、语文）"]


def test_command_ignores_or_adds_unknown_names(roster, tmp_path):
    path = tmp_path / "s.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))
    out = io.StringIO()
    call_command("import_roster", "staff", str(path), "--school", "a", "--semester", "2022-2023", stdout=out)
    assert f"提醒：{WARNING}" in out.getvalue().splitlines()
    assert not Skill.objects.filter(name="心理健康教育C证").exists()
    out = io.StringIO()
    call_command("import_roster", "staff", str(path), "--school", "a", "--semester", "2022-2023", "--add-unknown",
                 stdout=out)  # fmt: skip
    assert out.getvalue().splitlines()[-1] == "导入完成：新增 0，更新 1；加入特长列表：心理健康教育C证。"
    assert "心理健康教育C证" in skills_of("J001")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("add", [False, True])
def test_preview_warns_and_confirm_adds_only_when_ticked(roster, client_for, media, add):
    client = client_for("secretary")
    response = client.post(
        reverse("rosters:upload", args=["a", "staff"]),
        {"file": SimpleUploadedFile("s.xlsx", xlsx_bytes(ROWS)), "school_year": roster.year.pk},
    )
    page = client.get(response["Location"])
    assert [str(w) for w in page.context["plan"].warnings] == [WARNING]
    assert 'name="add_unknown"' in page.text
    assert "加入列表：特长：心理健康教育C证" in page.text
    token = response["Location"].rstrip("/").split("/")[-1]
    response = client.post(reverse("rosters:confirm", args=["a", "staff", token]), {"add_unknown": "1"} if add else {})
    assert response.status_code == 302
    assert ("心理健康教育C证" in skills_of("J001")) is add
    assert Skill.objects.filter(name="心理健康教育C证").exists() is add


def test_a_large_import_adds_unknown_names_in_the_worker_when_ticked(roster, client_for, media, monkeypatch):
    from dangjian.jobs.models import Job
    from dangjian.rosters import jobs

    monkeypatch.setattr(jobs, "JOB_ROWS", 0)
    client = client_for("secretary")
    response = client.post(
        reverse("rosters:upload", args=["a", "staff"]),
        {"file": SimpleUploadedFile("s.xlsx", xlsx_bytes(ROWS)), "school_year": roster.year.pk},
    )
    client.get(response["Location"])
    token = response["Location"].rstrip("/").split("/")[-1]
    client.post(reverse("rosters:confirm", args=["a", "staff", token]), {"add_unknown": "1"})
    job = Job.objects.get()
    assert (job.status, job.params["add_unknown"]) == ("done", True)
    assert "心理健康教育C证" in skills_of("J001")
