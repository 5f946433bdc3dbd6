"""Pieces every router shares: the API class, pagination, error schemas, school look-up and
the plumbing that feeds a JSON payload to the same Django form the UI uses."""

import json
from collections.abc import Sequence
from typing import Annotated

from django.conf import settings
from django.forms.models import model_to_dict
from django.http import Http404
from ninja import Field, NinjaAPI, Query, Schema
from ninja.pagination import PageNumberPagination
from ninja.parser import Parser
from ninja.renderers import JSONRenderer
from pydantic import AfterValidator, ConfigDict

from dangjian.lib.forms import form_errors
from dangjian.school import permissions as school_perms
from dangjian.school.models import School, SchoolYear
from dangjian.school.queries import school_year_from_param

from . import errors

MAX_PAGE_SIZE = 200

# Query-string text: trimmed, and without NUL characters (which PostgreSQL refuses in queries).
Text = Annotated[str, AfterValidator(lambda value: value.replace("\x00", "").strip())]
SchoolParam = Annotated[Text, Query(..., title="学校代码（school）", description="如 sfxyz")]
YearParam = Annotated[Text, Query("", title="学年（year）", description="如 2022 或 2022-2023，默认当前学年")]


def school_year_for(value: str) -> SchoolYear:
    """The school year a ``?year=`` parameter names (default: the current one); 404 when there is none."""
    year = school_year_from_param(value)
    if year is None:
        raise Http404("尚未设置学年")
    return year


class ChineseJSONRenderer(JSONRenderer):
    """JSON with readable Chinese (no \\uXXXX escapes)."""

    json_dumps_params = {"ensure_ascii": False}


class StrictJSONParser(Parser):
    def parse_body(self, request):
        try:
            return json.loads(request.body)
        except ValueError as exc:
            raise errors.BadJSON(str(exc)) from exc


class DangjianAPI(NinjaAPI):
    def validation_error_from_error_contexts(self, error_contexts):
        # Translate while the schema (and so each field's Chinese title) is still known.
        return errors.validation_error(error_contexts)


class Pagination(PageNumberPagination):
    """``?page=1&page_size=25`` (at most 200); answers ``{"items": [...], "count": N}``."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000, title="页码（page）")
        page_size: int | None = Field(
            None, ge=1, le=1_000_000, title="每页条数（page_size）", description="默认 25，最多 200。"
        )

    def __init__(self, **kwargs):
        super().__init__(page_size=settings.PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)


class Mapped(Sequence):
    """A queryset whose rows become answers (``row(obj)``) only on the page asked for: the paginator slices it and
    counts it in the database, so a list costs the same whatever the number of rows."""

    def __init__(self, queryset, row):
        self.queryset, self.row = queryset, row

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.row(obj) for obj in self.queryset[index]]
        return self.row(self.queryset[index])


# Error bodies, declared on every operation so the OpenAPI document shows them.


class Detail(Schema):
    detail: str


class Invalid(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(description="键为中文字段名，值为错误消息列表。")


ERRORS = {401: Detail, 403: Detail, 404: Detail, 422: Invalid}


class FindingOut(Schema):
    """A rule check's finding, as every module's checks return them."""

    level: str = Field(description="danger 或 warning")
    message: str


class PayloadSchema(Schema):
    """Request bodies: every field optional here (the Django form decides what is required);
    unknown fields are refused so that a typo is not silently ignored."""

    model_config = ConfigDict(extra="forbid")


def titled(form_class, name: str, description: str | None = None):
    """An optional payload field titled with the form field's Chinese label."""
    return Field(None, title=str(form_class.base_fields[name].label), description=description)


class FormInvalid(Exception):
    """A bound form that did not validate; answered 422 with its errors keyed by Chinese label."""

    def __init__(self, form):
        self.form = form
        super().__init__(errors.INVALID)


def install_form_handler(api) -> None:
    @api.exception_handler(FormInvalid)
    def on_form_invalid(request, exc: FormInvalid):
        return errors.invalid_response(api, request, form_errors(exc.form))


def validated(form):
    if not form.is_valid():
        raise FormInvalid(form)
    return form


# Access ------------------------------------------------------------------------------------


def school_for(user, code: str, *, member: bool = True) -> School:
    """The school by code through the permission helpers (member: a school the user works in)."""
    get = school_perms.get_member_school_for_user if member else school_perms.get_school_for_user
    try:
        return get(user, code)
    except Http404:
        raise Http404(f"学校“{code}”不存在或无权访问") from None


def school_of(user, model, pk: int, school_field: str = "school") -> School:
    """The school of an object addressed by id alone, checked like ``school_for``. Unknown ids and
    invisible schools give the same 404, so this reveals nothing to outsiders."""
    code = model.objects.filter(pk=pk).values_list(f"{school_field}__code", flat=True).first()
    if code is None:
        raise Http404(errors.NOT_FOUND)
    try:
        return school_perms.get_member_school_for_user(user, code)
    except Http404:
        raise Http404(errors.NOT_FOUND) from None


# Payload → form data -----------------------------------------------------------------------


def instance_data(instance, fields) -> dict:
    """The instance's values in form-data shape (related objects as ids). For an unsaved
    instance these are the model defaults."""
    data = model_to_dict(instance, fields=fields)
    for name, value in data.items():
        if isinstance(value, list):
            data[name] = [getattr(item, "pk", item) for item in value]
    return data


def form_data(base: dict, payload: Schema) -> dict:
    """``base`` overlaid with the fields the client actually sent (an explicit null clears)."""
    return {**base, **payload.model_dump(exclude_unset=True)}


def ids_or_names(values, by_name: dict[str, int]) -> list:
    """Ids, numeric strings or names → ids. Anything else passes through for the form to refuse."""
    out = []
    for value in values or []:
        if isinstance(value, str) and not value.strip().isdecimal():
            out.append(by_name.get(value.strip(), value))
            continue
        try:
            out.append(int(value))
        except ValueError:  # e.g. more digits than int() accepts
            out.append(value)
    return out


def id_or_name(value, by_name: dict[str, int]):
    if value is None or value == "":
        return None
    return ids_or_names([value], by_name)[0]


def flag(value: str | None) -> str:
    """``1``/``true``/``yes`` → "1", ``0``/``false``/``no`` → "0", anything else → "" (no filter)."""
    value = (value or "").strip().lower()
    if value in ("1", "true", "yes"):
        return "1"
    if value in ("0", "false", "no"):
        return "0"
    return ""


class Ref(Schema):
    """A related object in answers: its id and name."""

    id: int
    name: str
