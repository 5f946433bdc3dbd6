"""The demo data: about thirty news items over the demo years and the honours; deterministic and idempotent."""

import datetime as dt
import random

import pytest

from dangjian.publicity import demo
from dangjian.publicity.models import Honour, NewsItem
from dangjian.publicity.sanitize import clean_html
from dangjian.tests import factories as f

pytestmark = pytest.mark.usefixtures("base_story")


def _years():
    return {start: f.SchoolYearFactory(start_year=start) for start in range(2018, 2023)}


def test_seed_is_idempotent_and_spans_the_demo_years(world):
    school = f.SchoolFactory(code="sfyz", county=world.school.county, name="示范县第一中学")
    years = _years()
    demo.seed(school=school, years=years)
    items = list(NewsItem.objects.filter(school=school).order_by("published_at"))
    assert len(items) == 30
    assert len({item.title for item in items}) == 30
    assert (items[0].published_at.year, items[-1].published_at.year) == (2018, 2023)
    assert all(item.status == "published" and item.view_count > 0 for item in items)
    assert all(item.body == clean_html(item.body) for item in items)
    assert Honour.objects.filter(school=school).count() == 9
    assert Honour.objects.filter(school=school, name="省级文明学校").count() == 5
    demo.seed(school=school, years=years)
    assert (NewsItem.objects.filter(school=school).count(), Honour.objects.filter(school=school).count()) == (30, 9)


def test_other_schools_get_a_smaller_set(world):
    demo.seed(school=world.school, years=_years())
    assert (NewsItem.objects.filter(school=world.school).count(), world.school.honours.count()) == (6, 2)


def test_generation_is_deterministic(world):
    years = dict.fromkeys(range(2018, 2023))
    one = demo._news_rows(world.school, years, random.Random("x"), None)
    two = demo._news_rows(world.school, years, random.Random("x"), None)
    assert [(r.title, r.published_at, r.view_count) for r in one] == [
        (r.title, r.published_at, r.view_count) for r in two
    ]
    assert one[0].published_at.utcoffset() == dt.timedelta(hours=8)
