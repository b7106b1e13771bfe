"""factory_boy factories for directory data; every service is reindexed for search."""

import datetime as dt
from typing import Any

import factory
from allauth.mfa.models import Authenticator
from django.test import Client
from django.utils import timezone

from samen.accounts.models import Membership, User
from samen.directory import models
from samen.directory.services import service_reindex


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Taxonomy
        django_get_or_create = ("name",)

    name = "test topics"
    description = "Topics for tests"


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TaxonomyTerm
        django_get_or_create = ("taxonomy", "code")

    taxonomy = factory.SubFactory(TaxonomyFactory)
    code = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.LazyAttribute(lambda o: {"nl": f"{o.code} nl", "en": f"{o.code} en"})


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organization

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    description = factory.LazyAttribute(lambda o: {"nl": f"Over {o.name}"})
    source_urls = ["https://example.org/source"]
    last_checked = factory.LazyFunction(timezone.localdate)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Service
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: {"nl": f"Dienst {n}", "en": f"Service {n}"})
    description = {"nl": "Hulp voor iedereen", "en": "Help for everyone"}
    source_urls = ["https://example.org/source"]
    last_checked = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def topics(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def national(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            models.ServiceArea.objects.create(
                service=self, name="Nederland", extent_type=models.ServiceArea.ExtentType.NATIONAL
            )

    @factory.post_generation
    def languages(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            for code in extracted:
                models.Language.objects.create(service=self, code=code)

    @factory.post_generation
    def reindex(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            service_reindex(service=self)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Location

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Locatie {n}")
    latitude = 52.3678
    longitude = 4.8827


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Address

    location = factory.SubFactory(LocationFactory)
    address_1 = "Geheimstraat 7"
    city = "Amsterdam"
    postal_code = "1055 AB"


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Phone

    service = factory.SubFactory(ServiceFactory)
    number = "0000-000000"


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Schedule

    service = factory.SubFactory(ServiceFactory)
    byday = "MO,TU,WE,TH,FR"
    opens_at = dt.time(9, 0)
    closes_at = dt.time(17, 0)


def service_at(service: models.Service, latitude: float, longitude: float) -> models.Location:
    """Give a service a location at a point."""
    location = LocationFactory(
        organization=service.organization, latitude=latitude, longitude=longitude
    )
    models.ServiceAtLocation.objects.create(service=service, location=location)
    return location


def member(email, organization=None, role=None, **extra):
    user = User.objects.create_user(username=email, email=email, password="x", **extra)
    if organization is not None:
        Membership.objects.create(user=user, organization=organization, role=role)
    if user.is_staff:  # administrators have set up two-factor authentication
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def info_session(lead=None, *, days_ahead=7, capacity=None, **fields):
    """A planned session led by ``lead`` (an organisation or key person), a week from now."""
    from samen.sessions import models as session_models

    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=days_ahead)
    values = {
        "title": {"nl": "Bijeenkomst over je rechten", "en": "Your rights"},
        "description": {"nl": "Uitleg en vragen", "en": "Explanation and questions"},
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=2),
        "city": "Amsterdam",
        "postal_code": "1055",
        "street": "Teststraat 1",
        "latitude": 52.38,
        "longitude": 4.85,
        "languages": ["ar", "nl"],
        "capacity": capacity,
    }
    session = session_models.InfoSession.objects.create(**{**values, **fields})
    lead = lead if lead is not None else OrganizationFactory()
    key = "organization" if isinstance(lead, models.Organization) else "key_person"
    session_models.Host.objects.create(
        session=session, is_lead=True, status=session_models.Host.Status.ACCEPTED, **{key: lead}
    )
    return session


def form_key(purpose, user):
    """A fresh single-use key for a form that creates something, as its page shows it to
    `user` (samen.web.once)."""
    from samen.web.once import issue

    return issue(purpose, user=user)


def post_at_once(clients, path, data):
    """Post the same form from each client in its own thread (its own database connection),
    all released together, as a double tap or a retry racing the first send; returns the
    responses in the clients' order."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def send(index, client):
        barrier.wait()
        try:
            responses[index] = client.post(path, data)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(index, client)) for index, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses
