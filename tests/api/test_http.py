"""The API over HTTP: CORS, no cookies, conditional requests, the per-client rate limit,
read-only."""

import pytest
from django.test import Client
from django.utils.http import http_date

from samen.directory.models import Service
from tests.factories import ServiceFactory


@pytest.fixture
def service(db):
    return ServiceFactory(name={"nl": "Spreekuur"})


def test_every_origin_may_read_it(api, service):
    response = api("services")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_a_preflight_is_answered(client, service):
    response = client.options("/api/hsds/services", HTTP_ORIGIN="https://example.org")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_it_is_read_only(client, service, method):
    response = getattr(client, method)("/api/hsds/services")
    assert response.status_code == 405
    assert Service.objects.count() == 1


@pytest.mark.parametrize(
    "path", ["", "services", "services/not-an-id", "services?page=0", "openapi.json"]
)
def test_no_response_sets_a_cookie(api, service, path):
    response = api(path, HTTP_ACCEPT_LANGUAGE="ar")
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


def test_an_unchanged_page_is_a_304_by_etag(api, service):
    first = api(f"services/{service.uuid}")
    again = api(f"services/{service.uuid}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    service.name = {"nl": "Nieuw spreekuur"}
    service.save()
    changed = api(f"services/{service.uuid}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_an_unchanged_list_is_a_304_by_date(api, service):
    first = api("services")
    assert first["Last-Modified"] == http_date(int(service.updated_at.timestamp()))
    again = api("services", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    Service.objects.filter(pk=service.pk).update(
        name={"nl": "Nieuw"}, updated_at=service.updated_at.replace(year=2999)
    )
    assert api("services", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200


def test_each_client_is_limited_on_its_own(service, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    first = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(3):
        assert first.get("/api/hsds/services").status_code == 200
    refused = first.get("/api/hsds/services")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert refused.json()["status"] == 429
    assert Client(REMOTE_ADDR="192.0.2.2").get("/api/hsds/services").status_code == 200
