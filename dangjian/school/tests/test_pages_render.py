"""Every school and account page renders with real data, and list pages keep a constant query count."""

import datetime as dt

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from dangjian.accounts.models import ApiToken
from dangjian.party.enums import Post
from dangjian.school.enums import KeyTeacherLevel, PoliticalStatus, ProfessionalTitle
from dangjian.school.models import Skill, StaffYear
from dangjian.tests import factories as f


@pytest.fixture
def data(world):
    """A grade with a class of students, and a teacher with subjects, skills and history."""
    school, year = world.school, world.year
    chinese = f.SubjectFactory(school=school, name="语文")
    maths = f.SubjectFactory(school=school, name="数学")
    office = f.DepartmentFactory(school=school, name="教务处")
    head = f.StaffFactory(school=school, name="段长甲")
    deputy = f.StaffFactory(school=school, name="副段长乙")
    grade = f.GradeFactory(school=school, school_year=year, level=1, head=head, deputy=deputy)
    teacher = f.StaffFactory(
        school=school,
        staff_number="J9001",
        name="李明",
        political_status=PoliticalStatus.PARTY_MEMBER,
        joined_party_on=dt.date(2012, 7, 1),
        department=office,
        title=ProfessionalTitle.SENIOR,
        key_teacher_level=KeyTeacherLevel.CITY,
        phone="13800000000",
        position="教研组长",
    )
    teacher.subjects.set([chinese, maths])
    teacher.skills.set(Skill.objects.filter(name="心理健康教育"))
    StaffYear.objects.create(staff=teacher, school_year=year, grade=grade)
    school_class = f.SchoolClassFactory(grade=grade, number=3, homeroom_teacher=teacher)
    students = [
        f.EnrollmentFactory(
            student__school=school,
            student__name=name,
            student__is_league_member=league,
            school_class=school_class,
        ).student
        for name, league in [("张小红", True), ("陈小明", False)]
    ]
    return {"teacher": teacher, "grade": grade, "class": school_class, "students": students, "maths": maths}


def test_school_list_shows_visible_schools(client_for, world):
    response = client_for("county").get(reverse("school:list"))
    assert response.status_code == 200
    assertContains(response, "甲中学")
    assertContains(response, "乙中学")
    assertContains(response, "示范县")
    assertContains(response, reverse("school:home", args=["a"]))


def test_school_home_shows_figures_grades_and_findings(client_for, world, data):
    response = client_for("secretary").get(reverse("school:home", args=["a"]))
    assert response.status_code == 200
    assertContains(response, "甲中学")
    for label in ("教职工", "党员", "学生", "团员", "班级"):
        assertContains(response, label)
    assert response.context["overview"]["staff"]["total"] == 4
    assert response.context["overview"]["students"]["league"] == 1
    assertContains(response, "段长甲")
    assertContains(response, "副段长乙")
    assertContains(response, "高一")
    # world.branch has one full member and no secretary.
    assertContains(response, "第一党支部")
    assertContains(response, "正式党员 1 名，少于 3 名")
    assertContains(response, "未配备书记")
    assertNotContains(response, "党组织设置符合规定")
    assertContains(response, reverse("school:staff_list", args=["a"]))
    assertContains(response, reverse("party:org_tree", args=["a"]))


def test_school_home_without_findings_says_compliant(client_for, world):
    f.PartyMemberFactory.create_batch(2, branch=world.branch)
    f.OrganizationPostFactory(organization=world.branch, post=Post.SECRETARY)
    response = client_for("secretary").get(reverse("school:home", args=["a"]))
    assertContains(response, "党组织设置符合规定")


def test_staff_list_shows_table_filters_and_create_button(client_for, world, data):
    response = client_for("secretary").get(reverse("school:staff_list", args=["a"]), {"q": "李"})
    assert response.status_code == 200
    assertContains(response, "新增教职工")
    assertContains(response, "姓名/工号/手机号")
    assertContains(response, "data-autosubmit", count=4)
    assertContains(response, "J9001")
    assertContains(response, "数学、语文")
    assertContains(response, "教务处")
    assertContains(response, "高级教师")
    assertContains(response, "市级骨干")
    assertContains(response, reverse("school:staff_detail", args=["a", data["teacher"].pk]))
    assertNotContains(response, "段长甲")


def test_staff_list_keeps_selected_filters(client_for, world, data):
    response = client_for("secretary").get(
        reverse("school:staff_list", args=["a"]),
        {"political_status": "party_any", "subject": data["maths"].pk, "active": "all"},
    )
    assertContains(response, '<option value="party_any" selected>', html=False)
    assertContains(response, f'<option value="{data["maths"].pk}" selected>', html=False)
    assertContains(response, '<option value="all" selected>', html=False)
    assertContains(response, "李明")


def test_staff_list_empty_state(client_for, world):
    response = client_for("secretary").get(reverse("school:staff_list", args=["a"]), {"q": "无此人"})
    assertContains(response, "没有符合条件的教职工")


def test_staff_list_hides_create_button_from_readers(client_for, world, data):
    response = client_for("counsellor").get(reverse("school:staff_list", args=["a"]))
    assert response.status_code == 200
    assertNotContains(response, "新增教职工")


def test_staff_detail_shows_all_fields_and_history(client_for, world, data):
    teacher = data["teacher"]
    response = client_for("secretary").get(reverse("school:staff_detail", args=["a", teacher.pk]))
    assert response.status_code == 200
    for text in (
        "李明",
        "J9001",
        "女",
        "1985-05-01",
        "2008-08-01",
        "中共党员",
        "2012-07-01",
        "教务处",
        "教研组长",
        "高级教师",
        "市级骨干",
        "13800000000",
        "语文",
        "数学",
        "心理健康教育",
        "2022-2023学年",
        "高一（3）班",
        "编辑",
    ):
        assertContains(response, text)
    assertContains(response, reverse("school:staff_edit", args=["a", teacher.pk]))


def test_staff_detail_of_oneself_has_no_edit_button(client_for, world):
    staff = world.users["teacher"].staff
    response = client_for("teacher").get(reverse("school:staff_detail", args=["a", staff.pk]))
    assert response.status_code == 200
    assertContains(response, "王老师")
    assertContains(response, "党组织关系")
    assertContains(response, reverse("party:org_detail", args=["a", world.branch.pk]))
    assertNotContains(response, reverse("school:staff_edit", args=["a", staff.pk]))


def test_student_list_shows_current_class(client_for, world, data):
    response = client_for("secretary").get(reverse("school:student_list", args=["a"]))
    assert response.status_code == 200
    assertContains(response, "新增学生")
    assertContains(response, "张小红")
    assertContains(response, "陈小明")
    assertContains(response, "高一（3）班", count=3)  # two rows and the class filter option
    assertContains(response, "团员")
    assertContains(response, reverse("school:student_detail", args=["a", data["students"][0].pk]))


def test_student_list_empty_state(client_for, world):
    response = client_for("jiaowu").get(reverse("school:student_list", args=["a"]), {"q": "无此人"})
    assertContains(response, "没有符合条件的学生")


def test_student_detail_shows_enrollment_history(client_for, world, data):
    student = data["students"][0]
    later = f.SchoolYearFactory(start_year=2023)
    next_class = f.SchoolClassFactory(grade__school=world.school, grade__school_year=later, grade__level=2, number=3)
    f.EnrollmentFactory(student=student, school_class=next_class)
    response = client_for("secretary").get(reverse("school:student_detail", args=["a", student.pk]))
    assert response.status_code == 200
    for text in (
        "张小红",
        "共青团员",
        "在读",
        "2022-2023学年",
        "高一（3）班",
        "2023-2024学年",
        "高二（3）班",
    ):
        assertContains(response, text)
    assertContains(response, reverse("school:student_edit", args=["a", student.pk]))


def test_class_list_shows_classes_of_the_year(client_for, world, data):
    f.SchoolYearFactory(start_year=2021)
    response = client_for("teacher").get(reverse("school:class_list", args=["a"]), {"year": "2022"})
    assert response.status_code == 200
    assertContains(response, "高一（3）班")
    assertContains(response, "李明")
    assertContains(response, "2021-2022学年")
    assertContains(response, '<option value="2022" selected>', html=False)
    assertNotContains(response, "新增班级")
    assert [c.student_count for c in response.context["page_obj"].object_list] == [2]


def test_class_detail_with_students(client_for, world, data):
    response = client_for("secretary").get(reverse("school:class_detail", args=["a", data["class"].pk]))
    assert response.status_code == 200
    for text in ("高一（3）班", "2022-2023学年", "李明", "学生名单", "张小红", "陈小明", "编辑"):
        assertContains(response, text)


def test_class_detail_without_student_access(client_for, world, data):
    response = client_for("teacher").get(reverse("school:class_detail", args=["a", data["class"].pk]))
    assert response.status_code == 200
    assertContains(response, "李明")
    assertNotContains(response, "学生名单")
    assertNotContains(response, "张小红")


# Accounts ---------------------------------------------------------------


def test_profile_lists_tokens(client_for, world):
    user = world.users["secretary"]
    ApiToken.objects.create(user=user, name="统计脚本", key_hash="a" * 64, key_prefix="dj_abcdefg")
    ApiToken.objects.create(
        user=user,
        name="旧脚本",
        key_hash="b" * 64,
        key_prefix="dj_zzzzzzz",
        revoked_at=dt.datetime(2023, 1, 1, tzinfo=dt.UTC),
    )
    response = client_for("secretary").get(reverse("profile"))
    assert response.status_code == 200
    for text in (
        "secretary",
        "学校党组织书记",
        "甲中学",
        "统计脚本",
        "dj_abcdefg",
        "从未使用",
        "有效",
        "旧脚本",
        "已撤销",
    ):
        assertContains(response, text)
    assertContains(response, "data-confirm", count=1)
    assertContains(response, reverse("token_revoke", args=[user.api_tokens.get(name="统计脚本").pk]))
    assertNotContains(response, "请立即复制")


def test_profile_shows_new_key_once(client_for, world):
    client = client_for("secretary")
    response = client.post(reverse("profile"), {"name": "统计脚本"})
    assert response.status_code == 200
    key = response.context["new_key"]
    assertContains(response, "请立即复制，此令牌只显示一次")
    assertContains(response, f'curl -H "Authorization: Bearer {key}" http://testserver/api/v1/schools')
    assertNotContains(client.get(reverse("profile")), key)


def test_login_locked_page(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        response = client.post(reverse("login"), {"username": "secretary", "password": "wrong"})
    assert response.status_code == 429
    assertContains(response, "登录失败次数过多，账号已暂时锁定，请 15 分钟后再试。", status_code=429)


# Query counts -------------------------------------------------------------


def _query_count(client, url, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(100) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_school_list_query_count(client_for, world, django_assert_max_num_queries):
    client, url = client_for("county"), reverse("school:list")
    expected = _query_count(client, url, django_assert_max_num_queries)
    f.SchoolFactory.create_batch(3, county=world.school.county)
    with django_assert_max_num_queries(expected):
        assert len(client.get(url).context["page_obj"].object_list) == 5


def test_staff_list_query_count(client_for, world, django_assert_max_num_queries):
    client, url = client_for("secretary"), reverse("school:staff_list", args=["a"])
    subjects = [f.SubjectFactory(school=world.school, name=name) for name in ("语文", "数学")]
    department = f.DepartmentFactory(school=world.school)
    world.users["teacher"].staff.subjects.set(subjects)
    expected = _query_count(client, url, django_assert_max_num_queries)
    for staff in f.StaffFactory.create_batch(4, school=world.school, department=department):
        staff.subjects.set(subjects)
    with django_assert_max_num_queries(expected):
        assert len(client.get(url).context["page_obj"].object_list) == 5


def test_student_list_query_count(client_for, world, django_assert_max_num_queries):
    client, url = client_for("secretary"), reverse("school:student_list", args=["a"])
    school_class = f.SchoolClassFactory(grade__school=world.school, grade__school_year=world.year)
    f.EnrollmentFactory(student__school=world.school, school_class=school_class)
    expected = _query_count(client, url, django_assert_max_num_queries)
    f.EnrollmentFactory.create_batch(4, student__school=world.school, school_class=school_class)
    with django_assert_max_num_queries(expected):
        assert len(client.get(url).context["page_obj"].object_list) == 5


def test_class_list_query_count(client_for, world, django_assert_max_num_queries):
    client, url = client_for("secretary"), reverse("school:class_list", args=["a"])
    grade = f.GradeFactory(school=world.school, school_year=world.year)
    teacher = world.users["teacher"].staff
    f.EnrollmentFactory(
        student__school=world.school, school_class=f.SchoolClassFactory(grade=grade, homeroom_teacher=teacher)
    )
    expected = _query_count(client, url, django_assert_max_num_queries)
    for school_class in f.SchoolClassFactory.create_batch(4, grade=grade, homeroom_teacher=teacher):
        f.EnrollmentFactory(student__school=world.school, school_class=school_class)
    with django_assert_max_num_queries(expected):
        assert len(client.get(url).context["page_obj"].object_list) == 5


def test_student_list_opens_on_students_in_school_and_shows_all_on_request(client_for, world):
    f.StudentFactory(school=world.school, name="在读生")
    f.StudentFactory(school=world.school, name="已毕业", status="graduated")
    client = client_for("secretary")
    opened = client.get(reverse("school:student_list", args=["a"])).content.decode()
    assert "在读生" in opened and "已毕业" not in opened
    everyone = client.get(reverse("school:student_list", args=["a"]), {"status": ""}).content.decode()
    assert "在读生" in everyone and "已毕业" in everyone


def test_dates_read_the_same_everywhere(client_for, world):
    """One date format, 2023-05-26, where a template prints a date without naming a format."""
    from django.template import Context, Template

    text = Template("{{ day }}|{{ moment }}").render(
        Context({"day": dt.date(2023, 5, 26), "moment": dt.datetime(2023, 5, 26, 9, 5)})
    )
    assert text == "2023-05-26|2023-05-26 09:05"
