from django.urls import reverse

from .permissions import importable_kinds


def entries(user, school) -> list[tuple[str, str]]:
    if importable_kinds(user, school):
        return [("导入导出", reverse("rosters:index", args=[school.code]))]
    return []
