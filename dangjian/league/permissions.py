"""Who may read and write the League pages (deny by default).

- Everyone who works in the school reads branches, lessons and themed series.
- 书记 and 党务干部 (and superusers) write everything; a lesson's lecturer edits their own lesson.
- Student rosters and 推优入党 records name students: office roles only (as the student pages).
- The county committee and other schools: nothing (404)."""

from dangjian.accounts.access import get_access
from dangjian.lib.access import not_found, require
from dangjian.school.models import School
from dangjian.school.permissions import SCHOOL_ADMINS, can_list_students

from .models import LeagueBranch, LeagueLesson, Recommendation, ThemeActivity, ThemeActivityPhoto, ThemeSeries


def can_view(user, school: School) -> bool:
    return get_access(user).is_member_of(school.pk)


def can_manage(user, school: School) -> bool:
    return get_access(user).has_role(school.pk, *SCHOOL_ADMINS)


def can_see_students(user, school: School) -> bool:
    return can_list_students(user, school)


def can_edit_lesson(user, lesson: LeagueLesson) -> bool:
    return can_manage(user, lesson.school) or lesson.lecturer_id == get_access(user).staff_id


def _get(qs, user, school, pk):
    obj = qs.filter(pk=pk).first()
    if obj is None or not can_view(user, school):
        not_found()
    return obj


def get_branch_for_user(user, school: School, pk: int, write: bool = False) -> LeagueBranch:
    qs = LeagueBranch.objects.filter(school=school).select_related(
        "school", "school_year", "school_class__grade", "secretary"
    )
    branch = _get(qs, user, school, pk)
    if write:
        require(can_manage(user, school))
    return branch


def get_lesson_for_user(user, school: School, pk: int, write: bool = False) -> LeagueLesson:
    qs = LeagueLesson.objects.filter(school=school).select_related("school", "school_year", "lecturer")
    lesson = _get(qs, user, school, pk)
    if write:
        require(can_edit_lesson(user, lesson))
    return lesson


def get_series_for_user(user, school: School, pk: int, write: bool = False) -> ThemeSeries:
    series = _get(ThemeSeries.objects.filter(school=school).select_related("school"), user, school, pk)
    if write:
        require(can_manage(user, school))
    return series


def get_theme_activity_for_user(user, school: School, pk: int, write: bool = False) -> ThemeActivity:
    qs = ThemeActivity.objects.filter(series__school=school).select_related("series__school", "school_year", "guide")
    activity = _get(qs, user, school, pk)
    if write:
        require(can_manage(user, school))
    return activity


def get_photo_for_user(user, school: School, pk: int) -> ThemeActivityPhoto:
    qs = ThemeActivityPhoto.objects.filter(activity__series__school=school)
    return _get(qs, user, school, pk)


def get_recommendation_for_user(user, school: School, pk: int, write: bool = False) -> Recommendation:
    qs = Recommendation.objects.filter(school=school).select_related("school", "branch__school_year", "student")
    rec = qs.filter(pk=pk).first()
    if rec is None or not can_see_students(user, school):
        not_found()
    if write:
        require(can_manage(user, school))
    return rec
