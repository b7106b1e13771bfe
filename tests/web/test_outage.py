"""Outages stay calm: an unreachable database gives the friendly 503 with quick exit in the
visitor's language; signed-in page views read the session without writing it."""

import socket

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.accounts.test_accounts import sign_in, verified_user


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database_down():
    """The database disappears: PostgreSQL on a port nobody listens on, SQLite in a folder
    that does not exist."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict.update(HOST="127.0.0.1", PORT=closed_port())
    else:
        connection.settings_dict["NAME"] = "/nonexistent/samen/db.sqlite3"
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_unreachable_database_gives_a_calm_503_in_the_visitors_language(language, database_down):
    client = Client(raise_request_exception=False)
    response = client.get(f"/{language}/search/", {"q": "hulp"})
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert f'lang="{language}"' in html and 'id="quick-exit"' in html
    assert "Traceback" not in html and "OperationalError" not in html
    if language == "en":
        assert "This page is not available for a moment" in html
    assert not response.cookies


def session_writes(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
        and ("django_session" in query["sql"] or "usersessions" in query["sql"])
    ]


def test_signed_in_page_views_write_the_session_at_most_every_five_minutes(client, db):
    verified_user()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client)
        client.get("/nl/account/")
        with CaptureQueriesContext(connection) as views:
            for _ in range(3):
                assert client.get("/nl/account/").status_code == 200
        assert session_writes(views.captured_queries) == []
    with time_machine.travel(start + timezone.timedelta(minutes=6), tick=False):
        with CaptureQueriesContext(connection) as later:
            assert client.get("/nl/account/").status_code == 200
        assert session_writes(later.captured_queries)  # renewed: the idle timeout restarts
