from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, AuditLog, LoginAttempt, LoginFailure, LoginLog, RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["school", "county", "organization"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleGrantInline]
    list_display = [
        "username",
        "last_name",
        "first_name",
        "is_active",
        "must_change_password",
        "is_staff",
        "last_login",
    ]
    list_filter = [*BaseUserAdmin.list_filter, "must_change_password"]
    fieldsets = [*BaseUserAdmin.fieldsets, ("首次登录", {"fields": ["must_change_password"]})]


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "county", "school", "organization"]
    list_filter = ["role", "school"]
    search_fields = ["user__username", "user__last_name", "user__first_name"]
    autocomplete_fields = ["user", "school", "county", "organization"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "key_prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username"]
    readonly_fields = ["key_prefix", "created_at", "last_used_at"]


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "school", "action", "object_type", "object_id", "summary", "ip_address"]
    list_filter = ["action", "school"]
    search_fields = ["user__username", "summary", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-axes' records under Chinese names (its own admin classes, on proxy models).
for model, proxy, admin_class in [
    (AccessAttempt, LoginAttempt, AccessAttemptAdmin),
    (AccessLog, LoginLog, AccessLogAdmin),
    (AccessFailureLog, LoginFailure, AccessFailureLogAdmin),
]:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(proxy, admin_class)
