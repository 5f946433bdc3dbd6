from django.apps import AppConfig


class LeagueConfig(AppConfig):
    name = "dangjian.league"
    verbose_name = "帮好一个团支部"
