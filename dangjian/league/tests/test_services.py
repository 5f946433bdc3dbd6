"""The League deletes: the rule of each, the audit entry, the stored photos, and the figures of the
dashboard (reports.figures) that drop with them."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.accounts.models import AuditLog
from dangjian.league import services
from dangjian.league.models import LeagueLesson, Recommendation, ThemeActivity, ThemeActivityPhoto
from dangjian.reports.figures import figures


def _figures(world):
    return figures([world.school.pk], [world.year])[(world.school.pk, 2022)]


def _audit(action):
    return list(AuditLog.objects.filter(action=action).values_list("user__username", "school__code", "object_id"))


def test_lesson_delete_audits_and_the_dashboard_figure_drops(world, ldata):
    pk = ldata.lesson.pk
    assert _figures(world).league_lessons == 1
    services.league_lesson_delete(lesson=ldata.lesson, actor=world.users["party_staff"])
    assert (LeagueLesson.objects.count(), _figures(world).league_lessons) == (0, 0)
    assert _audit("league_lesson.delete") == [("party_staff", "a", str(pk))]


def test_lecturer_cannot_delete_a_lesson_counted_in_an_ended_semester(world, ldata):
    with pytest.raises(ValidationError) as exc:
        services.league_lesson_delete(lesson=ldata.lesson, actor=world.users["teacher"])
    assert exc.value.messages == [services.LESSON_CLOSED]
    assert (LeagueLesson.objects.count(), _audit("league_lesson.delete")) == (1, [])


def test_lecturer_deletes_a_planned_lesson(world, ldata):
    ldata.lesson.status = "planned"
    ldata.lesson.save()
    services.league_lesson_delete(lesson=ldata.lesson, actor=world.users["teacher"])
    assert LeagueLesson.objects.count() == 0


def test_theme_activity_delete_removes_its_photos_and_files(world, ldata, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = ThemeActivityPhoto.objects.create(
        activity=ldata.activity, image=SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n0000")
    )
    stored = tmp_path / photo.image.name
    assert stored.exists()
    assert _figures(world).league_themes == 1
    services.theme_activity_delete(activity=ldata.activity, actor=world.users["secretary"])
    assert stored.exists()  # removed only once the delete commits (the test's transaction never does)
    assert (ThemeActivity.objects.count(), ThemeActivityPhoto.objects.count(), _figures(world).league_themes) == (
        0,
        0,
        0,
    )
    assert AuditLog.objects.get(action="theme_activity.delete").summary == "2022-11-05 端午诗会（照片 1 张）"


def test_theme_activity_photo_files_go_after_commit(
    world, ldata, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    photo = ThemeActivityPhoto.objects.create(
        activity=ldata.activity, image=SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n0000")
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.theme_activity_delete(activity=ldata.activity, actor=world.users["secretary"])
    assert not (tmp_path / photo.image.name).exists()


def test_recommendation_delete_audits(world, ldata):
    pk = ldata.recommendation.pk
    services.recommendation_delete(recommendation=ldata.recommendation, actor=world.users["secretary"])
    assert Recommendation.objects.count() == 0
    assert _audit("recommendation.delete") == [("secretary", "a", str(pk))]


def test_an_accepted_recommendation_is_not_deleted(world, ldata):
    ldata.recommendation.status = "accepted"
    ldata.recommendation.save()
    with pytest.raises(ValidationError) as exc:
        services.recommendation_delete(recommendation=ldata.recommendation, actor=world.users["secretary"])
    assert exc.value.messages == [services.RECOMMENDATION_ACCEPTED]
    assert Recommendation.objects.count() == 1
