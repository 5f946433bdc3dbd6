from django import template
from django.utils.safestring import mark_safe

from dangjian.publicity.sanitize import clean_html

register = template.Library()


@register.filter
def sanitized(value: str) -> str:
    """A stored body, sanitized once more as it is shown (defence in depth: bodies are cleaned on save)."""
    return mark_safe(clean_html(value))  # the output of the sanitizer is safe
