from django.apps import AppConfig


class RostersConfig(AppConfig):
    name = "dangjian.rosters"
    verbose_name = "名册导入导出"
