"""The client's address, the same for login throttling and the audit log.

Behind a reverse proxy every request comes from the proxy's address. ``X-Forwarded-For`` is believed only
when the request comes from a trusted proxy (``DANGJIAN_TRUSTED_PROXIES``: addresses or networks): the list
is read from the right, skipping trusted proxies, and the first address that is not one is the client. A
header sent by anyone else is ignored, so a client cannot choose its own address."""

import functools
import ipaddress

from django.conf import settings


@functools.cache
def _networks(spec: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec if item.strip())


def _trusted(address) -> bool:
    return any(address in net for net in _networks(tuple(settings.DANGJIAN_TRUSTED_PROXIES)))


def _parse(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request) -> str | None:
    if request is None:
        return None
    nearest = _parse(request.META.get("REMOTE_ADDR") or "")
    if nearest is None:
        return None
    if not _trusted(nearest):
        return str(nearest)
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:  # a damaged header: the last trusted hop is all that is known
            break
        nearest = address
        if not _trusted(address):
            break
    return str(nearest)
