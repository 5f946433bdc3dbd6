"""The county committee sees counts only, everywhere: no teacher or student name on any page or API answer
it can reach, and its entry to a school (/s/<code>/) is that school's statistics page."""

from django.urls import reverse

from dangjian.tests import factories as f

NAMES = ("段长独特名", "副段长独特名", "学生独特名", "党员独特名")


def test_the_school_home_sends_the_county_to_the_statistics_page(world, client_for):
    response = client_for("county").get(reverse("school:home", args=["a"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:county_school", args=["sfx", "a"])


def test_no_name_on_anything_the_county_reaches(world, client_for):
    school = world.school
    head = f.StaffFactory(school=school, name=NAMES[0])
    deputy = f.StaffFactory(school=school, name=NAMES[1])
    grade = f.GradeFactory(school=school, school_year=world.year, level=1, head=head, deputy=deputy)
    student = f.StudentFactory(school=school, name=NAMES[2])
    f.EnrollmentFactory(
        student=student, school_class=f.SchoolClassFactory(grade=grade, number=1), school_year=world.year
    )
    f.PartyMemberFactory(branch=world.branch, staff__name=NAMES[3])
    client = client_for("county")
    urls = [
        reverse("school:home", args=["a"]),
        reverse("school:list"),
        reverse("reports:county", args=["sfx"]),
        reverse("reports:county_school", args=["sfx", "a"]),
        reverse("support:figures", args=["a"]),
        "/api/v1/schools",
        "/api/v1/schools/a",
        "/api/v1/stats/school?school=a",
        "/api/v1/support/figures?school=a",
    ]
    reached = 0
    for url in urls:
        response = client.get(url, follow=True)
        if response.status_code != 200:
            continue
        reached += 1
        body = response.content.decode()
        assert [n for n in NAMES if n in body] == [], url
    assert reached >= 6
