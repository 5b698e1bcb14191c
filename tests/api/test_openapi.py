"""The OpenAPI description and the docs page (which must work without internet)."""

import re

import pytest

OPENAPI = "/api/v1/openapi.json"
DOCS = "/api/v1/docs"

ENDPOINTS = {
    "/api/v1/participants": {"get"},
    "/api/v1/participants/{nik}": {"get"},
    "/api/v1/assessments": {"post"},
    "/api/v1/overview": {"get"},
    "/api/v1/modules": {"get", "post"},
    "/api/v1/participants/{nik}/plan": {"get"},
    "/api/v1/participants/{nik}/plan/{code}": {"post"},
    "/api/v1/cohorts": {"get", "post"},
    "/api/v1/cohorts/{cohort_id}": {"get"},
    "/api/v1/cohorts/{cohort_id}/worklist": {"get"},
    "/api/v1/cohorts/{cohort_id}/enrolments": {"post"},
    "/api/v1/enrolments/{enrolment_id}/cancel": {"post"},
    "/api/v1/cohorts/{cohort_id}/sessions/{number}/attendance": {"get", "put"},
    "/api/v1/cohorts/{cohort_id}/scores": {"put"},
    "/api/v1/participants/{nik}/field-tests": {"get", "post"},
    "/api/v1/mentors": {"get"},
    "/api/v1/mentors/{mentor_id}": {"get"},
    "/api/v1/participants/{nik}/assignments": {"get"},
    "/api/v1/assignments": {"post"},
    "/api/v1/assignments/{assignment_id}/change": {"post"},
    "/api/v1/assignments/{assignment_id}/end": {"post"},
    "/api/v1/mentor-proposals": {"post"},
    "/api/v1/mentor-proposals/accept": {"post"},
    "/api/v1/participants/{nik}/mentoring-plans": {"get", "post"},
    "/api/v1/mentoring-plans/{plan_id}/agreement": {"post"},
    "/api/v1/participants/{nik}/visits": {"get", "post"},
    "/api/v1/mentoring/due": {"get"},
    "/api/v1/peer/families": {"get"},
    "/api/v1/participants/{nik}/businesses": {"get", "post"},
    "/api/v1/businesses/{business_id}": {"get", "patch", "delete"},
    "/api/v1/businesses/{business_id}/records": {"get", "post"},
    "/api/v1/records/{record_id}": {"get", "put", "delete"},
    "/api/v1/participants/{nik}/decent-life-checks": {"get", "post"},
    "/api/v1/participants/{nik}/graduation": {"get", "post"},
    "/api/v1/participants/{nik}/sustainability-checks": {"get", "post"},
    "/api/v1/graduation/candidates": {"get"},
    "/api/v1/tickets": {"get", "post"},
    "/api/v1/tickets/{code}": {"get"},
    "/api/v1/tickets/{code}/messages": {"get"},
    "/api/v1/tickets/{code}/replies": {"post"},
    "/api/v1/tickets/{code}/notes": {"post"},
    "/api/v1/tickets/{code}/transitions": {"post"},
    "/api/v1/tickets/{code}/assign": {"post"},
    "/api/v1/tickets/{code}/participant": {"post"},
    "/api/v1/tickets/{code}/sensitivity": {"post"},
    "/api/v1/helpdesk/report": {"get"},
    "/api/v1/public/tickets": {"post"},
    "/api/v1/public/tickets/status": {"post"},
    "/api/v1/outbox/messages": {"get"},
    "/api/v1/outbox/messages/{message_id}": {"get"},
    "/api/v1/outbox/messages/{message_id}/retry": {"post"},
}


@pytest.fixture
def spec(client, db):
    response = client.get(OPENAPI)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def resolve(spec: dict, ref: str) -> dict:
    assert ref.startswith("#/"), ref
    node = spec
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def test_is_openapi_3_with_our_paths(spec):
    assert re.fullmatch(r"3\.\d+\.\d+", spec["openapi"])
    assert spec["info"]["title"] == "Purna API"
    assert spec["info"]["version"] == "1"
    assert spec["info"]["description"]
    assert {path: set(ops) for path, ops in spec["paths"].items()} == ENDPOINTS


def test_every_operation_is_well_formed(spec):
    operation_ids = []
    for path, operations in spec["paths"].items():
        params_in_path = set(re.findall(r"{(\w+)}", path))
        for method, operation in operations.items():
            operation_ids.append(operation["operationId"])
            assert operation["responses"], (path, method)
            for status in operation["responses"]:
                assert re.fullmatch(r"[1-5]\d\d", status)
            path_params = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert path_params == params_in_path
            for param in operation["parameters"]:
                assert param["in"] in {"query", "path", "header", "cookie"}
                if param["in"] == "path":
                    assert param["required"] is True
            if path.startswith("/api/v1/public/"):
                # Anyone may submit a ticket or open its status: no credentials at all.
                assert "security" not in operation or operation["security"] in ([], [{}])
            else:
                assert operation["security"] == [{"BearerToken": []}, {"Session": []}]
    assert len(operation_ids) == len(set(operation_ids))


def test_every_reference_resolves(spec):
    found = list(refs(spec))
    assert found
    for ref in found:
        assert isinstance(resolve(spec, ref), dict), ref


def test_security_schemes(spec):
    schemes = spec["components"]["securitySchemes"]
    assert schemes["BearerToken"] == {"type": "http", "scheme": "bearer"}
    assert schemes["Session"]["type"] == "apiKey"
    assert schemes["Session"]["in"] == "cookie"


def test_schemas_describe_the_contract(spec):
    schemas = spec["components"]["schemas"]
    body = schemas["AssessmentIn"]
    assert set(body["required"]) == {"nik", "assessed_on", "source", "answers"}
    assert body["properties"]["source"]["enum"] == [
        "self",
        "spouse",
        "family",
        "officer",
        "mentor",
        "community",
    ]
    answers = body["properties"]["answers"]["additionalProperties"]["anyOf"][0]
    assert (answers["minimum"], answers["maximum"]) == (1, 5)
    post = spec["paths"]["/api/v1/assessments"]["post"]
    assert {"201", "409"} <= set(post["responses"])


def test_valid_by_openapi_spec_validator_when_installed(spec):
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(spec)


def test_docs_page_needs_no_internet(client, db):
    response = client.get(DOCS)
    assert response.status_code == 200
    html = response.content.decode()
    assert OPENAPI in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "loads from another host"


def test_docs_page_serves_swagger_from_local_files(client, db, settings):
    """With ninja's app installed (see the API report) the full Swagger UI comes from static."""
    if "ninja" not in settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "ninja"]
    html = client.get(DOCS).content.decode()
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets), html
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200, asset


def test_schema_names_are_unique():
    """Ninja keys the OpenAPI components by class name: a second schema with the same name
    silently replaces the first in the documentation."""
    from ninja import Schema

    import purna.api  # noqa: F401  (imports every router)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [c for c in subclasses(Schema) if c.__module__.startswith("purna.")]
    names = [c.__name__ for c in ours]
    assert len(ours) > 20
    assert sorted({n for n in names if names.count(n) > 1}) == []
