"""The admin works: every registered model's add, list and change page opens for a superuser."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse

from samen.core.outbox import deliver_message
from samen.directory.models import ListingSuggestion, Network, TopicSynonym
from samen.referrals.models import Referral
from samen.referrals.services import referral_create
from tests.factories import ServiceFactory, TaxonomyTermFactory, client_for, member
from tests.referrals.conftest import consent_data, handler, person_data


@pytest.fixture
def superuser_client(db):
    admin_user = member("super@example.org", is_staff=True, is_superuser=True)
    return client_for(admin_user)


def registered_models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_every_admin_add_and_list_page_opens(superuser_client, model):
    opts = model._meta
    for view in ("changelist", "add"):
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}")
        response = superuser_client.get(url)
        # A model whose records only samen itself writes has no add page (403 by design).
        assert response.status_code in (200, 403), (url, response.status_code)
        if view == "changelist":
            assert response.status_code == 200, url


def test_every_admin_change_page_opens(superuser_client, world):
    world["other"].accepts_referrals = True
    world["other"].save()
    referrer = handler("verwijzer@example.org", world["own"])
    handler("ontvanger@example.org", world["other"])
    ServiceFactory()
    referral_create(
        actor=referrer,
        referrer=world["own"],
        receiving_organization=world["other"],
        person=person_data(TaxonomyTermFactory(code="shelter")),
        consent=consent_data(),
    )
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        deliver_message.enqueue(0)  # a queued task, as the worker's queue holds them
    assert Referral.objects.exists()
    Group.objects.create(name="redactie")
    EmailAddress.objects.create(user=referrer, email=referrer.email, verified=True, primary=True)
    Network.objects.create(name="Netwerk")
    TopicSynonym.objects.create(
        term=TaxonomyTermFactory(code="refuge"), language="nl", text="vluchthuis"
    )
    ListingSuggestion.objects.create(organization=world["own"], text="Het nummer klopt niet")
    opened, empty = 0, []
    for model in registered_models():
        obj = model._default_manager.first()
        if obj is None:
            empty.append(model._meta.label)
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        response = superuser_client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        opened += 1
    assert empty == [], empty
