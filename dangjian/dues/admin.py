from django.contrib import admin

from .models import DuesBase, DuesPayment


@admin.register(DuesBase)
class DuesBaseAdmin(admin.ModelAdmin):
    list_display = ["member", "year", "monthly_base", "category", "special", "monthly_dues"]
    list_filter = ["year", "category", "special", "member__branch__school"]
    search_fields = ["member__staff__name", "member__staff__staff_number"]
    list_select_related = ["member__staff"]
    raw_id_fields = ["member"]

    @admin.display(description="月党费（元）")
    def monthly_dues(self, obj):
        return obj.monthly_dues


@admin.register(DuesPayment)
class DuesPaymentAdmin(admin.ModelAdmin):
    list_display = ["member", "month", "amount", "paid_on", "channel", "recorded_by", "carried_from"]
    list_filter = ["channel", "member__branch__school"]
    date_hierarchy = "month"
    search_fields = ["member__staff__name", "member__staff__staff_number"]
    list_select_related = ["member__staff", "recorded_by", "carried_from__member__staff"]
    raw_id_fields = ["member", "recorded_by", "carried_from"]
