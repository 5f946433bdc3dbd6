from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "dangjian.support"
    verbose_name = "帮扶贫困生与特殊生"

    def ready(self):
        from . import system_checks  # noqa: F401  (registers the deploy check)
