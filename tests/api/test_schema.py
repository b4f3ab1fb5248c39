from __future__ import annotations

import io
import re

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db

EXPECTED_OPERATIONS = {
    ("get", "/api/v1/articles/"), ("get", "/api/v1/articles/{id}/"),
    ("get", "/api/v1/facts/"), ("post", "/api/v1/facts/"), ("get", "/api/v1/facts/{id}/"),
    ("patch", "/api/v1/facts/{id}/"),
    ("get", "/api/v1/questions/"), ("post", "/api/v1/questions/"), ("get", "/api/v1/questions/{id}/"),
    ("patch", "/api/v1/questions/{id}/"), ("delete", "/api/v1/questions/{id}/"),
    ("get", "/api/v1/quizzes/"), ("get", "/api/v1/quizzes/{slug}/"), ("post", "/api/v1/quizzes/{slug}/attempts/"),
    ("get", "/api/v1/attempts/"), ("post", "/api/v1/attempts/"), ("get", "/api/v1/attempts/{id}/"),
    ("get", "/api/v1/attempts/{id}/current/"), ("post", "/api/v1/attempts/{id}/answer/"),
    ("post", "/api/v1/attempts/{id}/finish/"), ("get", "/api/v1/attempts/{id}/questions/"),
    ("get", "/api/v1/attempts/{id}/questions/{number}/"), ("post", "/api/v1/attempts/{id}/flag/"),
    ("post", "/api/v1/attempts/{id}/retry/"), ("get", "/api/v1/attempts/{id}/results/"),
    ("get", "/api/v1/decks/"), ("get", "/api/v1/decks/{slug}/"), ("get", "/api/v1/decks/{slug}/apkg/"),
    ("get", "/api/v1/study/{slug}/"), ("get", "/api/v1/study/{slug}/due/"), ("post", "/api/v1/study/{slug}/review/"),
    ("get", "/api/v1/cards/"), ("get", "/api/v1/cards/{id}/"),
    ("post", "/api/v1/auth/token/"), ("delete", "/api/v1/auth/token/"), ("get", "/api/v1/auth/csrf/"),
    ("get", "/api/v1/question-statistics/"), ("get", "/api/v1/question-statistics/{id}/"),
    ("post", "/api/v1/question-statistics/{id}/accept/"),
}  # fmt: skip


@pytest.fixture(scope="module")
def schema() -> dict:
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)  # raises on any warning
    return yaml.safe_load(out.getvalue())


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield method, path, operation


def test_schema_validates_without_warnings_and_lists_every_operation(schema):
    assert schema["openapi"].startswith("3.")
    assert {(m, p) for m, p, _ in operations(schema)} == EXPECTED_OPERATIONS


def test_every_operation_documents_its_errors_with_the_shared_shape(schema):
    error_ref = "#/components/schemas/Error"
    for method, path, operation in operations(schema):
        responses = operation["responses"]
        for code in ("401", "429"):
            assert code in responses, (method, path, code)
        if method in ("post", "patch") and path != "/api/v1/auth/token/":
            assert {"403"} <= set(responses), (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)
        for code, response in responses.items():
            if code.startswith(("4", "5")):
                assert response["content"]["application/json"]["schema"]["$ref"] == error_ref, (method, path, code)
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["code", "error"]
    assert set(error["properties"]) == {"error", "code", "fields", "retry_after"}


def test_learner_conflicts_and_bad_input_are_documented(schema):
    answer = schema["paths"]["/api/v1/attempts/{id}/answer/"]["post"]["responses"]
    assert {"200", "201", "400", "403", "404", "409", "429"} <= set(answer)
    questions = schema["paths"]["/api/v1/questions/"]["get"]
    params = {p["name"]: p for p in questions["parameters"]}
    assert {"article", "fact", "type", "tag", "status", "search", "page"} <= set(params)
    assert params["type"]["schema"]["enum"] == [
        "cloze", "multiple_response", "numeric", "short_answer", "single_choice", "true_false",
    ]  # fmt: skip
    facts = {p["name"] for p in schema["paths"]["/api/v1/facts/"]["get"]["parameters"]}
    assert {"article", "tag", "drift", "search"} <= facts


def test_apkg_download_is_documented_as_binary(schema):
    ok = schema["paths"]["/api/v1/decks/{slug}/apkg/"]["get"]["responses"]["200"]["content"]
    assert ok == {"application/apkg": {"schema": {"type": "string", "format": "binary"}}}


def test_schema_is_served_at_api_schema(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/attempts/{id}/answer/" in response.json()["paths"]


def test_docs_page_loads_swagger_from_our_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/static/drf_spectacular_sidecar/") for s in sources if "swagger" in s)
    assert "//cdn" not in page and "unpkg" not in page and "jsdelivr" not in page
    bundle = next(s for s in sources if s.endswith("swagger-ui-bundle.js"))
    served = client.get(bundle)
    assert served.status_code == 200
    content = b"".join(served.streaming_content) if served.streaming else served.content
    assert b"SwaggerUI" in content
