from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.lib.access import not_found

from .forms import ChannelChoiceForm, WebhookForm
from .models import ChannelChoice, Notification, Webhook
from .permissions import get_settings_school, home_school, is_school_admin, robot_org_ids
from .services import choices_for, mark_read

PAGE = 50


@login_required
def notification_list(request):
    """The user's latest notices; the unread ones shown are marked read (they stay highlighted this once)."""
    notices = list(Notification.objects.filter(recipient=request.user).select_related("school")[:PAGE])
    unread = [n.pk for n in notices if n.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return render(request, "notifications/list.html", {"notices": notices, "unread": set(unread)})


@login_required
@require_POST
def read_all(request):
    count = mark_read(request.user)
    messages.success(request, f"已将 {count} 条消息标为已读。")
    return redirect("notifications:list")


@login_required
def preferences(request):
    school = home_school(request.user)
    current = choices_for(school, [request.user])[request.user.pk]
    own = (
        current
        if current.user_id
        else ChannelChoice(
            school=school, user=request.user, email=current.email, robot=current.robot, digest=current.digest
        )
    )
    form = ChannelChoiceForm(request.POST or None, instance=own)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "提醒设置已保存。")
        return redirect("notifications:preferences")
    return render(
        request, "notifications/preferences.html", {"form": form, "school": school, "no_email": not request.user.email}
    )


@login_required
def school_settings(request, code):
    school = get_settings_school(request.user, code)
    request.current_school = school
    admin = is_school_admin(request.user, school)
    org_ids = robot_org_ids(request.user, school)
    default = ChannelChoice.objects.filter(school=school, user__isnull=True).first() or ChannelChoice(school=school)
    defaults_form = ChannelChoiceForm(prefix="d", instance=default)
    webhook_form = WebhookForm(prefix="w", school=school, org_ids=org_ids, whole_school=admin)
    if request.method == "POST":
        if request.POST.get("form") == "defaults":
            if not admin:
                not_found()
            defaults_form = ChannelChoiceForm(request.POST, prefix="d", instance=default)
            if defaults_form.is_valid():
                defaults_form.save()
                messages.success(request, "学校默认提醒渠道已保存。")
                return redirect("notifications:school_settings", code)
        else:
            webhook_form = WebhookForm(request.POST, prefix="w", school=school, org_ids=org_ids, whole_school=admin)
            if webhook_form.is_valid():
                webhook_form.save()
                messages.success(request, "群机器人已添加。")
                return redirect("notifications:school_settings", code)
    hooks = Webhook.objects.filter(school=school).select_related("organization")
    if not admin:
        hooks = hooks.filter(organization_id__in=org_ids)
    return render(
        request,
        "notifications/school_settings.html",
        {
            "school": school,
            "admin": admin,
            "defaults_form": defaults_form,
            "webhook_form": webhook_form,
            "hooks": hooks,
        },
    )


@login_required
@require_POST
def webhook_delete(request, code, pk):
    school = get_settings_school(request.user, code)
    hooks = Webhook.objects.filter(school=school)
    if not is_school_admin(request.user, school):
        hooks = hooks.filter(organization_id__in=robot_org_ids(request.user, school))
    get_object_or_404(hooks, pk=pk).delete()
    messages.success(request, "群机器人已删除。")
    return redirect("notifications:school_settings", code)
