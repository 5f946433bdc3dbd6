"""The demo seeder: a branch per class, lessons covering the branches, the four series; idempotent."""

import pytest

from dangjian.league.demo import seed
from dangjian.league.models import LeagueBranch, LeagueLesson, ThemeActivity, ThemeSeries

pytestmark = pytest.mark.usefixtures("base_story")


def test_seed_is_idempotent_and_covers_every_branch(world, ldata):
    ThemeActivity.objects.all().delete()
    LeagueLesson.objects.all().delete()
    ldata.recommendation.delete()
    LeagueBranch.objects.filter(school=world.school).delete()
    years = {2022: world.year}
    seed(school=world.school, years=years)
    assert LeagueBranch.objects.filter(school=world.school).count() == 2
    assert set(ThemeSeries.objects.filter(school=world.school).values_list("name", flat=True)) >= {
        "少年传承中华传统美德",
        "我们的节日",
        "遵规守纪立德树人",
        "系好人生第一粒扣子",
    }
    covered = set(LeagueLesson.branches.through.objects.values_list("leaguebranch_id", flat=True))
    assert covered == set(LeagueBranch.objects.filter(school=world.school).values_list("pk", flat=True))
    counts = (LeagueBranch.objects.count(), LeagueLesson.objects.count(), ThemeActivity.objects.count())
    seed(school=world.school, years=years)
    assert (LeagueBranch.objects.count(), LeagueLesson.objects.count(), ThemeActivity.objects.count()) == counts
