"""Referral roles are granted only on the owners' roles page; staff accounts hold none, so an
administrator reads a referral only through the audited emergency path (issue 11, item 1)."""

import pytest
from django.urls import reverse

from samen.accounts.models import Membership
from samen.audit.models import AuditEntry
from samen.core.errors import ApplicationError
from samen.referrals import policies, services
from samen.referrals.forms import RolesForm
from tests.factories import client_for, member
from tests.referrals.conftest import url


@pytest.fixture
def superuser(db):
    return member("super@example.org", is_staff=True, is_superuser=True)


def test_the_admin_cannot_set_referral_roles(referral_world, referral, superuser):
    other = referral_world["other"]
    admin = client_for(superuser)
    add = admin.post(
        reverse("admin:accounts_membership_add"),
        {
            "user": superuser.pk,
            "organization": other.pk,
            "role": Membership.Role.EDITOR,
            "is_referral_handler": "on",
            "is_privacy_officer": "on",
        },
    )
    assert add.status_code == 302
    membership = Membership.objects.get(user=superuser, organization=other)
    assert not membership.is_referral_handler and not membership.is_privacy_officer
    # Nor afterwards, on the change page.
    admin.post(
        reverse("admin:accounts_membership_change", args=[membership.pk]),
        {
            "user": superuser.pk,
            "organization": other.pk,
            "role": Membership.Role.OWNER,
            "is_referral_handler": "on",
        },
    )
    membership.refresh_from_db()
    assert membership.role == Membership.Role.OWNER and not membership.is_referral_handler
    assert admin.get(url("referrals:detail", referral.uuid)).status_code == 404
    assert not AuditEntry.objects.filter(action="referral.read").exists()


def test_a_staff_account_with_a_handler_flag_reads_nothing(referral_world, referral, superuser):
    """Even a flag set outside the roles page (a database edit, an old row) gives no access."""
    Membership.objects.create(
        user=superuser,
        organization=referral_world["other"],
        role=Membership.Role.EDITOR,
        is_referral_handler=True,
        is_privacy_officer=True,
    )
    assert not policies.is_handler(superuser, referral_world["other"])
    assert not policies.is_referral_handler(superuser)
    assert not policies.privacy_officer_organizations(superuser).exists()
    admin = client_for(superuser)
    assert admin.get(url("referrals:detail", referral.uuid)).status_code == 404
    assert admin.get(url("referrals:list")).status_code == 403
    audit = url("referrals:audit", referral_world["other"].uuid)
    assert admin.get(audit).status_code == 403
    assert not AuditEntry.objects.filter(action="referral.read").exists()
    # The receiving organisation's own handler still reads it.
    assert (
        client_for(referral_world["receiver"])
        .get(url("referrals:detail", referral.uuid))
        .status_code
        == 200
    )


def test_owners_cannot_give_a_staff_account_a_referral_role(referral_world, superuser):
    own = referral_world["own"]
    Membership.objects.create(user=superuser, organization=own, role=Membership.Role.EDITOR)
    with pytest.raises(ApplicationError):
        services.referral_roles_update(
            actor=referral_world["owner"],
            organization=own,
            accepts_referrals=True,
            handlers={superuser.pk},
            privacy_officers=set(),
        )
    assert not Membership.objects.get(user=superuser, organization=own).is_referral_handler
    form = RolesForm(memberships=list(own.memberships.select_related("user")))
    offered = {value for value, _label in form.fields["handlers"].choices}
    assert str(superuser.pk) not in offered
    assert str(referral_world["editor"].pk) in offered


def test_a_staff_key_person_cannot_refer_as_themselves(referral_world):
    from samen.directory.models import KeyPerson

    admin = referral_world["admin"]
    KeyPerson.objects.create(user=admin, display_name="Beheerder")
    assert not policies.can_switch_key_person_referring(admin)
    assert client_for(admin).get(url("referrals:key-person")).status_code == 403


def test_membership_changes_in_the_admin_reach_the_privacy_officer(referral_world, superuser):
    other, own = referral_world["other"], referral_world["own"]
    admin = client_for(superuser)
    admin.post(
        reverse("admin:accounts_membership_add"),
        {"user": referral_world["member"].pk, "organization": other.pk, "role": "editor"},
    )
    membership = Membership.objects.get(user=referral_world["member"], organization=other)
    admin.post(reverse("admin:accounts_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    officer = client_for(referral_world["officer"])
    html = officer.get(url("referrals:audit", other.uuid)).content.decode()
    assert "admin.membership.added" in html and "admin.membership.deleted" in html
    # Another organisation's privacy officer does not see them.
    own_officer = member("own-privacy@example.org", own, Membership.Role.EDITOR)
    Membership.objects.filter(user=own_officer).update(is_privacy_officer=True)
    html = client_for(own_officer).get(url("referrals:audit", own.uuid)).content.decode()
    assert "admin.membership" not in html


def test_role_changes_on_the_roles_page_reach_the_privacy_officer(referral_world):
    other = referral_world["other"]
    services.referral_roles_update(
        actor=referral_world["other_owner"],
        organization=other,
        accepts_referrals=True,
        handlers={referral_world["receiver"].pk},
        privacy_officers={referral_world["officer"].pk},
    )
    html = client_for(referral_world["officer"]).get(url("referrals:audit", other.uuid))
    assert "referral.roles_updated" in html.content.decode()
