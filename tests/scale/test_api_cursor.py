"""Cursor (keyset) pages for walking a whole API list (issue 18): `?cursor=` starts, each `next` goes on,
a deep page costs the statements of the first, and a forged cursor is a 404, never a database error."""

from __future__ import annotations

import base64

from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizapp.library.models import Fact
from tests.factories import make_article, make_fact, make_question


def test_a_cursor_walks_every_fact_once_in_id_order_at_a_constant_cost(client, db):
    article = make_article()
    for _ in range(120):
        make_question(make_fact(article))  # the API lists facts with live questions to anonymous callers
    url, seen, statements = "/api/v1/facts/?cursor=", [], []
    while url:
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).json()
        statements.append(len(queries))
        assert "count" not in body  # a cursor page is not counted
        seen += [fact["id"] for fact in body["results"]]
        url = body["next"]
    assert seen == sorted(Fact.objects.values_list("pk", flat=True)) and len(statements) == 3
    assert len(set(statements)) == 1
    # Page numbers still work, with their count.
    assert client.get("/api/v1/facts/", {"page": 2}).json()["count"] == 120


def test_a_forged_cursor_is_a_404_not_a_database_error(client, db):
    for position in ("abc", "-1", "99999999999999999999999", "１２"):
        cursor = base64.b64encode(f"p={position}".encode()).decode()
        response = client.get("/api/v1/facts/", {"cursor": cursor})
        assert response.status_code == 404 and "cursor" in response.json()["error"].lower(), position
    assert client.get("/api/v1/facts/", {"cursor": "not base64 ✓"}).status_code == 404
    both = client.get("/api/v1/facts/", {"cursor": "", "page": "x"})
    assert both.status_code == 404 and "not both" in both.json()["error"]
