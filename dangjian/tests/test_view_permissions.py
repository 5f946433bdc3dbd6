"""Every page against every role: deny by default, 404 to outsiders, 403 to readers who try to write."""

import pytest
from django.urls import reverse

from dangjian.tests import factories as f

ROLES = [
    "anonymous",
    "secretary",
    "party_staff",
    "branch",
    "jiaowu",
    "counsellor",
    "teacher",
    "outsider",
    "county",
    "superuser",
]
MEMBERS = {"secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "superuser"}
OFFICE = {"secretary", "party_staff", "jiaowu", "counsellor", "superuser"}
WRITERS = {"secretary", "party_staff", "jiaowu", "superuser"}
ADMINS = {"secretary", "party_staff", "superuser"}


def expect(allowed: set[str], *, readers: set[str] = MEMBERS, hidden: set[str] = frozenset()):
    """Status per role: 200 if allowed, 403 if the role works in the school (reader), else 404."""
    out = {}
    for role in ROLES:
        if role == "anonymous":
            out[role] = 302
        elif role in allowed:
            out[role] = 200
        elif role in readers and role not in hidden:
            out[role] = 403
        else:
            out[role] = 404
    return out


@pytest.fixture
def objects(world):
    school = world.school
    teacher_staff = world.users["teacher"].staff
    other_staff = f.StaffFactory(school=school, name="非党员教师")
    grade = f.GradeFactory(school=school, school_year=world.year, level=1)
    school_class = f.SchoolClassFactory(grade=grade, number=1)
    student = f.StudentFactory(school=school)
    f.EnrollmentFactory(student=student, school_class=school_class, school_year=world.year)
    group = f.OrganizationFactory(school=school, parent=world.branch, kind="group", name="高一党小组")
    return {
        "teacher_staff": teacher_staff,
        "other_staff": other_staff,
        "class": school_class,
        "student": student,
        "group": group,
    }


CASES = {
    # The county's entry to a school is its statistics page (counts only): a redirect there.
    "school_home": (lambda w, o: reverse("school:home", args=["a"]), expect(MEMBERS) | {"county": 302}),
    "staff_list": (lambda w, o: reverse("school:staff_list", args=["a"]), expect(OFFICE | {"branch"})),
    "staff_detail_member": (
        lambda w, o: reverse("school:staff_detail", args=["a", o["teacher_staff"].pk]),
        expect(OFFICE | {"branch", "teacher"}),
    ),
    "staff_detail_other": (
        lambda w, o: reverse("school:staff_detail", args=["a", o["other_staff"].pk]),
        expect(OFFICE, hidden={"branch", "teacher"}),
    ),
    "staff_create": (lambda w, o: reverse("school:staff_create", args=["a"]), expect(WRITERS)),
    "staff_edit_own": (
        lambda w, o: reverse("school:staff_edit", args=["a", o["teacher_staff"].pk]),
        expect(WRITERS),
    ),
    "student_list": (lambda w, o: reverse("school:student_list", args=["a"]), expect(OFFICE)),
    "student_detail": (
        lambda w, o: reverse("school:student_detail", args=["a", o["student"].pk]),
        expect(OFFICE, hidden={"branch", "teacher"}),
    ),
    "student_create": (lambda w, o: reverse("school:student_create", args=["a"]), expect(WRITERS)),
    "student_edit": (
        lambda w, o: reverse("school:student_edit", args=["a", o["student"].pk]),
        expect(WRITERS, hidden={"branch", "teacher"}),
    ),
    "class_list": (lambda w, o: reverse("school:class_list", args=["a"]), expect(MEMBERS)),
    "class_detail": (lambda w, o: reverse("school:class_detail", args=["a", o["class"].pk]), expect(MEMBERS)),
    "class_create": (lambda w, o: reverse("school:class_create", args=["a"]), expect(WRITERS)),
    "class_edit": (lambda w, o: reverse("school:class_edit", args=["a", o["class"].pk]), expect(WRITERS)),
    "org_tree": (lambda w, o: reverse("party:org_tree", args=["a"]), expect(MEMBERS)),
    "org_detail": (lambda w, o: reverse("party:org_detail", args=["a", w.branch.pk]), expect(MEMBERS)),
    "org_create": (lambda w, o: reverse("party:org_create", args=["a"]), expect(ADMINS | {"branch"})),
    "org_edit_branch": (
        lambda w, o: reverse("party:org_edit", args=["a", w.branch.pk]),
        expect(ADMINS | {"branch"}),
    ),
    "org_edit_group": (
        lambda w, o: reverse("party:org_edit", args=["a", o["group"].pk]),
        expect(ADMINS | {"branch"}),
    ),
    "member_create": (lambda w, o: reverse("party:member_create", args=["a"]), expect(ADMINS)),
    "member_edit": (
        lambda w, o: reverse("party:member_edit", args=["a", o["teacher_staff"].party_record.pk]),
        expect(ADMINS | {"branch"}),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_page_access(world, objects, client_for, case, role):
    url_of, expected = CASES[case]
    response = client_for(role).get(url_of(world, objects))
    assert response.status_code == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_other_school_pages_are_404_for_school_a_roles(world, client_for, role):
    other_staff = f.StaffFactory(school=world.other_school)
    response = client_for(role).get(reverse("school:staff_detail", args=["b", other_staff.pk]))
    assert response.status_code == {"anonymous": 302, "superuser": 200, "outsider": 404}.get(role, 404)


def test_staff_of_other_school_not_reachable_through_own_school_url(world, client_for):
    other_staff = f.StaffFactory(school=world.other_school)
    response = client_for("secretary").get(reverse("school:staff_detail", args=["a", other_staff.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "teacher", "county", "superuser"])
def test_profile_and_school_list_need_login(world, client_for, role):
    client = client_for(role)
    expected = 302 if role == "anonymous" else 200
    assert client.get(reverse("profile")).status_code == expected
    assert client.get(reverse("school:list")).status_code == expected
