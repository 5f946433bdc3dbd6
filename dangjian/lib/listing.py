"""List-page helpers: pagination that keeps the other query parameters."""

from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int | None = None) -> dict:
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "page_obj": page_obj,
        "object_list": page_obj.object_list,
        "query_string": params.urlencode(),
        # Elided page links, so rendering does not grow with the number of pages.
        "page_links": list(paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)),
        "ellipsis": paginator.ELLIPSIS,
    }


def int_or_none(value) -> int | None:
    """A filter value from a query string as an id; anything else (``abc``, ``1.5``) is no filter.
    A number too large for the database becomes 0, which matches nothing."""
    value = str(value or "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if number < 2**63 else 0
