"""When the database goes away the app answers 503 with a friendly page, and recovers when it returns."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.resilience.proxy import database_behind_proxy

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def client():
    from django.test import Client

    return Client(raise_request_exception=False)  # see what a browser sees, not the exception


def _through(name: str) -> None:
    connection.close()
    connection.settings_dict["NAME"] = name


def _expect_outage(client) -> None:
    page = client.get("/articles/")
    assert page.status_code == 503 and page["Retry-After"] == "30"
    assert "暂时无法访问" in page.content.decode() and "Temporarily unavailable" in page.content.decode()
    api = client.get("/api/v1/articles/")
    assert api.status_code == 503 and "database" in api.json()["error"]


def test_postgres_outage_gives_503_then_recovers(client, imported):
    if connection.vendor != "postgresql":
        pytest.skip("this outage is staged on PostgreSQL; the SQLite variant is the next test")
    with database_behind_proxy() as proxy:
        assert client.get("/articles/").status_code == 200
        proxy.stop()
        _expect_outage(client)
        proxy.start()
        page = client.get("/articles/")
        assert page.status_code == 200 and "蚂蚁向外生长" in page.content.decode()


def test_sqlite_file_unreachable_gives_503_then_recovers(client, imported, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite variant; the PostgreSQL run stages a network outage instead")
    saved = connection.settings_dict["NAME"]
    try:
        _through(str(tmp_path / "missing-dir" / "db.sqlite3"))  # a file SQLite cannot open
        _expect_outage(client)
        _through(saved)
        assert client.get("/articles/").status_code == 200
    finally:
        connection.close()
        connection.settings_dict["NAME"] = saved
