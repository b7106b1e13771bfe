"""Reminders after six months, one-click confirmation, stale flag after twelve."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from samen.accounts.models import Membership
from samen.audit.models import AuditEntry
from samen.audit.services import SystemActor
from samen.directory.freshness import confirm_token, freshness_send_reminders
from samen.directory.models import Organization
from tests.factories import OrganizationFactory, ServiceFactory, member

TODAY = dt.date(2027, 6, 1)


@pytest.fixture
def listing(db):
    organization = OrganizationFactory(last_checked=TODAY - dt.timedelta(days=200))
    owner = member("eigenaar@example.org", organization, Membership.Role.OWNER)
    owner.language = "ar"
    owner.save()
    member("editor@example.org", organization, Membership.Role.EDITOR)
    return organization


def send(today=TODAY):
    return freshness_send_reminders(actor=SystemActor("test"), today=today)


def test_owners_and_editors_of_a_listing_checked_six_months_ago_are_reminded(
    listing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["editor@example.org", "eigenaar@example.org"]
    listing.refresh_from_db()
    assert listing.reminder_sent_at is not None
    assert AuditEntry.objects.filter(action="organization.reminder_sent").count() == 1


def test_reminder_is_in_the_recipients_language_and_neutral(
    listing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send()
    arabic = next(m for m in mail.outbox if m.to == ["eigenaar@example.org"])
    dutch = next(m for m in mail.outbox if m.to == ["editor@example.org"])
    assert "هل" in arabic.subject
    assert "klopt" in dutch.subject.lower()
    for message in mail.outbox:
        for word in ("geweld", "violence", "abuse", "misbruik", "عنف"):
            assert word not in (message.subject + message.body).lower()
        assert "/confirm/" in message.body


def test_nothing_is_sent_twice_or_too_early(listing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send()
        assert send() == 0
    fresh = OrganizationFactory(last_checked=TODAY - dt.timedelta(days=30))
    member("vers@example.org", fresh, Membership.Role.OWNER)
    assert send() == 0
    assert len(mail.outbox) == 2


def test_demo_and_ownerless_listings_get_no_reminder(db):
    old = TODAY - dt.timedelta(days=400)
    OrganizationFactory(last_checked=old)  # nobody to ask
    demo = OrganizationFactory(last_checked=old, is_demo=True)
    member("demo@example.org", demo, Membership.Role.OWNER)
    assert send() == 0


def test_the_link_confirms_the_listing_once_without_logging_in(client, listing):
    service = ServiceFactory(organization=listing, last_checked=listing.last_checked)
    url = f"/nl/confirm/{confirm_token(listing)}/"
    page = client.get(url)
    assert page.status_code == 200
    listing.refresh_from_db()
    assert listing.last_checked == TODAY - dt.timedelta(days=200)  # a GET changes nothing
    response = client.post(url)
    assert response.status_code == 200
    assert not response.cookies
    listing.refresh_from_db()
    service.refresh_from_db()
    assert listing.last_checked == service.last_checked == timezone.localdate()
    assert AuditEntry.objects.get(action="organization.confirmed").actor_label == (
        "system:confirm-link"
    )
    assert client.post(url).status_code == 404  # used


def test_a_tampered_or_expired_link_is_refused_clearly(client, listing):
    token = confirm_token(listing)
    assert client.get(f"/en/confirm/{token}x/").status_code == 404
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=61)):
        response = client.post(f"/en/confirm/{token}/")
    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()


def test_send_reminders_command(listing):
    with time_machine.travel(dt.datetime(2027, 6, 1, 9, tzinfo=dt.UTC)):
        call_command("send_reminders")
    assert Organization.objects.get(pk=listing.pk).reminder_sent_at is not None


def test_a_year_old_listing_is_flagged_as_possibly_outdated(client, db):
    old = ServiceFactory(last_checked=dt.date.today() - dt.timedelta(days=366))
    html = client.get(f"/en/search/?q={old.name['en'].split()[0]}").content.decode()
    assert re.search(r"Needs re-check", html)
