"""The school's Party-building pages: public reading (no login) and their editing pages."""

import mimetypes
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.lib.access import not_found
from dangjian.lib.listing import paginate

from . import permissions as perms
from . import queries
from .enums import NewsStatus
from .exports import news_xlsx
from .forms import HonourForm, NewsItemForm
from .models import NewsItem
from .services import (
    honour_delete,
    honour_save,
    news_delete,
    news_publish,
    news_register_view,
    news_save,
    news_unpublish,
)

PUBLIC_PAGE_SIZE = 15
SEARCH_MAX = 50


def _spirit_parts(spirit: str) -> list[str]:
    return [part for part in re.split(r"[、，,；;。\s]+", spirit or "") if part]


def _q(request) -> str:
    return request.GET.get("q", "").replace("\x00", "").strip()[:SEARCH_MAX]


# Public pages (no login) ----------------------------------------------------------------------


def public_home(request, code):
    school = perms.get_public_school(code)
    return render(
        request,
        "publicity/home.html",
        {
            "school": school,
            "spirit_parts": _spirit_parts(school.spirit),
            "honours": queries.honours_of(school),
            "latest": queries.latest_news(school),
            "can_manage": perms.can_manage_publicity(request.user, school),
            "tab": "home",
        },
    )


def news_list(request, code):
    school = perms.get_public_school(code)
    q = _q(request)
    return render(
        request,
        "publicity/news_list.html",
        {
            "school": school,
            "q": q,
            **paginate(request, queries.public_news_list(school, q=q), PUBLIC_PAGE_SIZE),
            "can_manage": perms.can_manage_publicity(request.user, school),
            "tab": "news",
        },
    )


def _article_context(request, school, item: NewsItem, *, views: int, preview: bool = False) -> dict:
    older, newer = queries.neighbours(item) if item.is_published else (None, None)
    return {
        "school": school,
        "item": item,
        "views": views,
        "older": older,
        "newer": newer,
        "latest": queries.latest_news(school, exclude=item.pk),
        "preview": preview,
        "can_manage": perms.can_manage_publicity(request.user, school),
        "tab": "news",
    }


def news_detail(request, code, pk):
    school = perms.get_public_school(code)
    item = perms.get_public_news(school, pk)
    item.school = school
    counted = request.method == "GET" and news_register_view(item=item, request=request)
    context = _article_context(request, school, item, views=item.view_count + (1 if counted else 0))
    return render(request, "publicity/news_detail.html", context)


def news_cover(request, code, pk):
    """A news item's cover image: public once the item is published, else for its editors only."""
    school = perms.get_public_school(code)
    item = NewsItem.objects.filter(school=school, pk=pk).only("pk", "school_id", "status", "cover").first()
    if item is None or not item.cover:
        not_found()
    item.school = school
    if not perms.can_see_cover(request.user, item):
        not_found()
    try:
        handle = item.cover.open("rb")
    except OSError:
        not_found()
    content_type = mimetypes.guess_type(item.cover.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400" if item.is_published else "private, no-store"
    return response


def honours(request, code):
    school = perms.get_public_school(code)
    items = queries.honours_of(school)
    return render(
        request,
        "publicity/honours.html",
        {
            "school": school,
            "honours": items,
            "can_manage": perms.can_manage_publicity(request.user, school),
            "tab": "honours",
        },
    )


# Editing pages (secretary, Party affairs staff) -----------------------------------------------


def _manage_school(request, code):
    school = perms.get_manage_school_for_user(request.user, code)
    request.current_school = school
    return school


@login_required
def manage_news(request, code):
    school = _manage_school(request, code)
    filters = {"q": _q(request), "status": request.GET.get("status", "").strip()}
    qs = queries.manage_news_list(school, **filters)
    return render(
        request,
        "publicity/manage_news.html",
        {"school": school, "filters": filters, "status_choices": NewsStatus.choices, **paginate(request, qs)},
    )


@login_required
def manage_news_export(request, code):
    school = _manage_school(request, code)
    qs = queries.manage_news_list(school, q=_q(request), status=request.GET.get("status", "").strip())
    return news_xlsx(school, qs)


def _news_form_page(request, school, form: NewsItemForm, *, title: str, item: NewsItem | None = None):
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("action") == "publish"
        saved = news_save(form=form, actor=request.user, request=request, publish=publish)
        messages.success(request, f"已{'发布' if publish else '保存'}：{saved.title}")
        return redirect("publicity:manage_news", school.code)
    if request.method == "POST":
        messages.error(request, "保存失败，请按提示修改标红的字段。")
    return render(
        request,
        "publicity/news_form.html",
        {"school": school, "form": form, "title": title, "item": item},
    )


@login_required
def manage_news_create(request, code):
    school = _manage_school(request, code)
    initial = {"source": school.name, "author_name": request.user.get_full_name()}
    form = NewsItemForm(request.POST or None, request.FILES or None, school=school, initial=initial)
    return _news_form_page(request, school, form, title="撰写党建动态")


@login_required
def manage_news_edit(request, code, pk):
    school = _manage_school(request, code)
    item = perms.get_news_for_user(request.user, school, pk)
    item.school = school
    form = NewsItemForm(request.POST or None, request.FILES or None, instance=item, school=school)
    return _news_form_page(request, school, form, title=f"编辑党建动态：{item.title}", item=item)


@login_required
def manage_news_preview(request, code, pk):
    school = _manage_school(request, code)
    item = perms.get_news_for_user(request.user, school, pk)
    item.school = school
    context = _article_context(request, school, item, views=item.view_count, preview=True)
    return render(request, "publicity/news_detail.html", context)


def _news_action(request, code, pk, action, message):
    school = _manage_school(request, code)
    item = perms.get_news_for_user(request.user, school, pk)
    item.school = school
    action(item=item, actor=request.user, request=request)
    messages.success(request, f"{message}：{item.title}")
    return redirect(reverse("publicity:manage_news", args=[code]) + _back_query(request))


def _back_query(request) -> str:
    """Return to the list page the action was started from (only its own query string)."""
    back = request.POST.get("back", "")
    return back if re.fullmatch(r"\?[\w=&%+.-]*", back) else ""


@login_required
@require_POST
def manage_news_publish(request, code, pk):
    return _news_action(request, code, pk, news_publish, "已发布")


@login_required
@require_POST
def manage_news_unpublish(request, code, pk):
    return _news_action(request, code, pk, news_unpublish, "已撤回为草稿")


@login_required
@require_POST
def manage_news_delete(request, code, pk):
    return _news_action(request, code, pk, news_delete, "已删除")


@login_required
def manage_honours(request, code):
    school = _manage_school(request, code)
    return render(request, "publicity/manage_honours.html", {"school": school, "honours": queries.honours_of(school)})


def _honour_form_page(request, school, form: HonourForm, *, title: str):
    if request.method == "POST" and form.is_valid():
        honour = honour_save(form=form, actor=request.user, request=request)
        messages.success(request, f"已保存：{honour}")
        return redirect("publicity:manage_honours", school.code)
    if request.method == "POST":
        messages.error(request, "保存失败，请按提示修改标红的字段。")
    cancel_url = reverse("publicity:manage_honours", args=[school.code])
    return render(request, "form_page.html", {"form": form, "title": title, "cancel_url": cancel_url})


@login_required
def manage_honour_create(request, code):
    school = _manage_school(request, code)
    return _honour_form_page(request, school, HonourForm(request.POST or None, school=school), title="新增荣誉")


@login_required
def manage_honour_edit(request, code, pk):
    school = _manage_school(request, code)
    honour = perms.get_honour_for_user(request.user, school, pk)
    form = HonourForm(request.POST or None, instance=honour, school=school)
    return _honour_form_page(request, school, form, title=f"编辑荣誉：{honour}")


@login_required
@require_POST
def manage_honour_delete(request, code, pk):
    school = _manage_school(request, code)
    honour = perms.get_honour_for_user(request.user, school, pk)
    honour.school = school
    honour_delete(honour=honour, actor=request.user, request=request)
    messages.success(request, f"已删除：{honour}")
    return redirect("publicity:manage_honours", code)
