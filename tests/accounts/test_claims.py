"""Claiming an existing listing: any member may ask, only an administrator decides."""

import pytest

from samen.accounts.models import ClaimRequest, Membership
from samen.audit.models import AuditEntry
from tests.factories import OrganizationFactory, client_for, member


@pytest.fixture
def listing(db):
    return OrganizationFactory(name="Bestaande vermelding")


def test_a_member_asks_to_manage_an_existing_listing(world, listing):
    client = client_for(world["member"])
    response = client.post(
        f"/nl/account/organisations/{listing.uuid}/claim/", {"note": "Ik ben de voorzitter."}
    )
    assert response.status_code == 302
    claim = ClaimRequest.objects.get()
    assert claim.user == world["member"] and claim.status == "open"
    assert not Membership.objects.filter(organization=listing).exists()


def test_anonymous_must_sign_in_to_claim(client, listing):
    response = client.post(f"/nl/account/organisations/{listing.uuid}/claim/", {"note": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ClaimRequest.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("member", False), ("owner", False), ("other_owner", False), ("admin", True)],
)
def test_only_administrators_decide_claims(world, listing, role, allowed):
    claimant = member("claimant@example.org")
    claim = ClaimRequest.objects.create(organization=listing, user=claimant, note="Voorzitter")
    client = client_for(world[role])
    client.post("/nl/account/claims/", {"claim": str(claim.uuid), "decision": "accept"})
    claim.refresh_from_db()
    assert (claim.status == "accepted") is allowed
    owner = Membership.objects.filter(user=claimant, organization=listing, role="owner")
    assert owner.exists() is allowed
    if allowed:
        assert AuditEntry.objects.filter(action="claim.accepted").count() == 1


def test_a_declined_claim_gives_no_membership(world, listing):
    claimant = member("claimant@example.org")
    claim = ClaimRequest.objects.create(organization=listing, user=claimant, note="x")
    client_for(world["admin"]).post(
        "/nl/account/claims/", {"claim": str(claim.uuid), "decision": "decline"}
    )
    claim.refresh_from_db()
    assert claim.status == "declined"
    assert not Membership.objects.filter(user=claimant).exists()


def test_a_member_cannot_claim_their_own_organisation_again(world):
    response = client_for(world["owner"]).post(
        f"/en/account/organisations/{world['own'].uuid}/claim/", {"note": "again"}
    )
    assert "already a member" in response.content.decode()
    assert not ClaimRequest.objects.exists()
