"""Who may do what with information sessions and toolkits."""

from django.db.models import Q

from samen.accounts.models import User
from samen.directory.models import KeyPerson, Organization
from samen.directory.policies import EDITING_ROLES, Viewer

from .models import Host, InfoSession


def host_identities(user: Viewer) -> Q:
    """Hosts this user acts for: organisations they own or edit, and their key-person profile."""
    if not (isinstance(user, User) and user.is_active):
        return Q(pk__in=[])
    return Q(
        organization__memberships__user=user, organization__memberships__role__in=EDITING_ROLES
    ) | Q(key_person__user=user)


def leads_user_may_act_as(user: Viewer) -> list[Organization | KeyPerson]:
    """Organisations (owner or editor) and the key-person profile a user may organise for."""
    if not (isinstance(user, User) and user.is_active):
        return []
    leads: list[Organization | KeyPerson] = list(
        Organization.objects.filter(
            memberships__user=user, memberships__role__in=EDITING_ROLES
        ).order_by("name")
    )
    leads.extend(KeyPerson.objects.filter(user=user))
    return leads


def can_manage_session(user: Viewer, session: InfoSession) -> bool:
    """Accepted hosts (lead or co-facilitator) edit the session and see its registrations."""
    return session.hosts.filter(host_identities(user), status=Host.Status.ACCEPTED).exists()


def can_answer_invitation(user: Viewer, host: Host) -> bool:
    return Host.objects.filter(host_identities(user), pk=host.pk).exists()


def can_propose_toolkit(user: Viewer) -> bool:
    return isinstance(user, User) and user.is_active


def can_decide_toolkit(user: Viewer) -> bool:
    return isinstance(user, User) and user.is_active and user.is_staff
