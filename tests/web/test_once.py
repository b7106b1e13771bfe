"""A retry never makes a second record (issue 13, item 3): a form's single-use key, sent
twice in a row or at the same moment from several threads (each its own database
connection), creates one record and shows the first result every time."""

import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from samen.audit.models import AuditEntry
from samen.core.errors import ApplicationError
from samen.core.models import FormKey, OutboundMessage
from samen.core.schedule import DAILY_JOBS
from samen.directory.models import ListingSuggestion
from samen.sessions.models import Registration, token_digest
from samen.web import once, stamps
from tests.factories import client_for, info_session, member, post_at_once


def _stamp(html: str) -> str:
    match = re.search(r'name="started" value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


def _registration_form(client):
    session = info_session(capacity=5)
    with translation.override("en"):
        path = reverse("sessions:register", args=[session.uuid])
    stamp = _stamp(client.get(path).content.decode())
    return path, {"nickname": "Amal", "email": "amal@example.org", "started": stamp}


@pytest.mark.django_db
def test_a_registration_sent_twice_registers_once_and_shows_the_same_private_link(client):
    path, data = _registration_form(client)
    first = client.post(path, data)
    second = client.post(path, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] and first["Location"].endswith("?new=1")
    assert not first.cookies and not second.cookies
    page = client.get(second["Location"])
    assert page.status_code == 200 and "Amal" in page.content.decode()
    registration = Registration.objects.get()
    assert AuditEntry.objects.filter(action="registration.created").count() == 1
    assert len(mail.outbox) == 1  # one confirmation
    # The key table holds a digest and the registration's id: neither the key, nor the
    # private link, nor anything the registrant typed.
    key = FormKey.objects.get()
    token = first["Location"].split("/r/")[1].split("/")[0]
    assert key.reference == str(registration.uuid)
    assert registration.token_digest == token_digest(token)
    stored = " ".join(str(value) for value in FormKey.objects.values().get().values())
    for secret in (token, token_digest(token), data["started"], "Amal", "amal@example.org"):
        assert secret not in stored


@pytest.mark.django_db
def test_another_form_shown_registers_again_and_a_forged_key_shows_no_link(client):
    path, data = _registration_form(client)
    assert client.post(path, data).status_code == 302
    again = {**data, "started": _stamp(client.get(path).content.decode())}
    assert client.post(path, again).status_code == 302
    assert Registration.objects.count() == 2
    # A stamp for another form, or none at all, is a robot's: nothing created, nothing shown.
    for forged in (stamps.stamp_issue("suggestion"), "", data["started"] + "x"):
        assert client.post(path, {**data, "started": forged}).status_code == 404
    assert Registration.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_registration_sent_four_times_at_once_registers_once(client):
    path, data = _registration_form(client)
    responses = post_at_once([client_for(None) for _ in range(4)], path, data)
    assert [response.status_code for response in responses] == [302] * 4
    assert len({response["Location"] for response in responses}) == 1
    assert Registration.objects.count() == 1
    assert AuditEntry.objects.filter(action="registration.created").count() == 1
    assert OutboundMessage.objects.count() == 1
    assert FormKey.objects.count() == 1


def _suggestion_form(client, world):
    with translation.override("en"):
        path = reverse("directory:suggestion-create", args=[world["own"].uuid])
    with time_machine.travel(timezone.now() - dt.timedelta(minutes=1)):
        stamp = _stamp(client.get(path).content.decode())
    return path, {"text": "Het telefoonnummer klopt niet meer.", "homepage": "", "started": stamp}


def test_a_suggestion_sent_twice_is_kept_once_and_thanked_twice(client, world):
    path, data = _suggestion_form(client, world)
    first, second = client.post(path, data), client.post(path, data)
    for response in (first, second):
        assert response.status_code == 200 and not response.cookies
        assert "Thank you" in response.content.decode()
    assert ListingSuggestion.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_suggestion_sent_four_times_at_once_is_kept_once(client, world):
    path, data = _suggestion_form(client, world)
    responses = post_at_once([client_for(None) for _ in range(4)], path, data)
    assert all("Thank you" in response.content.decode() for response in responses)
    assert ListingSuggestion.objects.count() == 1


def test_a_suggestion_sent_too_soon_or_without_a_stamp_says_why(client, world):
    with translation.override("en"):
        path = reverse("directory:suggestion-create", args=[world["own"].uuid])
    fast = _stamp(client.get(path).content.decode())
    text = "Het telefoonnummer klopt niet meer."
    assert "very fast" in client.post(path, {"text": text, "started": fast}).content.decode()
    assert "too old" in client.post(path, {"text": text}).content.decode()
    assert not ListingSuggestion.objects.exists()


@pytest.mark.django_db
def test_a_key_works_only_for_its_form_and_its_user():
    user, other = member("een@example.org"), member("twee@example.org")
    key = once.issue("referral", user=user)
    assert once.Once.from_post(_post(user, key), "referral").nonce is not None
    for sender, purpose in ((other, "referral"), (user, "session-offer"), (None, "referral")):
        refused = once.Once.from_post(_post(sender, key), purpose)
        assert refused.nonce is None and "too old" in refused.error
    with time_machine.travel(timezone.now() - dt.timedelta(days=2)):
        old = once.issue("referral", user=user)
    assert once.Once.from_post(_post(user, old), "referral").nonce is None


def _post(user, key):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().post("/", {"form_key": key})
    request.user = user or AnonymousUser()
    return request


@pytest.mark.django_db
def test_an_error_while_creating_leaves_the_key_free_to_send_again():
    user = member("een@example.org")
    sent = once.Once.from_post(_post(user, once.issue("referral", user=user)), "referral")

    def refused() -> str:
        raise ApplicationError("no")

    with pytest.raises(ApplicationError):
        sent.create(refused)
    assert not FormKey.objects.exists() and sent.first_result() is None
    calls = []
    assert sent.create(lambda: calls.append(1) or "made") == "made"
    assert sent.create(lambda: calls.append(1) or "second") == "made"
    assert calls == [1] and sent.first_result() == "made"
    assert (
        FormKey.objects.get().digest
        == hashlib.sha256(f"referral:{sent.nonce}".encode()).hexdigest()
    )


@pytest.mark.django_db
def test_old_form_keys_are_purged_by_a_daily_job():
    from django.core.management import call_command

    user = member("een@example.org")
    for days in (4, 1):
        with time_machine.travel(timezone.now() - dt.timedelta(days=days)):
            key = once.Once.from_post(_post(user, once.issue("referral", user=user)), "referral")
            key.create(lambda days=days: f"{days} days")
    assert "purge-form-keys" in DAILY_JOBS
    call_command("purge_form_keys")
    assert list(FormKey.objects.values_list("reference", flat=True)) == ["1 days"]
