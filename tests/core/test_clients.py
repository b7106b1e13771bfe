"""The client's address behind trusted proxies, used by rate limits, audit and allauth
(issue 11, item 6)."""

import pytest
from django.test import RequestFactory

from samen.accounts.adapter import AccountAdapter
from samen.core.clients import client_ip
from samen.web import ratelimit


def request(peer: str, forwarded: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_client_is_the_address_it_added(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    # nginx appends the address it saw; anything before that came from the client.
    assert client_ip(request("127.0.0.1", "10.9.9.9, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(request("127.0.0.1")) == "127.0.0.1"


def test_a_spoofed_header_from_an_untrusted_peer_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(request("203.0.113.7", "127.0.0.1, 198.51.100.1")) == "203.0.113.7"


def test_a_chain_of_trusted_proxies_and_networks(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/32"]
    forwarded = "192.0.2.44, 203.0.113.7, 10.1.2.3, 2001:db8::5"
    assert client_ip(request("10.0.0.2", forwarded)) == "203.0.113.7"
    assert client_ip(request("10.0.0.2", "[2001:db8::9]:443, not-an-address")) == "10.0.0.2"


def test_allauth_sees_the_same_client(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert AccountAdapter().get_client_ip(request("127.0.0.1", "203.0.113.7")) == "203.0.113.7"


@pytest.mark.django_db
def test_rate_limits_count_each_client_behind_the_proxy_apart(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]

    def attempt(client: str) -> bool:
        return ratelimit.allow(
            request("127.0.0.1", client), action="test", limit=2, window_seconds=3600
        )

    assert [attempt("203.0.113.7") for _ in range(3)] == [True, True, False]
    # One client blocked does not block everyone behind the same proxy.
    assert attempt("198.51.100.1")


@pytest.mark.django_db
def test_sign_ins_are_audited_with_the_client_address(settings, client, world):
    from samen.audit.models import AuditEntry

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client.post(
        "/nl/accounts/login/",
        {"login": "lid@example.org", "password": "wrong"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    entry = AuditEntry.objects.filter(action="account.login_failed").latest("id")
    assert entry.ip_address == "203.0.113.7"
