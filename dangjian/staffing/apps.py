from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "dangjian.staffing"
    verbose_name = "建好一支队伍"
