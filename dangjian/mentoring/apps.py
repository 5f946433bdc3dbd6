from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "dangjian.mentoring"
    verbose_name = "带好一名教师（青年教师培养）"
