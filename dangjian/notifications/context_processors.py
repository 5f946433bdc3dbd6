from django.utils.functional import SimpleLazyObject

from .models import Notification


def unread(request):
    """The navbar bell's unread count: one query, and only on a page that draws the bell."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notices": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        )
    }
