import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse
from django.utils import translation

from samen.audit.models import AuditEntry
from samen.core.errors import ApplicationError
from samen.directory.models import KeyPerson
from samen.referrals import services
from samen.referrals.models import Referral
from tests.factories import client_for, member
from tests.referrals.conftest import consent_data, person_data


def url(name, *args):
    with translation.override("nl"):
        return reverse(name, args=args)


@pytest.fixture
def key_person(referral_world):
    user = member("sleutel@example.org")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return KeyPerson.objects.create(user=user, display_name="Sara")


def test_only_a_key_person_switches_referring_on(referral_world, key_person):
    page = url("referrals:key-person")
    assert client_for(None).get(page).status_code == 302
    for role in ("member", "referrer", "admin"):
        assert client_for(referral_world[role]).get(page).status_code == 403, role
    client = client_for(key_person.user)
    assert client.get(url("referrals:list")).status_code == 403
    client.post(page, {"enabled": "1"})
    assert client.get(url("referrals:list")).status_code == 200
    assert AuditEntry.objects.filter(action="referral.key_person_on").count() == 1


def test_referring_as_a_key_person_needs_two_factor_authentication(referral_world):
    user = member("zonder2fa@example.org")
    KeyPerson.objects.create(user=user, display_name="Noor")
    client = client_for(user)
    client.post(url("referrals:key-person"), {"enabled": "1"})
    response = client.get(url("referrals:list"))
    assert response.status_code == 302 and response["Location"] == url("mfa_activate_totp")


def test_a_key_person_refers_and_follows_their_own_referral(
    referral_world, key_person, django_capture_on_commit_callbacks
):
    with pytest.raises(ApplicationError):  # not switched on yet
        services.referral_create(
            actor=key_person.user,
            referrer=key_person,
            receiving_organization=referral_world["other"],
            person=person_data(referral_world["need"]),
            consent=consent_data(),
        )
    services.key_person_referring_set(actor=key_person.user, enabled=True)
    referral = services.referral_create(
        actor=key_person.user,
        referrer=key_person,
        receiving_organization=referral_world["other"],
        person=person_data(referral_world["need"]),
        consent=consent_data(),
        shared_with_colleagues=True,
    )
    assert referral.referring_key_person == key_person and referral.referring_organization is None
    assert referral.shared_with_colleagues is False
    assert AuditEntry.objects.get(action="referral.created").on_behalf_of == "Sara"
    detail = url("referrals:detail", referral.uuid)
    assert "A.B." in client_for(key_person.user).get(detail).content.decode()
    received = client_for(referral_world["receiver"]).get(detail).content.decode()
    assert "Sara" in received
    for role in ("referrer", "colleague", "third_handler", "admin", "member"):
        assert client_for(referral_world[role]).get(detail).status_code == 404, role
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_transition(
            actor=referral_world["receiver"], referral=referral, to="accepted"
        )
    assert [m.to for m in mail.outbox] == [["sleutel@example.org"]]
    # Switched off: the key person no longer reads it.
    services.key_person_referring_set(actor=key_person.user, enabled=False)
    assert client_for(key_person.user).get(detail).status_code in (403, 404)
    assert Referral.objects.filter(referring_key_person=key_person).count() == 1
