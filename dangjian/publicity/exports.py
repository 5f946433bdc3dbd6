"""The news list as .xlsx for the editors."""

from django.utils import timezone

from dangjian.lib.xlsx import xlsx_response

HEADERS = ["标题", "状态", "发布时间", "浏览次数", "作者", "文章来源"]


def news_rows(items):
    for item in items:
        published = timezone.localtime(item.published_at) if item.published_at else None
        yield [item.title, item.get_status_display(), published, item.view_count, item.author_name, item.source]


def news_xlsx(school, items):
    return xlsx_response(f"{school.name}-党建动态.xlsx", [("党建动态", HEADERS, news_rows(items.iterator()))])
