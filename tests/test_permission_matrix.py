"""Every role against every member page of the social map, for its own and another
organisation's data: who may (200) and who may not (403, or 302 to the login page)."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.test import Client

from samen.accounts.models import Membership
from samen.directory.models import KeyPerson, Network, NetworkMembership, Service
from tests.factories import client_for, member

ROLES = (
    "anonymous",
    "unverified",
    "key_person",
    "editor",
    "owner",
    "other_owner",
    "coordinator",
    "admin",
)
LOGIN = 302
OK, NO = 200, 403


@pytest.fixture
def cast(world):
    own, other = world["own"], world["other"]
    network = Network.objects.create(name="Netwerk")
    NetworkMembership.objects.create(network=network, organization=own, status="member")
    coordinator = member("coordinator@example.org")
    Authenticator.objects.create(user=coordinator, type=Authenticator.Type.TOTP, data={})
    network.coordinators.add(coordinator)
    key_person = member("sleutel@example.org")
    KeyPerson.objects.create(user=key_person, display_name="Sleutel", visibility="public")
    unverified = member("onbevestigd@example.org")
    unverified.set_password("een-lang-wachtwoord-9")
    unverified.save()
    EmailAddress.objects.create(user=unverified, email=unverified.email, verified=False)
    return {
        **world,
        "network": network,
        "coordinator": coordinator,
        "key_person": key_person,
        "unverified": unverified,
        "own_service": Service.objects.create(organization=own, name={"nl": "Eigen"}),
        "other_service": Service.objects.create(organization=other, name={"nl": "Ander"}),
    }


def client_as(cast, role):
    if role == "unverified":
        # Signing in with an unverified address does not give a session.
        client = Client()
        client.post(
            "/nl/accounts/login/",
            {"login": "onbevestigd@example.org", "password": "een-lang-wachtwoord-9"},
        )
        return client
    return client_for(cast[role])


# path template -> expected status per role (in ROLES order)
PAGES = {
    "/nl/manage/organisations/new/": (LOGIN, LOGIN, OK, OK, OK, OK, OK, OK),
    "/nl/manage/organisations/{own}/": (LOGIN, LOGIN, NO, OK, OK, NO, NO, NO),
    "/nl/manage/organisations/{other}/": (LOGIN, LOGIN, NO, NO, NO, OK, NO, NO),
    "/nl/manage/organisations/{own}/services/new/": (LOGIN, LOGIN, NO, OK, OK, NO, NO, NO),
    "/nl/manage/services/{own_service}/": (LOGIN, LOGIN, NO, OK, OK, NO, NO, NO),
    "/nl/manage/services/{other_service}/": (LOGIN, LOGIN, NO, NO, NO, OK, NO, NO),
    "/nl/account/organisations/{own}/members/": (LOGIN, LOGIN, NO, OK, OK, NO, NO, NO),
    "/nl/manage/organisations/{own}/networks/": (LOGIN, LOGIN, NO, NO, OK, NO, NO, NO),
    "/nl/manage/organisations/{own}/verify/": (LOGIN, LOGIN, NO, NO, NO, NO, OK, OK),
    "/nl/manage/organisations/{other}/verify/": (LOGIN, LOGIN, NO, NO, NO, NO, NO, OK),
    "/nl/manage/networks/{network}/": (LOGIN, LOGIN, NO, NO, NO, NO, OK, OK),
    "/nl/manage/import/": (LOGIN, LOGIN, NO, NO, NO, NO, OK, OK),
    "/nl/account/claims/": (LOGIN, LOGIN, NO, NO, NO, NO, NO, OK),
    "/nl/manage/suggestions/": (LOGIN, LOGIN, OK, OK, OK, OK, OK, OK),
    "/nl/manage/key-person/": (LOGIN, LOGIN, OK, OK, OK, OK, OK, OK),
    "/nl/account/": (LOGIN, LOGIN, OK, OK, OK, OK, OK, OK),
}


@pytest.mark.parametrize("path", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_every_role_against_every_member_page(cast, path, role):
    expected = PAGES[path][ROLES.index(role)]
    url = path.format(
        own=cast["own"].uuid,
        other=cast["other"].uuid,
        own_service=cast["own_service"].uuid,
        other_service=cast["other_service"].uuid,
        network=cast["network"].uuid,
    )
    response = client_as(cast, role).get(url)
    assert response.status_code == expected, (role, url)
    if expected == LOGIN:
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_against_the_admin(cast, role):
    response = client_as(cast, role).get("/en/admin/", follow=True)
    allowed = role == "admin"
    assert (
        response.status_code == 200 and "Site administration" in response.content.decode()
    ) is allowed, role


@pytest.mark.parametrize("role", ROLES)
def test_every_role_posting_a_profile_change_to_the_own_organisation(cast, role):
    own = cast["own"]
    client_as(cast, role).post(
        f"/nl/manage/organisations/{own.uuid}/",
        {"name": f"Door {role}", "kind": own.kind, "description_nl": "Nieuw genoeg."},
    )
    own.refresh_from_db()
    assert (own.name == f"Door {role}") is (role in ("editor", "owner")), role
    assert Membership.objects.filter(organization=own).count() == 2  # nobody added themselves
