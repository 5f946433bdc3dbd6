"""Finding a person in a long list: each staff option carries its name, pinyin initials, full pinyin and 工号, and
base.js puts a filter box above every ``<select data-picker>`` (王老师: "wls", "wanglaoshi" or "T0012")."""

from collections.abc import Callable
from functools import lru_cache

from django import forms
from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=8192)
def search_key(name: str) -> str:
    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))
    return f"{name} {initials} {''.join(lazy_pinyin(name))}".lower()


class PersonSelect(forms.Select):
    """A staff select. ``orgs_of()`` (staff id → ids of their Party organizations), read only when the select is
    drawn, lets base.js list the members of the organization chosen in the form's ``data-org-field`` first."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-picker": "", **(attrs or {})}, choices)
        self.orgs_of: Callable[[], dict[int, list[int]]] | None = None
        self.orgs: dict[int, list[int]] = {}

    def optgroups(self, name, value, attrs=None):
        self.orgs = self.orgs_of() if self.orgs_of else {}
        return super().optgroups(name, value, attrs)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        person = getattr(value, "instance", None)
        if person is not None:
            option["attrs"]["data-search"] = f"{search_key(person.name)} {person.staff_number.lower()}"
            if person.pk in self.orgs:
                option["attrs"]["data-orgs"] = " ".join(map(str, self.orgs[person.pk]))
        return option


def members_first(
    field, orgs_of: Callable[[], dict[int, list[int]]], *, org_field: str = "", org: int | None = None
) -> None:
    """List the members of an organization first in a person field: the one chosen in the form's ``org_field``,
    or a fixed ``org``. ``orgs_of`` is called only when the field is drawn (a form validated by the API never
    reads the memberships)."""
    widget = field.widget
    if isinstance(widget, PersonSelect):
        widget.orgs_of = orgs_of
        widget.attrs.update({"data-org-field": org_field} if org_field else {"data-org": str(org or "")})
