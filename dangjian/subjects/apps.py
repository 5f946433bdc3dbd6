from django.apps import AppConfig


class SubjectsConfig(AppConfig):
    name = "dangjian.subjects"
    verbose_name = "抓好一个学科"
