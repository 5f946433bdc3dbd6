"""Templates that users upload (a school's own Word agreement, say) are hostile until proven otherwise.

They are compiled in Jinja's immutable sandbox with no globals at all (no ``range``, ``cycler``, ``lipsum``,
``namespace`` …), and refused before anything is rendered when they use more than plain placeholders:
only the documented variable names, no attribute or item access, no calls, and a short list of harmless
filters. ``{% if %}``/``{% for %}`` over the documented variables stay allowed.
"""

from django.core.exceptions import ValidationError
from jinja2 import TemplateSyntaxError, meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

SAFE_FILTERS = frozenset({"default", "d", "upper", "lower", "trim", "title", "capitalize", "length", "join", "replace"})


class TemplateRefused(ValidationError):
    """The template uses something other than the documented placeholders."""


def sandbox() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(autoescape=True)
    env.globals.clear()
    env.filters = {name: env.filters[name] for name in SAFE_FILTERS}
    env.tests = {}
    return env


def compile_restricted(env: ImmutableSandboxedEnvironment, source: str, allowed: set[str] | frozenset[str]):
    """Compile ``source`` in ``env`` if it uses only the ``allowed`` names as plain placeholders."""
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateRefused(f"模板无法使用：{exc.message}。请检查 {{{{ 变量 }}}} 的写法。") from exc
    unknown = meta.find_undeclared_variables(tree) - set(allowed)
    if unknown:
        raise TemplateRefused(f"模板使用了未提供的变量：{'、'.join(sorted(unknown))}。只能使用页面列出的变量。")
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Call, nodes.Filter, nodes.Test)):
        if isinstance(node, nodes.Filter) and node.name in SAFE_FILTERS:
            continue
        raise TemplateRefused("模板只能使用 {{ 变量名 }} 形式的占位符，不能访问属性、下标，不能调用函数或过滤器。")
    if next(tree.find_all((nodes.Macro, nodes.CallBlock, nodes.Import, nodes.FromImport, nodes.Include)), None):
        raise TemplateRefused("模板不能定义宏或引用其他模板。")
    return env.from_string(tree)
