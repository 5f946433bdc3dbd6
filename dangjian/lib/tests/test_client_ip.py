from django.test import RequestFactory

from dangjian.lib.client_ip import client_ip


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.DANGJIAN_TRUSTED_PROXIES = []
    assert client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_a_header_from_an_untrusted_address_is_ignored(settings):
    settings.DANGJIAN_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_client_is_the_rightmost_untrusted_hop(settings):
    settings.DANGJIAN_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert client_ip(request("127.0.0.1", "198.51.100.7")) == "198.51.100.7"
    # A spoofed first entry added by the client is left of the real one and is never reached.
    assert client_ip(request("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3")) == "198.51.100.7"
    assert client_ip(request("127.0.0.1", "2001:db8::1")) == "2001:db8::1"


def test_damaged_or_missing_headers_fall_back_to_the_nearest_known_hop(settings):
    settings.DANGJIAN_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert client_ip(request("127.0.0.1")) == "127.0.0.1"
    assert client_ip(request("127.0.0.1", "not-an-ip")) == "127.0.0.1"
    assert client_ip(request("127.0.0.1", "198.51.100.7, junk, 10.0.0.5")) == "10.0.0.5"
    assert client_ip(request("127.0.0.1", "10.0.0.9")) == "10.0.0.9"
    assert client_ip(request("")) is None
