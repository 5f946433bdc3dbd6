"""Keep it closed: every page route and every API operation is in a role × route permission matrix.

The walkers read the URL configuration and the OpenAPI document, and fail naming any route or operation
that no permission matrix exercises; the matrix below holds the account routes that belong to no module."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse, reverse_lazy

from dangjian.accounts.models import ApiToken
from dangjian.accounts.services import api_token_create
from dangjian.school.models import SchoolYear
from dangjian.tests import factories as f
from dangjian.tests.test_view_permissions import ROLES, expect

ROOT = Path(__file__).resolve().parents[1]

# The files that test routes against every role, per URL namespace ("" for the project's own routes).
PAGE_MATRICES = {
    "": [
        "tests/test_view_permissions.py",
        "tests/test_route_matrix.py",
        "reports/tests/test_views.py",
        "accounts/tests/test_school_accounts.py",
    ],
    "accounts": ["accounts/tests/test_school_accounts.py"],
    "school": ["tests/test_view_permissions.py", "rosters/tests/test_views.py", "tests/test_route_matrix.py"],
    "party": ["tests/test_view_permissions.py"],
    "meetings": ["meetings/tests/test_views.py"],
    "mentoring": ["mentoring/tests/test_views_permissions.py"],
    "staffing": ["staffing/tests/test_views.py"],
    "subjects": ["subjects/tests/test_view_permissions.py"],
    "league": ["league/tests/test_view_permissions.py"],
    "development": ["development/tests/test_view_permissions.py"],
    "support": ["support/tests/test_view_permissions.py"],
    "rosters": ["rosters/tests/test_views.py"],
    "publicity": ["publicity/tests/test_permissions.py"],
    "reports": ["reports/tests/test_views.py"],
    "jobs": ["jobs/tests/test_jobs.py"],
    "transfers": ["transfers/tests/test_views.py"],
    "notifications": ["notifications/tests/test_views.py"],
    "dues": ["dues/tests/test_views.py"],
}
API_MATRICES = "api/tests"


def _page_routes(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or str(pattern.pattern).startswith("api/"):
                continue
            yield from _page_routes(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace, pattern.name


def _text(files) -> str:
    return "\n".join((ROOT / name).read_text(encoding="utf-8") for name in files)


def test_every_page_route_is_in_a_permission_matrix():
    routes = sorted(set(_page_routes()))
    assert len(routes) > 150
    missing = []
    for namespace, name in routes:
        text = _text(PAGE_MATRICES.get(namespace, []))
        full = f"{namespace}:{name}" if namespace else name
        if f'"{full}"' not in text and f'"{name}"' not in text:
            missing.append(full)
    assert missing == []


def _operations():
    from dangjian.api.urls import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    for path, methods in schema["paths"].items():
        for method in methods:
            yield method, path


# A call in a test: a method name, then (within the same statement) a string literal holding an /api/v1/ path.
CALL = re.compile(
    r"""\b(get|post|put|patch|delete)\b["']?\s*,?\s*\(?\s*(?:lambda \w+:\s*)?f?["'](/api/v1/(?:\{[^}]*\}|[^"'?{])*)"""
)


def _called_operations() -> set[tuple[str, str]]:
    calls = set()
    for file in (ROOT / API_MATRICES).glob("test_*.py"):
        text = file.read_text(encoding="utf-8")
        calls |= {(method, path.rstrip("/")) for method, path in CALL.findall(text)}
    return calls


def _template(path: str) -> re.Pattern:
    parts = re.split(r"\{[^}]+\}", path.rstrip("/"))
    return re.compile("^" + r"(?:\{[^}]*\}|[^/{}]+)".join(map(re.escape, parts)) + "$")


def test_every_api_operation_is_in_a_permission_matrix():
    calls = _called_operations()
    operations = sorted(set(_operations()))
    assert len(operations) >= 100
    missing = [
        f"{method.upper()} {path}"
        for method, path in operations
        if not any(m == method and _template(path).match(p) for m, p in calls)
    ]
    assert missing == []


def test_the_walkers_see_a_route_that_no_matrix_names():
    assert _template("/api/v1/staff/{staff_id}").match("/api/v1/staff/{o.other_staff.pk}")
    assert not _template("/api/v1/staff/{staff_id}").match("/api/v1/staff")
    assert ("delete", "/api/v1/league/series/{o.pk}") in {
        (m, p) for m, p in CALL.findall('client.delete(f"/api/v1/league/series/{o.pk}")')
    }


# The account routes, every role ----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_login_and_logout_per_role(client_for, world, role):
    client = client_for(role)
    login = client.get(reverse("login"))
    if role == "anonymous":
        assert login.status_code == 200
    else:  # a signed-in user is sent on, not shown the form again
        assert login.status_code == 302
    assert client.get(reverse("logout")).status_code == 405  # signing out is a POST (CSRF-protected)
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", ROLES)
def test_token_revoke_only_by_its_owner(client_for, world, role):
    """Revoking an API key is its owner's act; everyone else (other roles, other schools) gets 404."""
    token, _ = api_token_create(user=world.users["secretary"], name="导出脚本")
    response = client_for(role).post(reverse("token_revoke", args=[token.pk]))
    revoked = ApiToken.objects.get(pk=token.pk).revoked_at is not None
    if role == "secretary":
        assert response.status_code == 302 and revoked
    else:
        assert response.status_code == (302 if role == "anonymous" else 404) and not revoked


@pytest.mark.parametrize("role", ROLES)
def test_home_sends_each_role_to_its_place(client_for, world, role):
    """The site root: sign in first; a member goes to their school, the county (or a superuser) to the list."""
    response = client_for(role).get(reverse("home"))
    assert response.status_code == 302
    expected = {
        "anonymous": reverse("login") + "?next=/",
        "county": reverse("school:list"),
        "superuser": reverse("school:list"),
        "outsider": reverse("school:home", args=["b"]),
    }.get(role, reverse("school:home", args=["a"]))
    assert response["Location"] == expected


@pytest.mark.parametrize("role", ROLES)
def test_healthz_answers_everyone_and_tells_nothing(client_for, world, role):
    """The health check is public on purpose (monitors, load balancers): the same short answer for every role."""
    response = client_for(role).get(reverse("healthz"))
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


# 新学年: the school secretary and 教务处 only --------------------------------------------------------

YEAR_STARTERS = {"secretary", "jiaowu", "superuser"}


@pytest.fixture
def one_class(world):
    f.SchoolClassFactory(grade=f.GradeFactory(school=world.school, school_year=world.year, level=1), number=1)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url",
    [
        reverse_lazy("school:school_year_preview", args=["a"]),
        reverse_lazy("school:school_year_result", args=["a", 2023]),
    ],
)
def test_new_school_year_pages_per_role(client_for, world, one_class, role, url):
    assert client_for(role).get(str(url)).status_code == expect(YEAR_STARTERS)[role]


@pytest.mark.parametrize("role", ROLES)
def test_new_school_year_starts_by_post_per_role(client_for, world, one_class, role):
    client = client_for(role)
    url = reverse("school:school_year_apply", args=["a"])
    response = client.post(url, {"year": "2023", "classes": "1"})
    started = SchoolYear.objects.filter(start_year=2023).exists()
    if role in YEAR_STARTERS:
        assert (response.status_code, response["Location"], started) == (
            302,
            reverse("school:school_year_result", args=["a", 2023]),
            True,
        )
        assert client.get(url).status_code == 405
    else:
        assert (response.status_code, started) == (expect(YEAR_STARTERS)[role], False)
