"""新学年 in a real browser: 教务处 previews the next school year from the class list, changes the number of
new 高一 classes, starts the year and sees what still needs a decision."""

from playwright.sync_api import expect

from dangjian.school.models import SchoolClass
from dangjian.tests import factories as f

from .conftest import login


def test_academic_affairs_starts_the_next_school_year(page, world):
    for level in (1, 2, 3):
        grade = f.GradeFactory(school=world.school, school_year=world.year, level=level)
        school_class = f.SchoolClassFactory(grade=grade, number=1)
        f.EnrollmentFactory(
            student=f.StudentFactory(school=world.school), school_class=school_class, school_year=world.year
        )

    login(page, "jiaowu")
    page.goto(page.base_url + "/s/a/classes/")
    page.get_by_role("link", name="新学年").click()
    expect(page.get_by_role("heading", name="预览：开始 2023-2024 学年")).to_be_visible()
    expect(page.locator("[data-count='新开高一班级']")).to_have_text("1")
    page.get_by_label("新高一班级数").fill("3")
    page.get_by_role("button", name="更新预览").click()
    expect(page.locator("[data-count='新开高一班级']")).to_have_text("3")
    expect(page.get_by_text("高二（1）班：升入学生 1 人")).to_be_visible()
    page.get_by_role("button", name="确认开始 2023-2024 学年").click()

    expect(page.get_by_text("已开始 2023-2024 学年。")).to_be_visible()
    expect(page.get_by_role("heading", name="2023-2024 学年")).to_be_visible()
    expect(page.locator("#rollover-decisions")).to_contain_text("新高一年段需要任命年段长")
    expect(page.locator("#rollover-decisions")).to_contain_text("5 个班级需要安排班主任")
    assert SchoolClass.objects.filter(grade__school_year__start_year=2023).count() == 5
    assert page.console_errors == []
