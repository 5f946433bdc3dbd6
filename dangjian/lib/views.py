"""The one create/edit page every app uses: validate a form, call its service, redirect."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render

from .last_used import remember_organization


def form_page(request, *, form, save, title: str, cancel_url: str, school=None, next_url=None):
    """``next_url(obj)``: where to go after saving (default: the saved object's page). A service that refuses
    (raises ValidationError) leaves the form on the page with its reason."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form=form, actor=request.user, request=request)
        except ValidationError as exc:  # the service refused (its transaction rolled back): say why
            form.add_error(None, exc)
        else:
            remember_organization(request, school, form)
            messages.success(request, f"已保存：{obj}")
            return redirect(next_url(obj) if next_url else obj.get_absolute_url())
    if request.method == "POST":
        messages.error(request, "保存失败，请按提示修改标红的字段。")
    request.current_school = school
    return render(request, "form_page.html", {"form": form, "title": title, "cancel_url": cancel_url})


def delete_and_redirect(request, delete, *, message: str, done_url: str, refused_url: str = "", **target):
    """The POST behind a 删除 button: call the ``<thing>_delete`` service with ``target``, then go to
    ``done_url`` with ``message``. A service that refuses raises ValidationError with its reason in Chinese:
    nothing is deleted and the user goes to ``refused_url`` (else ``done_url``) with that reason."""
    try:
        delete(actor=request.user, request=request, **target)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(refused_url or done_url)
    messages.success(request, message)
    return redirect(done_url)


def bad_request(request, exception=None):
    """HTTP 400 (a malformed request, e.g. a multipart body without a boundary): JSON for the API, the
    house-style page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "请求格式有误（无法解析请求体）。"}, status=400)
    return render(request, "400.html", status=400)
