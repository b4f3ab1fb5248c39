"""Bad input anywhere in the API is a 4xx with a JSON message, never a 500 or an HTML page."""

from __future__ import annotations

import pytest

from quizapp.api.errors import _flatten, error_body
from tests.api.helpers import assert_error

pytestmark = pytest.mark.django_db


def test_malformed_json_is_400(as_author, practice_quiz):
    response = as_author.generic("POST", "/api/v1/facts/", '{"article": 1, "quote": ', content_type="application/json")
    body = assert_error(response, 400)
    assert body["code"] == "parse_error"
    response = as_author.generic("POST", "/api/v1/attempts/", "[1, 2]", content_type="application/json")
    assert_error(response, 400)


def test_wrong_content_type_is_415(as_author, as_learner, practice_quiz):
    assert_error(as_author.generic("POST", "/api/v1/facts/", "<fact/>", content_type="application/xml"), 415)
    response = as_learner.generic("POST", "/api/v1/attempts/", "quiz=curated", content_type="text/plain")
    assert_error(response, 415)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/articles/abc/",
        "/api/v1/articles/-1/",
        "/api/v1/articles/0/",
        f"/api/v1/articles/{2**64}/",
        f"/api/v1/questions/{'9' * 40}/",
        "/api/v1/attempts/1.5/",
        f"/api/v1/attempts/{2**63}/results/",
        "/api/v1/cards/%00/",
        "/api/v1/quizzes/%00/",
        "/api/v1/decks/a%00b/apkg/",
        "/api/v1/study/%E4%B8%AD/due/",
        "/api/v1/no-such-thing/",
        "/api/v1/articles",
    ],
)
def test_odd_urls_are_json_404s(api, path):
    assert_error(api.get(path), 404)


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999999999999999", "1e9"])
def test_pages_out_of_range_are_404(api, page):
    assert_error(api.get("/api/v1/quizzes/", {"page": page}), 404)


def test_page_two_is_served(api, bank):
    body = api.get("/api/v1/questions/", {"page": 2}).json()
    assert body["previous"] and len(body["results"]) == 50


def test_wrong_method_is_405_json(api, six_types):
    response = api.delete(f"/api/v1/facts/{six_types[0].fact_id}/")  # questions are deleted (issue 19.5), facts not
    assert_error(response, 405)
    assert "DELETE" not in response["Allow"]


def test_huge_and_odd_ids_in_bodies_are_400(as_author, as_learner, practice_quiz):
    for fact in (2**63, -5, "1; DROP TABLE", None, True):
        body = {"fact": fact, "type": "true_false", "prompt": "p", "explanation": "e", "answer_bool": True}
        assert_error(as_author.post("/api/v1/questions/", body), 400, "fact")
    attempt = as_learner.post("/api/v1/attempts/", {"quiz": practice_quiz.slug}).json()
    for value in (2**64, [1], {"a": 1}, "\x00"):
        response = as_learner.post(f"/api/v1/attempts/{attempt['id']}/answer/", {"question": value})
        assert_error(response, 400, "question")


def test_nul_characters_in_text_are_400(as_author, six_types):
    body = {"article": six_types[0].fact.article_id, "quote": "研发\x00投入"}
    assert_error(as_author.post("/api/v1/facts/", body), 400, "quote")


def test_error_shape_flattens_nested_fields():
    from rest_framework.exceptions import ValidationError

    exc = ValidationError({"choices": [{}, {"text": ["Too long."]}], "non_field_errors": ["Whole thing."]})
    body = error_body(exc)
    assert body["fields"] == {"choices.1.text": ["Too long."]}
    assert body["error"] == "choices.1.text: Too long.; Whole thing."
    assert _flatten(["A.", "B."]) == {"": ["A.", "B."]}
    assert error_body(ValidationError("Just this.")) == {"error": "Just this.", "code": "invalid"}
