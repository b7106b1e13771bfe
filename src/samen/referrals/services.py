"""Writes for referrals: create (only with valid consent), the lifecycle, withdrawal of
consent, retention, emergency access and the organisation's referral roles.

Every change writes a ReferralEvent (what both sides see) and an audit entry (ids only) in the
same transaction; e-mails say only that there is an update, after commit.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from samen.accounts.mail import mail_members
from samen.accounts.models import Membership, User
from samen.audit.services import Actor, audit_record
from samen.core.errors import ApplicationError
from samen.directory.languages import AUTONYMS
from samen.directory.models import KeyPerson, Organization, TaxonomyTerm

from . import policies
from .consent import consent_digest, consent_languages, consent_version
from .models import Consent, EmergencyAccess, KeyPersonReferrer, Referral, ReferralEvent

Status = Referral.Status
ENDED = (Status.DECLINED, Status.CLOSED, Status.WITHDRAWN)
PERSONAL_FIELDS = ("person_name", "contact_details", "safe_times", "note")
ALWAYS_SHARED = {Consent.Item.NAME, Consent.Item.LANGUAGE, Consent.Item.NEEDS}


@dataclass
class PersonData:
    name: str
    language: str
    urgency: str
    contact_channel: str
    needs: list[TaxonomyTerm] = field(default_factory=list)
    needs_interpreter: bool = False
    contact_details: str = ""
    safe_times: str = ""
    may_leave_message: bool = False
    note: str = ""


@dataclass
class ConsentData:
    shared_items: list[str]
    method: str
    given_at: dt.datetime
    text_version: str
    text_language: str
    feedback_to_referrer: bool = False
    interpreted_into: str = ""


def _check_consent(consent: ConsentData | None, person: PersonData) -> ConsentData:
    """The server's own check: no referral leaves without consent that covers what is sent."""
    if consent is None:
        raise ApplicationError(gettext("A referral needs the person's consent."))
    now = timezone.now()
    items = set(consent.shared_items)
    problems = [
        consent.method not in Consent.Method.values,
        not (now - dt.timedelta(days=30) <= consent.given_at <= now + dt.timedelta(minutes=5)),
        consent.text_language not in consent_languages(),
        consent.text_version != consent_version(consent.text_language),
        bool(consent.interpreted_into) and consent.interpreted_into not in AUTONYMS,
        not items <= set(Consent.Item.values),
        not items >= ALWAYS_SHARED,
    ]
    if any(problems):
        raise ApplicationError(
            gettext(
                "The consent is not complete. Go through the consent text with the person again."
            )
        )
    needs_contact = person.contact_channel != Referral.Channel.THROUGH_REFERRER
    if (needs_contact or person.contact_details or person.safe_times) and (
        Consent.Item.CONTACT not in items
    ):
        raise ApplicationError(
            gettext(
                "The person did not agree to share how to reach them: choose “only through me”."
            )
        )
    if person.note and Consent.Item.NOTE not in items:
        raise ApplicationError(gettext("The person did not agree to share a note: leave it empty."))
    if not person.name.strip():
        raise ApplicationError(gettext("Give a name, nickname or initials."))
    if not person.needs:
        raise ApplicationError(gettext("Choose at least one kind of help."))
    return consent


def referral_create(
    *,
    actor: User,
    referrer: Organization | KeyPerson,
    receiving_organization: Organization,
    person: PersonData,
    consent: ConsentData | None,
    shared_with_colleagues: bool = False,
    ip_address: str | None = None,
) -> Referral:
    """Send a referral for an organisation the actor handles referrals for, or as the key
    person they are. Refused without valid consent."""
    if not any(
        type(option) is type(referrer) and option.pk == referrer.pk
        for option in policies.referrers_for(actor)
    ):
        raise ApplicationError(gettext("You are not a referral handler for this organisation."))
    if not receiving_organization.accepts_referrals or (
        isinstance(referrer, Organization) and receiving_organization.pk == referrer.pk
    ):
        raise ApplicationError(gettext("This organisation does not receive referrals on samen."))
    consent = _check_consent(consent, person)
    from_organization = referrer if isinstance(referrer, Organization) else None
    with transaction.atomic():
        referral = Referral.objects.create(
            referring_organization=from_organization,
            referring_key_person=referrer if isinstance(referrer, KeyPerson) else None,
            referring_user=actor,
            shared_with_colleagues=shared_with_colleagues and from_organization is not None,
            receiving_organization=receiving_organization,
            person_name=person.name.strip(),
            contact_details=person.contact_details.strip(),
            safe_times=person.safe_times.strip(),
            note=person.note.strip(),
            language=person.language,
            needs_interpreter=person.needs_interpreter,
            urgency=person.urgency,
            contact_channel=person.contact_channel,
            may_leave_message=person.may_leave_message,
        )
        referral.needs.set(person.needs)
        Consent.objects.create(
            referral=referral,
            shared_items=sorted(set(consent.shared_items)),
            shared_with=receiving_organization.name,
            method=consent.method,
            given_at=consent.given_at,
            recorded_by=actor,
            text_version=consent.text_version,
            text_language=consent.text_language,
            interpreted_into=consent.interpreted_into,
            text_digest=consent_digest(consent.text_language),
            feedback_to_referrer=consent.feedback_to_referrer,
        )
        _event(referral, Status.SENT, actor, "referring")
        audit_record(
            actor=actor,
            action="referral.created",
            target=referral,
            on_behalf_of=referral.referrer_name,
            ip_address=ip_address,
            data={"to": receiving_organization.pk, "consent": consent.text_version},
        )
        _notify_receivers(referral.pk)
    return referral


def referral_read(*, actor: User, referral: Referral, ip_address: str | None = None) -> None:
    """Record a read of the personal fields: exactly one audit entry. The receiving side's
    first read also marks the referral opened (noted in the same entry)."""
    with transaction.atomic():
        data: dict[str, str] = {}
        if referral.status == Status.SENT and policies.is_receiver_side(actor, referral):
            referral.status = Status.OPENED
            referral.save(update_fields=["status", "updated_at"])
            _event(referral, Status.OPENED, actor, "receiving")
            data["status"] = Status.OPENED
            _notify_referrers(referral.pk)
        audit_record(
            actor=actor,
            action="referral.read",
            target=referral,
            on_behalf_of=_side_name(actor, referral),
            ip_address=ip_address,
            data=data,
        )


# The lifecycle: (from statuses, side that may act).
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    Status.ACCEPTED: ((Status.SENT, Status.OPENED), "receiving"),
    Status.DECLINED: ((Status.SENT, Status.OPENED), "receiving"),
    Status.CONTACT_MADE: ((Status.ACCEPTED,), "receiving"),
    Status.CLOSED: ((Status.ACCEPTED, Status.CONTACT_MADE), "receiving"),
    Status.WITHDRAWN: (
        (Status.SENT, Status.OPENED, Status.ACCEPTED, Status.CONTACT_MADE),
        "referring",
    ),
}


def allowed_transitions(user: User, referral: Referral) -> list[str]:
    sides = {
        "receiving": policies.is_receiver_side(user, referral),
        "referring": policies.is_referrer_side(user, referral),
    }
    return [
        status
        for status, (sources, side) in TRANSITIONS.items()
        if referral.status in sources and sides[side]
    ]


def referral_transition(
    *,
    actor: User,
    referral: Referral,
    to: str,
    reason: str = "",
    ip_address: str | None = None,
) -> Referral:
    """Move a referral on: accept, decline (with a reason), contact made, close (with an
    outcome) or withdraw. Refused when the actor's side may not, or from the wrong status."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if to not in allowed_transitions(actor, referral):
            raise ApplicationError(gettext("This step is not possible now."))
        if to == Status.DECLINED and reason not in Referral.DeclineReason.values:
            raise ApplicationError(gettext("Choose a reason."))
        if to == Status.CLOSED and (
            reason not in Referral.Outcome.values or reason == Referral.Outcome.NO_RESPONSE
        ):
            raise ApplicationError(gettext("Choose how it ended."))
        referral.status = to
        if to == Status.DECLINED:
            referral.decline_reason = reason
        if to == Status.CLOSED:
            referral.outcome = reason
        if to in ENDED:
            referral.ended_at = timezone.now()
        referral.save()
        side = TRANSITIONS[to][1]
        _event(referral, to, actor, side, reason=reason)
        audit_record(
            actor=actor,
            action=f"referral.{to}",
            target=referral,
            on_behalf_of=_side_name(actor, referral),
            ip_address=ip_address,
            data={"reason": reason} if reason else {},
        )
        notify = _notify_receivers if side == "referring" else _notify_referrers
        notify(referral.pk)
    return referral


def consent_withdraw(*, actor: User, referral: Referral, ip_address: str | None = None) -> None:
    """The person withdrew consent (told either side): the personal fields are erased at
    once; the history keeps only that it happened."""
    if not (
        policies.is_referrer_side(actor, referral) or policies.is_receiver_side(actor, referral)
    ):
        raise ApplicationError(gettext("This step is not possible now."))
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        now = timezone.now()
        Consent.objects.filter(referral=referral, withdrawn_at__isnull=True).update(
            withdrawn_at=now
        )
        if referral.status not in ENDED:
            referral.status = Status.WITHDRAWN
            referral.ended_at = now
        _erase(referral, now)
        _event(referral, referral.status, actor, _side(actor, referral), kind="consent_withdrawn")
        audit_record(
            actor=actor,
            action="consent.withdrawn",
            target=referral,
            on_behalf_of=_side_name(actor, referral),
            ip_address=ip_address,
        )
        _notify_receivers(referral.pk)
        _notify_referrers(referral.pk)


def _erase(referral: Referral, now: dt.datetime) -> None:
    for name in PERSONAL_FIELDS:
        setattr(referral, name, "")
    referral.personal_data_erased_at = now
    referral.save()


def purge_referrals(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Erase the personal fields of referrals that ended REFERRAL_RETENTION_DAYS ago.
    Statistics (needs, outcome, dates, organisations) remain."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.REFERRAL_RETENTION_DAYS)
    due = Referral.objects.filter(ended_at__lt=cutoff, personal_data_erased_at__isnull=True)
    count = 0
    for referral in due.iterator():
        with transaction.atomic():
            _erase(referral, now)
            _event(referral, referral.status, None, "system", kind="data_erased")
            audit_record(actor=actor, action="referral.erased", target=referral)
        count += 1
    return count


def emergency_access_grant(
    *, actor: User, referral: Referral, reason: str, ip_address: str | None = None
) -> EmergencyAccess:
    if not policies.can_request_emergency_access(actor):
        raise ApplicationError(gettext("Only platform administrators have an emergency path."))
    if len(reason.strip()) < 20:
        raise ApplicationError(gettext("Explain in a few sentences why this cannot wait."))
    with transaction.atomic():
        grant = EmergencyAccess.objects.create(
            referral=referral,
            user=actor,
            reason=reason.strip(),
            expires_at=timezone.now() + dt.timedelta(minutes=settings.EMERGENCY_ACCESS_MINUTES),
        )
        audit_record(
            actor=actor,
            action="referral.emergency_access",
            target=referral,
            ip_address=ip_address,
            data={"grant": grant.pk, "minutes": settings.EMERGENCY_ACCESS_MINUTES},
        )
        _notify_receivers(referral.pk)
        _notify_privacy_officers(referral.pk)
    return grant


def key_person_referring_set(*, actor: User, enabled: bool) -> None:
    """A key person switches referring as themselves on or off."""
    person = KeyPerson.objects.filter(user=actor).first()
    if person is None:
        raise ApplicationError(gettext("Make your key-person profile first."))
    with transaction.atomic():
        if enabled:
            KeyPersonReferrer.objects.get_or_create(key_person=person)
        else:
            KeyPersonReferrer.objects.filter(key_person=person).delete()
        audit_record(
            actor=actor,
            action="referral.key_person_on" if enabled else "referral.key_person_off",
            target=person,
        )


def referral_roles_update(
    *,
    actor: User,
    organization: Organization,
    accepts_referrals: bool,
    handlers: set[int],
    privacy_officers: set[int],
) -> None:
    """An owner sets who handles referrals and who is privacy officer (user ids of members)."""
    if not policies.can_manage_referral_roles(actor, organization):
        raise ApplicationError(gettext("Only an owner can change this."))
    staff = User.objects.filter(pk__in=handlers | privacy_officers).filter(
        Q(is_staff=True) | Q(is_superuser=True)
    )
    if staff.exists():
        raise ApplicationError(
            gettext(
                "An administrator account cannot handle referrals or be privacy officer. "
                "Administrators read a referral only through emergency access."
            )
        )
    with transaction.atomic():
        organization.accepts_referrals = accepts_referrals
        organization.save(update_fields=["accepts_referrals", "updated_at"])
        for membership in Membership.objects.filter(organization=organization):
            membership.is_referral_handler = membership.user_id in handlers
            membership.is_privacy_officer = membership.user_id in privacy_officers
            membership.save(update_fields=["is_referral_handler", "is_privacy_officer"])
        audit_record(
            actor=actor,
            action="referral.roles_updated",
            target=organization,
            data={
                "accepts": accepts_referrals,
                "handlers": sorted(handlers),
                "privacy_officers": sorted(privacy_officers),
            },
        )


def close_stale_referrals(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Close as "no response" every open referral nobody acted on for REFERRAL_STALE_DAYS
    (no step, no withdrawal, nothing since it was sent), so that it ends and purge-referrals
    erases it after the usual retention. Both sides get the neutral "there is an update"
    mail (the referring side only when the person agreed to feedback, as for every step).
    Returns how many were closed."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.REFERRAL_STALE_DAYS)
    stale = (
        Referral.objects.exclude(status__in=ENDED)
        .annotate(last_action=Max("events__at"))
        .filter(Q(last_action__lt=cutoff) | Q(last_action__isnull=True, created_at__lt=cutoff))
        .values_list("pk", flat=True)
    )
    count = 0
    for pk in list(stale):
        with transaction.atomic():
            referral = Referral.objects.select_for_update().get(pk=pk)
            # A step taken since the list was read wins: then it is no longer idle.
            last = referral.events.aggregate(last=Max("at"))["last"] or referral.created_at
            if referral.status in ENDED or last >= cutoff:
                continue
            referral.status = Status.CLOSED
            referral.outcome = Referral.Outcome.NO_RESPONSE
            referral.ended_at = now
            referral.save(update_fields=["status", "outcome", "ended_at", "updated_at"])
            _event(referral, Status.CLOSED, None, "system", reason=Referral.Outcome.NO_RESPONSE)
            audit_record(
                actor=actor,
                action="referral.closed",
                target=referral,
                data={"reason": Referral.Outcome.NO_RESPONSE},
            )
            _notify_receivers(referral.pk)
            _notify_referrers(referral.pk)
        count += 1
    return count


def _side(actor: User, referral: Referral) -> str:
    return "receiving" if policies.is_receiver_side(actor, referral) else "referring"


def _side_name(actor: User, referral: Referral) -> str:
    if policies.is_receiver_side(actor, referral):
        return referral.receiving_organization.name
    if policies.is_referrer_side(actor, referral):
        return referral.referrer_name
    return "emergency access" if policies.has_emergency_access(actor, referral) else ""


def _event(
    referral: Referral,
    status: str,
    actor: User | None,
    side: str,
    *,
    reason: str = "",
    kind: str = "status",
) -> None:
    ReferralEvent.objects.create(
        referral=referral, status=status, actor=actor, side=side, reason=reason, kind=kind
    )


# Neutral e-mail: no name, no organisation, no reference; the link goes to the list.


def _send_update(users: list[User]) -> None:
    mail_members(
        users,
        subject=gettext_lazy("There is an update in samen"),
        template="referrals/email/update.txt",
        context={},
    )


def _handlers(organization_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organization_id=organization_id,
            memberships__is_referral_handler=True,
        )
    )


def _notify_receivers(referral_pk: int) -> None:
    referral = Referral.objects.get(pk=referral_pk)
    _send_update(_handlers(referral.receiving_organization_id))


def _notify_referrers(referral_pk: int) -> None:
    referral = Referral.objects.select_related("consent").get(pk=referral_pk)
    if not policies.referrer_sees_updates(referral):
        return
    if referral.referring_organization_id is None:  # a key person's own referral
        users = [user for user in [referral.referring_user] if user is not None]
    else:
        users = [
            user
            for user in _handlers(referral.referring_organization_id)
            if referral.shared_with_colleagues or user.pk == referral.referring_user_id
        ]
    _send_update(users)


def _notify_privacy_officers(referral_pk: int) -> None:
    referral = Referral.objects.get(pk=referral_pk)
    officers = User.objects.filter(
        is_active=True,
        memberships__organization_id__in=[
            pk
            for pk in (referral.receiving_organization_id, referral.referring_organization_id)
            if pk is not None
        ],
        memberships__is_privacy_officer=True,
    ).distinct()
    _send_update(list(officers))
