from django.contrib import admin

from .models import ChannelChoice, Delivery, Notification, Webhook


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    readonly_fields = ["channel", "webhook", "status", "attempts", "last_error", "next_attempt_at", "sent_at"]
    can_delete = False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "school", "kind", "created", "read_at"]
    list_filter = ["kind", "school"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["recipient"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["notification", "channel", "status", "attempts", "last_error", "next_attempt_at", "sent_at"]
    list_filter = ["channel", "status"]
    raw_id_fields = ["notification"]


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["school", "organization", "provider", "active"]
    list_filter = ["provider", "active"]


@admin.register(ChannelChoice)
class ChannelChoiceAdmin(admin.ModelAdmin):
    list_display = ["school", "user", "email", "robot", "digest"]
    raw_id_fields = ["user"]
