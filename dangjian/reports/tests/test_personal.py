"""The personal page: quiet mentoring pairs, the user's own overdue student contacts, their history of the
school year, and a constant number of queries."""

import datetime as dt

import pytest
from django.urls import reverse

from dangjian.tests import factories as f

TODAY = dt.date(2023, 4, 10)  # second semester of the world's 2022-2023 school year


@pytest.fixture
def today(monkeypatch, world):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    return f.SemesterFactory(
        school_year=world.year, term=2, starts_on=dt.date(2023, 2, 15), ends_on=dt.date(2023, 7, 10)
    )


def _me(client_for, role="teacher"):
    response = client_for(role).get(reverse("reports:me", args=["a"]))
    assert response.status_code == 200
    return response.content.decode()


def test_quiet_mentoring_pairs_are_due_for_mentor_and_mentee(client_for, world, today):
    staff = world.users["teacher"].staff
    never = f.MentorshipFactory(school=world.school, school_year=world.year, mentor=staff, mentee__name="小赵")
    old = f.MentorshipFactory(school=world.school, school_year=world.year, mentor=staff, mentee__name="小钱")
    f.MentoringActivityFactory(mentorship=old, date=dt.date(2023, 1, 5))
    recent = f.MentorshipFactory(school=world.school, school_year=world.year, mentor=staff, mentee__name="小孙")
    f.MentoringActivityFactory(mentorship=recent, date=dt.date(2023, 4, 1))
    pair = {"school": world.school, "school_year": world.year, "mentor": staff}
    f.MentorshipFactory(**pair, mentee__name="小李", confirmed_on=dt.date(2023, 4, 1))  # confirmed lately
    f.MentorshipFactory(**pair, mentee__name="小周", status="released", released_on=dt.date(2023, 1, 1))
    f.MentorshipFactory(school=world.school, school_year=world.year, mentee=staff, mentor__name="老吴")
    f.MentorshipFactory(school=world.school, school_year=world.year, mentee__name="小郑")  # not the user's
    page = _me(client_for)
    assert "与青年教师 小赵的结对本学年尚无带教活动记录，请及时记录" in page
    assert "与青年教师 小钱的结对已 95 天没有带教活动记录，请及时记录" in page
    assert "与导师 老吴的结对本学年尚无带教活动记录，请及时记录" in page
    assert reverse("mentoring:pairing_detail", args=["a", never.pk]) in page
    for name in ("小孙", "小李", "小周", "小郑"):
        assert name not in page


def test_no_mentoring_due_once_the_school_year_is_over(client_for, world):
    f.MentorshipFactory(school=world.school, school_year=world.year, mentor=world.users["teacher"].staff)
    assert "带教活动记录，请及时记录" not in _me(client_for)  # today is after 2023-08-31


def test_own_overdue_student_contacts_are_due_for_the_helper(client_for, world, today):
    staff = world.users["teacher"].staff
    mine = f.StudentFactory(school=world.school, name="甲同学")
    f.SpecialStudentCaseFactory(student=mine, school_year=world.year)
    f.PairingFactory(student=mine, semester=today, kind="special", helper=staff)
    other = f.StudentFactory(school=world.school, name="乙同学")
    f.SpecialStudentCaseFactory(student=other, school_year=world.year)
    f.PairingFactory(student=other, semester=today, kind="special")
    page = _me(client_for)
    assert "甲同学（帮扶人 王老师）结对 54 天尚无联系记录，要求每 30 天至少一次" in page
    assert "乙同学" not in page


def test_history_counts_the_users_own_records_of_the_year(client_for, world, today):
    user, staff = world.users["teacher"], world.users["teacher"].staff
    f.AttendanceFactory.create_batch(2, activity__organization=world.branch, staff=staff)
    f.AttendanceFactory(activity__organization=world.branch, staff=staff, status="absent")
    f.AttendanceFactory(activity__organization=world.branch)  # someone else
    pair = f.MentorshipFactory(school=world.school, school_year=world.year, mentee=staff)
    f.MentoringActivityFactory.create_batch(3, mentorship=pair)
    f.MentoringActivityFactory(mentorship__school=world.school, mentorship__school_year=world.year)  # not theirs
    pairing = f.PairingFactory(student__school=world.school, semester=today, helper=staff)
    f.SupportRecordFactory.create_batch(4, pairing=pairing, created_by=user)
    f.SupportRecordFactory(pairing=pairing)  # written by someone else
    page = _me(client_for)
    assert "我的履历（2022-2023学年）" in page
    assert '<div class="fs-4 fw-semibold" id="history-attended">2</div>' in page
    assert '<div class="fs-4 fw-semibold" id="history-mentoring">3</div>' in page
    assert '<div class="fs-4 fw-semibold" id="history-support">4</div>' in page


@pytest.mark.parametrize("n", [1, 5])
def test_me_queries_are_constant(client_for, world, today, django_assert_max_num_queries, n):
    user, staff = world.users["teacher"], world.users["teacher"].staff
    for _ in range(n):
        f.MentorshipFactory(school=world.school, school_year=world.year, mentor=staff)
        student = f.StudentFactory(school=world.school)
        f.SpecialStudentCaseFactory(student=student, school_year=world.year)
        pairing = f.PairingFactory(student=student, semester=today, kind="special", helper=staff)
        f.SupportRecordFactory(pairing=pairing, created_by=user, date=dt.date(2023, 2, 20))
        f.AttendanceFactory(activity__organization=world.branch, staff=staff)
    with django_assert_max_num_queries(52):  # as many at 1 as at 5 items (2 for the development files)
        page = _me(client_for)
    assert page.count("带教活动记录，请及时记录") == n
    assert page.count("天未联系，要求每 30 天至少一次") == n
