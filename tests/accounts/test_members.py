"""Owners invite, remove and hand over; members leave; an organisation always keeps an owner."""

import re

import pytest
from django.core import mail

from samen.accounts.models import Invitation, Membership
from samen.audit.models import AuditEntry
from tests.factories import client_for, member


def members_url(organization, language="nl"):
    return f"/{language}/account/organisations/{organization.uuid}/members/"


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
def test_who_may_invite(world, role, allowed, django_capture_on_commit_callbacks):
    client = client_for(world[role])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            members_url(world["own"]),
            {"action": "invite", "email": "nieuw@example.org", "role": "editor"},
        )
    assert Invitation.objects.exists() is allowed
    assert (len(mail.outbox) == 1) is allowed


def test_an_invitation_is_accepted_once_by_the_invited_address(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world["owner"]).post(
            members_url(world["own"]),
            {"action": "invite", "email": "Nieuw@Example.org", "role": "editor"},
        )
    message = mail.outbox[0]
    assert "geweld" not in (message.subject + message.body).lower()
    path = re.search(r"http://[^/]+(/\S+)", message.body).group(1)

    stranger = client_for(member("iemand@example.org"))
    stranger.post(path)
    assert not Membership.objects.filter(user__email="iemand@example.org").exists()

    invited = member("nieuw@example.org")
    client = client_for(invited)
    assert client.post(path).status_code == 302
    assert Membership.objects.get(user=invited, organization=world["own"]).role == "editor"
    assert client.post(path).status_code == 404  # used
    assert AuditEntry.objects.filter(action="membership.joined").count() == 1


def test_inviting_an_existing_member_is_refused_with_a_message(world):
    response = client_for(world["owner"]).post(
        members_url(world["own"], "en"),
        {"action": "invite", "email": "editor@example.org", "role": "editor"},
        follow=True,
    )
    assert "already a member" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("member", False), ("editor", False), ("owner", True), ("other_owner", False)],
)
def test_who_may_remove_a_member(world, role, allowed):
    editor = Membership.objects.get(user=world["editor"])
    client_for(world[role]).post(
        members_url(world["own"]), {"action": "remove", "membership": str(editor.uuid)}
    )
    assert Membership.objects.filter(pk=editor.pk).exists() is not allowed


def test_a_member_can_leave(world):
    client_for(world["editor"]).post(members_url(world["own"]), {"action": "leave"})
    assert not Membership.objects.filter(user=world["editor"]).exists()
    assert AuditEntry.objects.filter(action="membership.left").count() == 1


def test_the_last_owner_cannot_leave(world):
    response = client_for(world["owner"]).post(
        members_url(world["own"], "en"), {"action": "leave"}, follow=True
    )
    assert "needs an owner" in response.content.decode()
    assert Membership.objects.filter(user=world["owner"], role="owner").exists()


def test_ownership_is_handed_over(world):
    editor = Membership.objects.get(user=world["editor"])
    client_for(world["owner"]).post(
        members_url(world["own"]), {"action": "transfer", "membership": str(editor.uuid)}
    )
    assert Membership.objects.get(user=world["editor"]).role == "owner"
    assert Membership.objects.get(user=world["owner"]).role == "editor"
    # Now the former owner may leave: someone else owns the organisation.
    client_for(world["owner"]).post(members_url(world["own"]), {"action": "leave"})
    assert not Membership.objects.filter(user=world["owner"]).exists()


def test_non_members_cannot_see_the_member_list(world):
    for role in ("member", "other_owner"):
        assert client_for(world[role]).get(members_url(world["own"])).status_code == 403
    assert client_for(world["editor"]).get(members_url(world["own"])).status_code == 200
