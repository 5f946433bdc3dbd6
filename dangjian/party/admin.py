from django.contrib import admin

from .models import MemberStatusChange, Organization, OrganizationPost, PartyMember


class PostInline(admin.TabularInline):
    model = OrganizationPost
    extra = 0
    autocomplete_fields = ["staff"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "school", "term_starts_on", "term_ends_on"]
    list_filter = ["school", "kind"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]
    inlines = [PostInline]


@admin.register(OrganizationPost)
class OrganizationPostAdmin(admin.ModelAdmin):
    list_display = ["organization", "post", "staff", "started_on", "ended_on"]
    list_filter = ["post", "organization__school"]
    search_fields = ["staff__name", "organization__name"]
    autocomplete_fields = ["organization", "staff"]


class StatusChangeInline(admin.TabularInline):
    model = MemberStatusChange
    extra = 0


@admin.register(PartyMember)
class PartyMemberAdmin(admin.ModelAdmin):
    list_display = ["staff", "status", "branch", "group", "admitted_on", "full_on"]
    list_filter = ["status", "branch__school", "branch"]
    search_fields = ["staff__name", "staff__staff_number"]
    autocomplete_fields = ["staff", "branch", "group"]
    list_select_related = ["staff", "branch", "group"]
    inlines = [StatusChangeInline]
