from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dangjian.accounts import views as account_views
from dangjian.api.urls import api
from dangjian.lib.health import healthz
from dangjian.school import views as school_views

admin.site.site_header = "党建“343”工作机制管理系统"
admin.site.site_title = "党建343 后台"
admin.site.index_title = "后台管理"

urlpatterns = [
    path("", school_views.home, name="home"),
    path("healthz/", healthz, name="healthz"),
    path("accounts/login/", account_views.login, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", account_views.profile, name="profile"),
    path("accounts/tokens/<int:pk>/revoke/", account_views.token_revoke, name="token_revoke"),
    path("accounts/password/", account_views.password_change, name="password_change"),
    path("accounts/password/reset/", account_views.password_reset, name="password_reset"),
    path("accounts/password/reset/sent/", account_views.password_reset_done, name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/", account_views.password_reset_confirm, name="password_reset_confirm"
    ),
    path("accounts/password/reset/done/", account_views.password_reset_complete, name="password_reset_complete"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("s/", include("dangjian.school.urls")),
    path("s/", include("dangjian.mentoring.urls")),
    path("s/", include("dangjian.party.urls")),
    path("s/", include("dangjian.staffing.urls")),
    path("s/", include("dangjian.subjects.urls")),
    path("s/", include("dangjian.league.urls")),
    path("s/", include("dangjian.development.urls")),
    path("s/", include("dangjian.meetings.urls")),
    path("s/", include("dangjian.support.urls")),
    path("s/", include("dangjian.rosters.urls")),
    path("s/", include("dangjian.jobs.urls")),
    path("s/", include("dangjian.transfers.urls")),
    path("s/", include("dangjian.dues.urls")),
    path("", include("dangjian.accounts.urls")),
    path("", include("dangjian.publicity.urls")),
    path("", include("dangjian.reports.urls")),
    path("", include("dangjian.notifications.urls")),
]
handler400 = "dangjian.lib.views.bad_request"
