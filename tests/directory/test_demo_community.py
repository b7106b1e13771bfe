"""`samen generate-demo` makes the community side alive too (issue 12, item 7): every record
flagged demo and labelled so, registrants' data made up and encrypted, and all of it removed
again without touching real data."""

import pytest
from django.core.management import call_command
from django.db import connection

from samen.accounts.models import User
from samen.directory.demo_community import DEMO_EMAIL_DOMAIN
from samen.directory.models import KeyPerson, Network, NetworkMembership, Organization, Service
from samen.matchmaking.models import SessionOffer, SessionRequest
from samen.sessions.models import Feedback, InfoSession, Registration, Toolkit


@pytest.fixture
def demo(real_directory):
    call_command("generate_demo", size="XS", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_every_kind_of_community_record_is_made_and_flagged(demo):
    organizations = Organization.objects.filter(is_demo=True, memberships__isnull=False).distinct()
    assert organizations.filter(kind=Organization.Kind.MIGRANT_ORGANISATION).count() == 3
    assert {p.visibility for p in KeyPerson.objects.all()} == set(KeyPerson.Visibility)
    assert not KeyPerson.objects.filter(is_demo=False).exists()
    network = Network.objects.get()
    assert network.is_demo and network.coordinators.count() == 1
    statuses = set(network.memberships.values_list("status", flat=True))
    assert statuses == {NetworkMembership.Status.MEMBER, NetworkMembership.Status.REQUESTED}
    sessions = InfoSession.objects.all()
    assert sessions.count() == 12 and not sessions.filter(is_demo=False).exists()
    assert sessions.filter(status=InfoSession.Status.HELD, attendance__isnull=False).count() == 3
    assert Feedback.objects.filter(session__status=InfoSession.Status.HELD).count() == 9
    assert sessions.filter(format=InfoSession.Format.ONLINE).count() == 3
    assert sessions.filter(address_after_registration=True).count() == 3
    full = sessions.filter(capacity=2).first()
    assert full.registrations.filter(status=Registration.Status.WAITING).count() == 2
    assert Toolkit.objects.filter(is_demo=True, status=Toolkit.Status.APPROVED).count() == 3
    assert SessionRequest.objects.filter(is_demo=True, is_public=True).count() == 6
    assert SessionRequest.objects.filter(key_person__isnull=False).count() == 3
    assert SessionOffer.objects.filter(is_demo=True).count() == 1


def test_demo_people_cannot_sign_in_or_receive_mail(demo):
    people = User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    assert people.count() == User.objects.count() > 0
    assert not any(person.has_usable_password() for person in people)


def test_registrants_are_obviously_made_up_and_stored_encrypted(demo):
    registration = Registration.objects.first()
    assert registration.nickname.startswith("Demo deelnemer")
    assert registration.email.endswith(f"@{DEMO_EMAIL_DOMAIN}")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nickname, email FROM infosessions_registration WHERE id = %s",
            [registration.id],
        )
        stored = cursor.fetchone()
    assert "Demo" not in stored[0] and DEMO_EMAIL_DOMAIN not in stored[1]


@pytest.mark.parametrize(
    "path",
    [
        "/en/organisations/",
        "/en/people/",
        "/en/networks/",
        "/en/sessions/",
        "/en/toolkits/",
        "/en/exchange/",
    ],
)
def test_community_pages_come_alive_and_label_demo(client, demo, path):
    html = client.get(path).content.decode()
    assert 'class="badge demo"' in html
    assert "Demo" in html


def test_demo_pages_of_one_record_say_demo_and_hide_a_hidden_address(client, demo):
    person = KeyPerson.objects.get(
        visibility=KeyPerson.Visibility.PUBLIC, display_name__endswith="1.1"
    )
    assert 'class="badge demo"' in client.get(f"/en/people/{person.uuid}/").content.decode()
    network = Network.objects.get()
    assert 'class="badge demo"' in client.get(f"/en/networks/{network.uuid}/").content.decode()
    hidden = InfoSession.objects.filter(address_after_registration=True).first()
    html = client.get(f"/en/sessions/{hidden.uuid}/").content.decode()
    assert "Demostraat" not in html and 'class="badge demo"' in html
    assert "Demo hulporganisatie" not in client.get("/en/").content.decode()


def test_hidden_and_professionals_only_demo_key_persons_stay_hidden_from_the_public(client, demo):
    html = client.get("/en/people/").content.decode()
    assert "Demo sleutelpersoon 1.1" in html
    assert "Demo sleutelpersoon 1.2" not in html and "Demo sleutelpersoon 1.3" not in html


def test_clearing_removes_the_community_side_and_leaves_real_data(demo):
    real = Service.objects.filter(is_demo=False).count()
    call_command("generate_demo", clear=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not InfoSession.objects.exists() and not KeyPerson.objects.exists()
    assert not Network.objects.exists() and not Toolkit.objects.filter(is_demo=True).exists()
    assert not SessionRequest.objects.exists() and not SessionOffer.objects.exists()
    assert not User.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN).exists()
    assert not Organization.objects.filter(is_demo=True).exists()
    assert Service.objects.filter(is_demo=False).count() == real > 0


def test_generating_again_replaces_rather_than_doubles(demo):
    call_command("generate_demo", size="XS", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert InfoSession.objects.count() == 12 and KeyPerson.objects.count() == 9
