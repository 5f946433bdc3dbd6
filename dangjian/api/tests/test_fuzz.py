"""Property-based run over /api/v1/openapi.json: no 5xx, and every answer is the one the document promises.

Schemathesis generates requests for every operation (valid and invalid input, derandomized so that a run
is repeatable); the secretary calls every method, a teacher and the county committee every GET. Each
answer must not be a server error, must have a documented status code and content type, and its body
must match the documented schema. The number of examples per operation is bounded to fit the CI budget.
"""

import functools

import pytest
import schemathesis
from django.apps import apps
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dangjian.accounts.services import api_token_create
from dangjian.api.urls import api
from dangjian.tests import factories as f

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = {"secretary": 30, "teacher": 8, "county": 8}
READ_ONLY = {"teacher", "county"}


def _operations():
    for path, methods in api.get_openapi_schema(path_prefix="/api/v1/")["paths"].items():
        for method in methods:
            yield method.upper(), path


CASES = [
    pytest.param(role, method, path, id=f"{role}-{method} {path}")
    for role in EXAMPLES
    for method, path in sorted(_operations())
    if method == "GET" or role not in READ_ONLY
]


@pytest.fixture
def wsgi(settings, world):
    """The real WSGI application serves in this test's transaction, with a little data to find."""
    settings.ALLOWED_HOSTS = ["*"]
    # A request outside the test client would close the connection (and so the test's transaction) at its end.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    school_class = f.SchoolClassFactory(grade__school=world.school, grade__school_year=world.year, number=1)
    f.EnrollmentFactory(student=f.StudentFactory(school=world.school), school_class=school_class)
    f.ActivityFactory(organization=world.branch, topic="主题党日")
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@functools.cache
def _schema():
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
    loaded.app = get_wsgi_application()
    return loaded


# Most generated values name nothing; these steer part of the examples to the world's real school, years
# and rows, so that the run reaches past the 404s into the code that reads and writes.
REAL = {
    "school": ["a", "b"],
    "county": ["sfx"],
    "year": ["2022", "2022-2023", "2023"],
    "from": ["2022"],
    "semester": ["2022-2023-1", "2022-2023-2"],
    "term": ["1", "2"],
    "month": ["2022-11", "2022-13"],
}


def _real_ids() -> list[int]:
    ids = set()
    for model in apps.get_models():
        if model._meta.app_label in {"school", "party", "meetings", "staffing", "subjects", "league", "support"}:
            ids.update(model.objects.order_by("pk").values_list("pk", flat=True)[:20])
    return sorted(i for i in ids if isinstance(i, int))


def _steer(case, data, ids):
    for name, values in REAL.items():
        if name in (case.query or {}) or (name == "school" and case.query is not None):
            case.query[name] = data.draw(st.sampled_from([*values, case.query.get(name, "")]), label=name)
    for name, value in (case.path_parameters or {}).items():
        if isinstance(value, int) and ids:
            case.path_parameters[name] = data.draw(st.sampled_from([*ids, value]), label=name)


@pytest.mark.parametrize(("role", "method", "path"), CASES)
def test_operation_never_fails_and_keeps_its_schema(wsgi, world, role, method, path):
    operation = _schema()[path][method]
    _, key = api_token_create(user=world.users[role], name="fuzz")
    headers = {"Authorization": f"Bearer {key}"}
    ids = _real_ids()

    @given(case=operation.as_strategy(), data=st.data())
    @settings(
        max_examples=EXAMPLES[role],
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case, data):
        _steer(case, data, ids)
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    run()
