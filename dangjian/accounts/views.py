from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from dangjian.lib.access import not_found
from dangjian.lib.downloads import DOCX_CONTENT_TYPE, XLSX_CONTENT_TYPE, attachment
from dangjian.lib.listing import paginate
from dangjian.reports.permissions import get_county_for_user

from . import onboarding, queries, services
from . import permissions as perms
from .enums import Role
from .forms import ApiTokenForm, CountyAccountForm, GrantForm, LoginForm, SlipsForm
from .models import ApiToken
from .services import api_token_create, api_token_revoke


@login_required
def profile(request):
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _, new_key = api_token_create(user=request.user, name=form.cleaned_data["name"], request=request)
        form = ApiTokenForm()
    tokens = request.user.api_tokens.all()
    return render(request, "accounts/profile.html", {"form": form, "tokens": tokens, "new_key": new_key})


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    api_token_revoke(token=token, actor=request.user, request=request)
    messages.success(request, f"已撤销令牌：{token.name}")
    return redirect("profile")


class PasswordChange(auth_views.PasswordChangeView):
    """Every user's own password; after a one-time initial password, the first page they see."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.request.user.must_change_password:
            self.request.user.must_change_password = False
            self.request.user.save(update_fields=["must_change_password"])
        messages.success(self.request, "密码已修改。")
        return response


password_change = login_required(PasswordChange.as_view())


# 账号与权限 of a school ---------------------------------------------------------------------------------------


@login_required
def school_accounts(request, code):
    school = perms.get_accounts_school_for_user(request.user, code)
    request.current_school = school
    filters = {"q": request.GET.get("q", "").strip()[:50], "account": request.GET.get("account", "")}
    return render(
        request,
        "accounts/school_accounts.html",
        {
            "school": school,
            "filters": filters,
            **paginate(request, queries.staff_accounts(school, **filters)),
            "others": queries.other_accounts(school),
            "missing": queries.staff_without_login(school).count(),
            "grant_form": GrantForm(school=school),
            "slips_form": SlipsForm(),
        },
    )


@require_POST
@login_required
def accounts_create(request, code):
    """Logins for every in-service staff member without one; the answer is the slips (the codes are nowhere else)."""
    school = perms.get_accounts_school_for_user(request.user, code)
    form = SlipsForm(request.POST)
    fmt = form.cleaned_data["format"] if form.is_valid() else "xlsx"
    slips = onboarding.accounts_create_for_staff(school=school, actor=request.user, request=request)
    if not slips:
        messages.info(request, "所有在职教职工都已有账号，无需创建。")
        return redirect("accounts:school", code)
    if fmt == "docx":
        body, content_type = onboarding.slips_docx(school, slips), DOCX_CONTENT_TYPE
    else:
        body, content_type = onboarding.slips_xlsx(school, slips), XLSX_CONTENT_TYPE
    return attachment(body, f"{school.short_name or school.name}登录单（{len(slips)} 人）.{fmt}", content_type)


@require_POST
@login_required
def office_reset(request, code, pk):
    school = perms.get_accounts_school_for_user(request.user, code)
    user = perms.get_school_user(school, pk)
    code_ = services.password_reset_by_office(user=user, school=school, actor=request.user, request=request)
    return render(request, "accounts/one_time_code.html", {"school": school, "account": user, "code": code_})


@require_POST
@login_required
def grant_add(request, code):
    school = perms.get_accounts_school_for_user(request.user, code)
    form = GrantForm(request.POST, school=school)
    if form.is_valid():
        data = form.cleaned_data
        try:
            grant = services.role_grant(
                user=data["user"],
                role=data["role"],
                school=school,
                organization=data["organization"] if data["role"] == Role.BRANCH_SECRETARY else None,
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已授予：{grant}")
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("accounts:school", code)


@require_POST
@login_required
def grant_revoke(request, code, pk):
    school = perms.get_accounts_school_for_user(request.user, code)
    grant = perms.get_grant(school, pk)
    try:
        services.role_revoke(grant=grant, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已撤销：{grant}")
    return redirect("accounts:school", code)


# The county's accounts --------------------------------------------------------------------------------------


@login_required
def county_accounts(request, county_code):
    county = get_county_for_user(request.user, county_code)
    form = CountyAccountForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, code_ = services.county_account_create(
            county=county,
            kind=data["kind"],
            username=data["username"],
            name=data["name"],
            school=data["school"] if data["kind"] == "secretary" else None,
            actor=request.user,
            request=request,
        )
        return render(request, "accounts/one_time_code.html", {"county": county, "account": user, "code": code_})
    return render(
        request,
        "accounts/county_accounts.html",
        {"county": county, "form": form, **queries.county_accounts(county)},
    )


# Self-service reset by e-mail, offered only when an SMTP server is configured ------------------------------------


def mail_configured(view):
    def wrapped(request, *args, **kwargs):
        if not settings.EMAIL_HOST:
            not_found()
        return view(request, *args, **kwargs)

    return wrapped


class Login(auth_views.LoginView):
    redirect_authenticated_user = True
    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "mail_reset": bool(settings.EMAIL_HOST)}


class ResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("password_reset_complete")
    extra_context = {"title": "设置新密码"}

    def form_valid(self, form):
        form.user.must_change_password = False
        return super().form_valid(form)


login = Login.as_view()
password_reset = mail_configured(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("password_reset_done"),
        extra_context={"title": "找回密码"},
    )
)
password_reset_done = mail_configured(
    auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset.html",
        extra_context={"title": "邮件已发送", "message": "如果该邮箱属于本系统的账号，您将收到一封设置新密码的邮件。"},
    )
)
password_reset_confirm = mail_configured(ResetConfirm.as_view())
password_reset_complete = mail_configured(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset.html",
        extra_context={"title": "密码已设置", "message": "新密码已生效，请用它登录。"},
    )
)
