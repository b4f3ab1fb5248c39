"""When the database goes away the app answers 503 with a friendly page, and recovers when it returns."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.resilience.proxy import TcpProxy

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def client():
    from django.test import Client

    return Client(raise_request_exception=False)  # see what a browser sees, not the exception


def _through(proxy_port: int | None, name: str | None = None) -> None:
    connection.close()
    if proxy_port is not None:
        connection.settings_dict["HOST"], connection.settings_dict["PORT"] = "127.0.0.1", proxy_port
    if name is not None:
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
    saved = dict(connection.settings_dict)
    proxy = TcpProxy(saved["HOST"] or "127.0.0.1", int(saved["PORT"] or 5432))
    proxy.start()
    try:
        _through(proxy.port)
        assert client.get("/articles/").status_code == 200
        proxy.stop()
        _expect_outage(client)
        proxy.start()
        page = client.get("/articles/")
        assert page.status_code == 200 and "蚂蚁向外生长" in page.content.decode()
    finally:
        proxy.stop()
        connection.close()
        connection.settings_dict.update(saved)


def test_sqlite_file_unreachable_gives_503_then_recovers(client, imported, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite variant; the PostgreSQL run stages a network outage instead")
    saved = connection.settings_dict["NAME"]
    try:
        _through(None, str(tmp_path / "missing-dir" / "db.sqlite3"))  # a file SQLite cannot open
        _expect_outage(client)
        _through(None, saved)
        assert client.get("/articles/").status_code == 200
    finally:
        connection.close()
        connection.settings_dict["NAME"] = saved
