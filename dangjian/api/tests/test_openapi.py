"""The OpenAPI document is served (and valid JSON); the CDN-based docs page is not."""

import json

from django.test import Client

FOUNDATION_ROUTERS = {"classes", "organizations", "schools", "staff", "students"}


def test_openapi_json(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["title"] == "党建343 API"
    foundation = sorted(p for p in schema["paths"] if p.split("/")[3] in FOUNDATION_ROUTERS)
    assert foundation == [
        "/api/v1/classes",
        "/api/v1/classes/{class_id}",
        "/api/v1/organizations",
        "/api/v1/organizations/{org_id}",
        "/api/v1/schools",
        "/api/v1/schools/{code}",
        "/api/v1/staff",
        "/api/v1/staff/{staff_id}",
        "/api/v1/students",
        "/api/v1/students/{student_id}",
    ]
    assert sorted(schema["paths"]["/api/v1/staff/{staff_id}"]) == ["get", "patch", "put"]
    assert sorted(schema["paths"]["/api/v1/staff"]) == ["get", "post"]
    assert sorted(schema["components"]["securitySchemes"]) == ["BearerAuth", "SessionAuth"]


def test_list_answers_are_documented_as_paginated(db):
    schema = Client().get("/api/v1/openapi.json").json()
    ok = schema["paths"]["/api/v1/staff"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    paged = schema["components"]["schemas"][ok["$ref"].rsplit("/", 1)[1]]
    assert sorted(paged["properties"]) == ["count", "items"]
    params = [p["name"] for p in schema["paths"]["/api/v1/staff"]["get"]["parameters"]]
    assert params[:1] == ["school"]
    assert {"page", "page_size"} <= set(params)


def test_docs_page_is_not_served(db):
    assert Client().get("/api/v1/docs").status_code == 404


def _schema_classes():
    """Every ninja Schema class defined in the API's modules, by module."""
    import importlib
    import inspect
    import pkgutil

    from ninja import Schema

    import dangjian.api as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"dangjian.api.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Schema) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def test_every_schema_has_its_own_component_name():
    names = {}
    for cls in _schema_classes():
        names.setdefault(cls.__name__, []).append(cls.__module__)
    assert {n: m for n, m in names.items() if len(m) > 1} == {}


def test_each_documented_component_is_the_schema_its_routes_declare(db):
    schema = Client().get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    classes = {cls.__name__: cls for cls in _schema_classes()}
    checked = 0
    for name, component in components.items():
        cls = classes.get(name)
        if cls is None or "properties" not in component:
            continue
        assert set(component["properties"]) == set(cls.model_json_schema()["properties"]), name
        checked += 1
    assert checked >= 40
    body = schema["paths"]["/api/v1/support/pairings"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["$ref"].endswith("/SupportPairingIn")
