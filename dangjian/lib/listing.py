"""List-page helpers: pagination that keeps the other query parameters."""

from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int | None = None) -> dict:
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {"page_obj": page_obj, "object_list": page_obj.object_list, "query_string": params.urlencode()}
