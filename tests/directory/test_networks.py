"""Networks: owners ask to join, coordinators decide and verify, search filters by network."""

import pytest
from allauth.mfa.models import Authenticator

from samen.audit.models import AuditEntry
from samen.directory.models import Network, NetworkMembership, Organization
from tests.factories import ServiceFactory, client_for, member


@pytest.fixture
def network(world):
    network = Network.objects.create(name="Netwerk Utrecht", region="Utrecht")
    coordinator = member("coordinator@example.org")
    Authenticator.objects.create(user=coordinator, type=Authenticator.Type.TOTP, data={})
    network.coordinators.add(coordinator)
    world["coordinator"] = coordinator
    return network


def request_join(client, organization, network):
    return client.post(
        f"/nl/manage/organisations/{organization.uuid}/networks/", {"network": str(network.uuid)}
    )


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("member", False),
        ("editor", False),
        ("owner", True),
        ("other_owner", False),
        ("admin", False),
    ],
)
def test_only_owners_ask_to_join_a_network(world, network, role, allowed):
    request_join(client_for(world[role]), world["own"], network)
    assert NetworkMembership.objects.filter(organization=world["own"]).exists() is allowed


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("member", False),
        ("owner", False),
        ("other_owner", False),
        ("coordinator", True),
        ("admin", True),
    ],
)
def test_who_decides_on_join_requests(world, network, role, allowed):
    membership = NetworkMembership.objects.create(network=network, organization=world["own"])
    client = client_for(world[role])
    client.post(
        f"/nl/manage/networks/{network.uuid}/",
        {"membership": str(membership.uuid), "decision": "accept"},
    )
    membership.refresh_from_db()
    assert (membership.status == "member") is allowed
    if allowed:
        assert AuditEntry.objects.filter(action="network.join_accepted").count() == 1


def test_coordinator_verifies_members_but_not_other_organisations(world, network):
    NetworkMembership.objects.create(network=network, organization=world["own"], status="member")
    client = client_for(world["coordinator"])
    client.post(f"/nl/manage/organisations/{world['own'].uuid}/verify/", {"method": "Bezoek"})
    client.post(f"/nl/manage/organisations/{world['other'].uuid}/verify/", {"method": "Bezoek"})
    assert Organization.objects.get(pk=world["own"].pk).is_verified
    assert not Organization.objects.get(pk=world["other"].pk).is_verified


def test_coordinator_sees_members_verification_and_freshness(world, network):
    NetworkMembership.objects.create(network=network, organization=world["own"], status="member")
    html = (
        client_for(world["coordinator"])
        .get(f"/en/manage/networks/{network.uuid}/")
        .content.decode()
    )
    members_table = html.split("<h2>Members</h2>", 1)[1]
    assert world["own"].name in members_table
    assert "Not yet: verify" in members_table
    assert world["other"].name not in members_table


def test_a_coordinator_without_mfa_must_set_it_up(world, network):
    Authenticator.objects.filter(user=world["coordinator"]).delete()
    response = client_for(world["coordinator"]).get(f"/nl/manage/networks/{network.uuid}/")
    assert response.status_code == 302
    assert response["Location"] == "/nl/accounts/2fa/totp/activate/"


def test_network_page_lists_members_publicly(client, world, network):
    NetworkMembership.objects.create(network=network, organization=world["own"], status="member")
    NetworkMembership.objects.create(network=network, organization=world["other"])  # requested
    html = client.get(f"/nl/networks/{network.uuid}/").content.decode()
    assert world["own"].name in html
    assert world["other"].name not in html
    assert not client.get(f"/nl/networks/{network.uuid}/").cookies


def test_search_filters_by_network(client, world, network):
    NetworkMembership.objects.create(network=network, organization=world["own"], status="member")
    inside = ServiceFactory(organization=world["own"], description={"nl": "hulp"})
    outside = ServiceFactory(organization=world["other"], description={"nl": "hulp"})
    response = client.get("/nl/search/", {"q": "hulp", "network": str(network.uuid)})
    ids = [r.service.id for r in response.context["page"].results]
    assert ids == [inside.id]
    assert outside.id not in ids
    bad = client.get("/en/search/", {"network": "00000000-0000-0000-0000-000000000000"})
    assert "We do not know this network" in bad.content.decode()


def test_asking_twice_keeps_one_request(world, network):
    client = client_for(world["owner"])
    request_join(client, world["own"], network)
    request_join(client, world["own"], network)
    assert NetworkMembership.objects.filter(organization=world["own"]).count() == 1


def test_admin_actions_are_audited(world):
    superuser = member("super@example.org", is_staff=True, is_superuser=True)
    client = client_for(superuser)
    own = world["own"]
    response = client.post(
        f"/nl/admin/directory/organization/{own.pk}/change/",
        {
            "name": "Hernoemd",
            "kind": own.kind,
            "verification": own.verification,
            "source_urls": "[]",
            "description": "{}",
            "last_checked": "2026-01-01",
            "email": "",
            "website": "",
            "alternate_name": "",
            "verification_method": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="admin.organization.changed")
    assert entry.actor_user == superuser
    assert "Name" in entry.data["fields"]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("member", False),
        ("owner", False),
        ("other_owner", False),
        ("coordinator", True),
        ("admin", True),
    ],
)
def test_who_may_invite_an_organisation(world, network, role, allowed):
    client_for(world[role]).post(
        f"/nl/manage/networks/{network.uuid}/", {"organization": str(world["other"].uuid)}
    )
    invited = NetworkMembership.objects.filter(organization=world["other"], status="invited")
    assert invited.exists() is allowed


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("member", False), ("editor", False), ("owner", True), ("other_owner", False)],
)
def test_only_owners_answer_an_invitation(world, network, role, allowed):
    invitation = NetworkMembership.objects.create(
        network=network, organization=world["own"], status="invited"
    )
    client_for(world[role]).post(
        f"/nl/manage/organisations/{world['own'].uuid}/networks/",
        {"invitation": str(invitation.uuid), "decision": "accept"},
    )
    invitation.refresh_from_db()
    assert (invitation.status == "member") is allowed


def test_an_organisation_cannot_be_invited_twice(world, network):
    client = client_for(world["coordinator"])
    url = f"/en/manage/networks/{network.uuid}/"
    client.post(url, {"organization": str(world["other"].uuid)})
    response = client.post(url, {"organization": str(world["other"].uuid)}, follow=True)
    assert "already asked or is a member" in response.content.decode()
    assert NetworkMembership.objects.filter(organization=world["other"]).count() == 1
