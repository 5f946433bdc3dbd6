from django.apps import AppConfig


class PartyConfig(AppConfig):
    name = "dangjian.party"
    verbose_name = "党组织"
