"""Request bodies over the limit are refused before they are read (issue 11, item 3)."""

import io

from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from samen.web.middleware import RequestSizeLimitMiddleware
from tests.factories import client_for


class UnreadableBody(io.RawIOBase):
    def read(self, *args):  # type: ignore[no-untyped-def]
        raise AssertionError("the body was read")

    readline = read


def test_a_body_over_the_limit_is_refused_unread(settings):
    settings.MAX_REQUEST_BYTES = 1024
    request = RequestFactory().post("/nl/", data=b"", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = str(200 * 1024 * 1024)
    request.META["wsgi.input"] = UnreadableBody()
    request._stream = UnreadableBody()  # type: ignore[attr-defined]
    reached = []
    middleware = RequestSizeLimitMiddleware(lambda r: reached.append(r))  # type: ignore[arg-type, return-value]
    with translation.override("en"):
        response = middleware(request)
    assert response.status_code == 413
    assert reached == []
    assert "This is too much to send at once" in response.content.decode()


def test_a_large_upload_gets_a_translated_page_and_saves_nothing(world, settings):
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    own = world["own"]
    with translation.override("ar"):
        edit = reverse("directory:organization-edit", kwargs={"organization_uuid": own.uuid})
    big = io.BytesIO(b"\x89PNG" + b"0" * (2 * 1024 * 1024))
    big.name = "logo.png"
    response = client_for(world["owner"]).post(edit, {"name": "Nieuwe naam", "logo": big})
    assert response.status_code == 413
    assert 'lang="ar"' in response.content.decode()
    assert 'id="quick-exit"' in response.content.decode()
    own.refresh_from_db()
    assert own.name != "Nieuwe naam" and not own.logo


def test_a_body_under_the_limit_passes(world, settings):
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    own = world["own"]
    edit = reverse("directory:organization-edit", kwargs={"organization_uuid": own.uuid})
    response = client_for(world["owner"]).post(edit, {"name": ""})
    assert response.status_code == 200
