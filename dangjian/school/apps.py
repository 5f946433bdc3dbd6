from django.apps import AppConfig


class SchoolConfig(AppConfig):
    name = "dangjian.school"
    verbose_name = "学校与人员"
