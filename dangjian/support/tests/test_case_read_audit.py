"""Every page and API operation that shows a special student's notes writes a 查阅 audit entry naming the
case. The walk covers every GET route of the support app and every GET operation of /api/v1/support: a
route whose answer contains the case's description or its contact notes must have audited that read."""

from django.urls import URLPattern, get_resolver, reverse

from dangjian.accounts.models import AuditLog
from dangjian.api.tests.conftest import api_for  # noqa: F401
from dangjian.api.urls import api

# Arguments for every route of the support app ("skip": not a GET page, or no case data by design).
ROUTES = {
    "home": [],
    "poor_list": [],
    "poor_create": [],
    "poor_edit": lambda sw: [sw.poor_record.pk],
    "special_list": [],
    "special_create": [],
    "special_edit": lambda sw: [sw.case.pk],
    "collaborator_add": lambda sw: [sw.case.pk],
    "collaborator_remove": "skip",  # POST only
    "student": lambda sw: [sw.special_student.pk],
    "student_erase": lambda sw: [sw.special_student.pk],
    "pairing_list": [],
    "pairing_create": [],
    "pairing_propose": "skip",  # POST only
    "pairing_confirm": "skip",  # POST only
    "pairing_edit": lambda sw: [sw.special_pairing.pk],
    "pairing_delete": "skip",  # POST only
    "record_create": lambda sw: [sw.special_pairing.pk],
    "record_edit": lambda sw: [sw.visit.pk],
    "record_delete": "skip",  # POST only
    "outcome_create": [],
    "settings": [],
    "aid": [],
    "export": ["special"],
    "import": [],
    "import_template": ["special"],
    "import_preview": "skip",  # needs an upload token of the user's session
    "import_confirm": "skip",  # POST only
    "audit": [],
    "figures": [],
}
SECRETS = ("考试前容易紧张", "入户家访，与家长交流。")  # the case's description, its home visit's notes


def support_route_names() -> set[str]:
    patterns = get_resolver().url_patterns
    names = set()
    for entry in patterns:
        for p in getattr(entry, "url_patterns", [entry]):
            if isinstance(p, URLPattern) and p.lookup_str.startswith("dangjian.support.views"):
                names.add(p.name)
    return names


def reads_of(case) -> int:
    return AuditLog.objects.filter(action="support.case.read", object_id=str(case.pk)).count()


def shows_case(content: bytes) -> bool:
    text = content.decode(errors="replace")
    return any(secret in text for secret in SECRETS)


def test_every_support_route_is_classified():
    assert support_route_names() == set(ROUTES), "classify the new support route in ROUTES of this test"


def test_every_page_that_shows_a_case_audits_the_read(sw, client_for):
    client = client_for("secretary")
    showing = []
    for name, args in ROUTES.items():
        if args == "skip":
            continue
        args = args(sw) if callable(args) else args
        before = reads_of(sw.case)
        response = client.get(reverse(f"support:{name}", args=["a", *args]))
        assert response.status_code in (200, 302), name
        if shows_case(response.content):
            showing.append(name)
            assert reads_of(sw.case) == before + 1, f"{name} shows the case without an audit entry"
    assert set(showing) >= {"special_edit", "student", "record_edit"}


def test_every_api_operation_that_shows_a_case_audits_the_read(sw, api_for):  # noqa: F811
    client = api_for("secretary")
    paths = {
        "/special/{case_id}": {"case_id": sw.case.pk},
        "/pairings/{pairing_id}/records": {"pairing_id": sw.special_pairing.pk},
    }
    schema = api.get_openapi_schema()
    showing = []
    for path, methods in schema["paths"].items():
        if not path.startswith("/api/v1/support") or "get" not in methods:
            continue
        local = path.removeprefix("/api/v1/support")
        url = path.format(**paths.get(local, {}))
        assert "{" not in url, f"give the path parameters of {path} in this test"
        before = reads_of(sw.case)
        response = client.get(url, {"school": "a", "year": "2022"})
        assert response.status_code == 200, path
        if shows_case(response.content):
            showing.append(local)
            assert reads_of(sw.case) == before + 1, f"GET {path} shows the case without an audit entry"
    assert sorted(showing) == ["/pairings/{pairing_id}/records", "/special/{case_id}"]
