"""Every API failure answers JSON with a Chinese message; none becomes a 500.

401 {"detail": "..."}                 not authenticated
403 {"detail": "..."}                 PermissionDenied (a reader who tries to write) or CSRF
404 {"detail": "..."}                 Http404 (unknown, or invisible to the user)
422 {"detail": "数据校验失败", "errors": {"<中文字段名>": ["<消息>", ...]}}
                                      wrong types, bad JSON, missing parameters, invalid forms
"""

import types
import typing

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, ValidationError, ValidationErrorContext
from pydantic import BaseModel

INVALID = "数据校验失败"
BAD_PARAMS = "请求参数有误"
NOT_AUTHENTICATED = "未登录或 API 令牌无效：请在请求头中提供 Authorization: Bearer <令牌>，或先登录。"
NOT_FOUND = "对象不存在或无权访问"
PAGE_NOT_FOUND = "页面不存在或无权访问"  # dangjian.lib.access.not_found(), worded for pages
FORBIDDEN = "没有权限执行此操作"
BAD_JSON = "请求体不是有效的 JSON。"
BODY_LABEL = "请求体"

SOURCE_WORDS = {
    "query": "查询参数",
    "path": "路径参数",
    "body": "请求体",
    "header": "请求头",
    "cookie": "Cookie",
}


class BadJSON(Exception):
    """Raised by the parser; ninja wraps it in HttpError(400), which we answer as 422."""


def _message(error: dict, source: str = "body") -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return "缺少此项。" if source == "body" else "必须提供此参数。"
    if kind == "extra_forbidden":
        return "不支持此字段。"
    if kind in ("string_type", "string_sub_type"):
        return "应为字符串。"
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        return "应为整数。"
    if kind in ("float_type", "float_parsing", "decimal_type", "decimal_parsing"):
        return "应为数字。"
    if kind in ("bool_type", "bool_parsing"):
        return "应为布尔值（true 或 false）。"
    if kind in ("list_type", "tuple_type", "set_type", "iterable_type"):
        return "应为列表。"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "应为 JSON 对象。"
    if kind.startswith("date") or kind.startswith("datetime"):
        return "日期格式不正确，应为 YYYY-MM-DD。"
    if kind == "greater_than_equal":
        return f"不能小于 {ctx.get('ge')}。"
    if kind == "greater_than":
        return f"应大于 {ctx.get('gt')}。"
    if kind == "less_than_equal":
        return f"不能大于 {ctx.get('le')}。"
    if kind == "less_than":
        return f"应小于 {ctx.get('lt')}。"
    if kind == "string_too_long":
        return f"长度不能超过 {ctx.get('max_length')} 个字符。"
    if kind == "string_too_short":
        return f"长度不能少于 {ctx.get('min_length')} 个字符。"
    if kind in ("literal_error", "enum"):
        return f"应为以下值之一：{ctx.get('expected')}。"
    if kind == "json_invalid":
        return BAD_JSON
    return "格式不正确。"


def _model_in(annotation) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as ``Foo``, ``Foo | None`` or ``list[Foo]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _label(model: type[BaseModel], source: str, loc: tuple) -> tuple[str, bool]:
    """The Chinese label of the field an error points at (the ``title`` of the deepest schema field
    on its path; the body parameter itself is 请求体), and whether the error is about one member
    of a union type (``int | str``)."""
    label, cls, union = None, model, False
    for depth, part in enumerate(loc):
        fields = getattr(cls, "model_fields", None) or {}
        if isinstance(part, str) and part in fields:
            field = fields[part]
            inner = _model_in(field.annotation)
            label = BODY_LABEL if depth == 0 and source == "body" and inner is not None else (field.title or part)
            cls = inner
        elif isinstance(part, str):
            # An unknown field (extra_forbidden) inside a model, or the tag of a union member.
            if cls is not None and depth == len(loc) - 1 and fields:
                label = part
            else:
                union = True
    return label or SOURCE_WORDS.get(source, source), union


def validation_error(contexts: list[ValidationErrorContext]) -> ValidationError:
    """Translate pydantic's errors to (source, label, message) while the schema is still at hand."""
    errors = []
    for context in contexts:
        source = context.model.__ninja_param_source__
        for error in context.pydantic_validation_error.errors(include_url=False):
            label, union = _label(context.model, source, tuple(error["loc"]))
            # The only unions in our payloads are "an id or a name" (subjects, skills, department).
            message = "应为编号（整数）或名称（字符串）。" if union else _message(error, source)
            errors.append({"source": source, "label": label, "message": message})
    return ValidationError(errors)


def _grouped(errors: list[dict]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for error in errors:
        if "label" in error:
            label, message = error["label"], error["message"]
        else:  # raised elsewhere in ninja's own shape
            loc = [str(p) for p in error.get("loc", ())]
            label, message = (loc[-1] if loc else BODY_LABEL), _message(error)
        if message not in out.setdefault(label, []):
            out[label].append(message)
    return out


def invalid_response(api, request, errors: dict[str, list[str]], detail: str = INVALID):
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


def install(api) -> None:
    """Register the handlers on ``api``."""

    @api.exception_handler(ValidationError)
    def on_validation_error(request, exc: ValidationError):
        errors = exc.errors if isinstance(exc.errors, list) else []
        in_body = any(e.get("source", (e.get("loc") or ("body",))[0]) == "body" for e in errors)
        return invalid_response(api, request, _grouped(errors), INVALID if in_body else BAD_PARAMS)

    @api.exception_handler(DjangoValidationError)
    def on_django_validation_error(request, exc: DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
        else:
            errors = {"__all__": [str(m) for m in exc.messages]}
        return invalid_response(api, request, errors)

    @api.exception_handler(Http404)
    def on_not_found(request, exc: Http404):
        detail = str(exc)
        return api.create_response(
            request, {"detail": NOT_FOUND if detail in ("", PAGE_NOT_FOUND) else detail}, status=404
        )

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request, exc: PermissionDenied):
        return api.create_response(request, {"detail": str(exc) or FORBIDDEN}, status=403)

    @api.exception_handler(AuthenticationError)
    def on_not_authenticated(request, exc: AuthenticationError):
        response = api.create_response(request, {"detail": NOT_AUTHENTICATED}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        if exc.status_code == 400 and isinstance(exc.__cause__, BadJSON):
            return invalid_response(api, request, {BODY_LABEL: [BAD_JSON]})
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
