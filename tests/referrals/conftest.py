import datetime as dt

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone, translation

from samen.accounts.models import Membership
from samen.directory.models import Network, NetworkMembership
from samen.referrals.consent import consent_version
from samen.referrals.models import Consent, Referral
from samen.referrals.services import ConsentData, PersonData, referral_create
from tests.factories import OrganizationFactory, TaxonomyTermFactory, member


def handler(email, organization, role=Membership.Role.EDITOR, **flags):
    user = member(email, organization, role)
    Membership.objects.filter(user=user).update(is_referral_handler=True, **flags)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


@pytest.fixture
def referral_world(world):
    """Referring organisation "own", receiving organisation "other", a third one; a handler
    of each, a colleague handler, a privacy officer, a network coordinator."""
    own, other = world["own"], world["other"]
    other.accepts_referrals = True
    other.save()
    third = OrganizationFactory(name="Derde organisatie", accepts_referrals=True)
    network = Network.objects.create(name="Netwerk")
    NetworkMembership.objects.create(network=network, organization=own, status="member")
    coordinator = member("coordinator@example.org")
    Authenticator.objects.create(user=coordinator, type=Authenticator.Type.TOTP, data={})
    network.coordinators.add(coordinator)
    officer = member("privacy@example.org", other, Membership.Role.EDITOR)
    Membership.objects.filter(user=officer).update(is_privacy_officer=True)
    return {
        **world,
        "third": third,
        "referrer": handler("verwijzer@example.org", own),
        "colleague": handler("collega@example.org", own),
        "receiver": handler("ontvanger@example.org", other),
        "third_handler": handler("derde@example.org", third),
        "officer": officer,
        "coordinator": coordinator,
        "need": TaxonomyTermFactory(code="shelter"),
    }


def person_data(need, **extra):
    values = {
        "name": "A.B.",
        "language": "ti",
        "urgency": Referral.Urgency.THIS_WEEK,
        "contact_channel": Referral.Channel.PHONE,
        "needs": [need],
        "needs_interpreter": True,
        "contact_details": "0612345678",
        "safe_times": "Ochtend, niet in het weekend",
        "note": "Spreekt ook wat Engels",
    }
    return PersonData(**{**values, **extra})


def consent_data(**extra):
    values = {
        "shared_items": [item.value for item in Consent.Item],
        "method": Consent.Method.VERBAL,
        "given_at": timezone.now() - dt.timedelta(minutes=5),
        "text_version": consent_version("ar"),
        "text_language": "ar",
        "feedback_to_referrer": True,
    }
    return ConsentData(**{**values, **extra})


def url(name, *args, language="nl"):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def referral(referral_world):
    """A referral from "own" to "other", with the consent of consent_data()."""
    return referral_create(
        actor=referral_world["referrer"],
        referrer=referral_world["own"],
        receiving_organization=referral_world["other"],
        person=person_data(referral_world["need"]),
        consent=consent_data(),
    )
