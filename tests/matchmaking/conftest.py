"""The session exchange's test world: a key person's open request and an organisation's offer."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from samen.directory.models import KeyPerson
from samen.matchmaking import services
from samen.matchmaking.services import OfferData, RequestData
from tests.factories import TaxonomyTermFactory, member


@pytest.fixture
def exchange(world):
    person_user = member("sleutel@example.org", language="ar")
    person = KeyPerson.objects.create(user=person_user, display_name="Sara")
    health = TaxonomyTermFactory(code="medical-care")
    today = timezone.localdate()
    request = services.request_post(
        actor=person_user,
        requester=person,
        data=RequestData(
            region="Utrecht",
            community="Eritrese vrouwen",
            group_size=15,
            period_start=today + dt.timedelta(days=30),
            period_end=today + dt.timedelta(days=60),
            languages=["ti"],
            topics=[health],
        ),
    )
    offer = services.offer_post(
        actor=world["other_owner"],
        organization=world["other"],
        data=OfferData(
            regions="Amsterdam, Zaandam",
            formats=["in_person"],
            languages=["ar", "nl"],
            topics=[health],
            is_public=True,
        ),
    )
    mail.outbox.clear()
    return {
        **world,
        "person_user": person_user,
        "person": person,
        "request": request,
        "offer": offer,
    }
