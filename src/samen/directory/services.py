"""Writes to the directory: listings, services, suggestions, key persons, networks, and the
search text they keep current."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from samen.accounts.models import Membership, User
from samen.audit.models import AuditEntry
from samen.audit.services import Actor, audit_record
from samen.core.errors import ApplicationError
from samen.core.outbox import queue_email
from samen.core.translation import fold
from samen.translations.status import TextStatus, entry_for, record_written

from . import geo
from .models import (
    Address,
    KeyPerson,
    Language,
    ListingSuggestion,
    Location,
    Network,
    NetworkMembership,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceSearchDocument,
    TaxonomyTerm,
)
from .search_tags import FLAGS, service_tags

TOPIC_NAME_LANGUAGES = ("nl", "en", "ar")


def search_document(
    service: Service,
    topics: Iterable[TaxonomyTerm],
    *,
    language_codes: Iterable[str],
    national: bool,
) -> ServiceSearchDocument:
    """The (unsaved) search document of a service: folded text, the body split by language,
    and the tags that filters select (directory/search_tags.py)."""
    topics = list(topics)
    title = [*service.name.values(), service.alternate_name, service.organization.name]
    bodies: dict[str, list[str]] = {"nl": [], "en": [], "other": []}
    # The organisation's own description is left out: it repeats the service's (one service
    # per organisation) or is generic, and would only widen every document. Topic names go in
    # only in Dutch, English and Arabic: need search matches them in every language already
    # (directory/needs.py), and twelve names per topic made every broad match slower to rank.
    # The professionals' part too: a professional searches for "meldcode".
    texts = [
        service.description,
        service.professional_description,
        service.eligibility_description,
        *(
            {code: t.name[code] for code in TOPIC_NAME_LANGUAGES if t.name.get(code)}
            for t in topics
        ),
    ]
    for translated in texts:
        for language, text in translated.items():
            bodies[language if language in ("nl", "en") else "other"].append(text)
    tags = service_tags(
        flags={flag: getattr(service, flag) for flag in FLAGS},
        interpreter=service.interpreter_available,
        urgent_line=(
            service.open_24_7 and service.audience == Service.Audience.EVERYONE and national
        ),
        topic_ids=[t.pk for t in topics],
        language_codes=language_codes,
    )
    return ServiceSearchDocument(
        service=service,
        title=fold(" ".join(t for t in title if t)),
        body_nl=fold(" ".join(bodies["nl"])),
        body_en=fold(" ".join(bodies["en"])),
        body_other=fold(" ".join(bodies["other"])),
        tags=tags,
    )


def service_reindex(*, service: Service, topics: Iterable[TaxonomyTerm] | None = None) -> None:
    """Refresh the search document (called by every write that changes what search reads:
    the texts, topics, spoken languages, areas and flags).

    Only active services have one, so search never has to look a match up to check it.
    """
    if service.status != Service.Status.ACTIVE:
        ServiceSearchDocument.objects.filter(service=service).delete()
        return
    document = search_document(
        service,
        service.topics.all() if topics is None else topics,
        language_codes=service.languages.values_list("code", flat=True),
        national=service.service_areas.filter(extent_type=ServiceArea.ExtentType.NATIONAL).exists(),
    )
    document.save()


ORGANIZATION_FIELDS = (
    "name",
    "kind",
    "description",
    "activities",
    "website",
    "email",
    "languages",
    "communities",
    "region",
)


# Texts of a listing a visitor reads, written by the organisation in any of its languages.
ORGANIZATION_TEXTS = ("description", "activities")


def _own(actor: User) -> dict[str, Any]:
    """Status of a text an organisation's member (or a key person) writes themselves."""
    return entry_for(status=TextStatus.OWN, user_id=actor.pk)


def organization_register(*, actor: User, **profile: Any) -> Organization:
    """A member registers a new organisation: unverified, with the member as its owner.

    `profile` holds ORGANIZATION_FIELDS and `topic_codes` (OrganizationForm.profile()).
    """
    with transaction.atomic():
        organization = Organization(
            **{field: profile[field] for field in ORGANIZATION_FIELDS if field in profile},
            last_checked=timezone.localdate(),
        )
        record_written(
            organization,
            {field: profile.get(field) or {} for field in ORGANIZATION_TEXTS},
            {},
            _own(actor),
        )
        organization.save()
        organization.topics.set(
            TaxonomyTerm.objects.filter(code__in=profile.get("topic_codes", []))
        )
        Membership.objects.create(user=actor, organization=organization, role=Membership.Role.OWNER)
        audit_record(actor=actor, action="organization.registered", target=organization)
    return organization


def organization_update(
    *, actor: User, organization: Organization, data: dict[str, Any]
) -> list[str]:
    """Change a listing's profile; the audit entry records who changed which fields to what."""
    changed = [f for f in ORGANIZATION_FIELDS if f in data and getattr(organization, f) != data[f]]
    topic_codes = sorted(data.get("topic_codes", []))
    topics_changed = "topic_codes" in data and topic_codes != sorted(
        organization.topics.values_list("code", flat=True)
    )
    phone = organization.phones.first()
    phone_changed = "phone_number" in data and data["phone_number"] != (
        phone.number if phone else ""
    )
    if not changed and not topics_changed and not phone_changed:
        return []
    with transaction.atomic():
        record_written(
            organization,
            {field: data[field] for field in ORGANIZATION_TEXTS if field in changed},
            {field: getattr(organization, field) for field in ORGANIZATION_TEXTS},
            _own(actor),
        )
        for field in changed:
            setattr(organization, field, data[field])
        # Saying the listing is still right is a check too.
        organization.last_checked = timezone.localdate()
        organization.save()
        if topics_changed:
            organization.topics.set(TaxonomyTerm.objects.filter(code__in=topic_codes))
            changed.append("topics")
        if phone_changed:
            _set_organization_phone(organization, data["phone_number"])
            changed.append("phone_number")
        # Search documents hold the organisation's name only: reindex just when that changed.
        if "name" in changed:
            for service in organization.services.all():
                service_reindex(service=service)
        audit_record(
            actor=actor,
            action="organization.updated",
            target=organization,
            data={"changed": {f: topic_codes if f == "topics" else data[f] for f in changed}},
        )
    return changed


def _set_organization_phone(organization: Organization, number: str) -> None:
    """The organisation's own contact line (a service's lines are the service's)."""
    organization.phones.all().delete()
    if number:
        Phone.objects.create(organization=organization, number=number)


def organization_verify(*, actor: User, organization: Organization, method: str) -> None:
    """A platform administrator confirms the organisation is real and records how."""
    if not method.strip():
        raise ApplicationError(gettext("Say how you checked this organisation."), field="method")
    with transaction.atomic():
        organization.verification = Organization.Verification.VERIFIED
        organization.verified_at = timezone.now()
        organization.verified_by = actor
        organization.verification_method = method.strip()
        organization.save(
            update_fields=["verification", "verified_at", "verified_by", "verification_method"]
        )
        audit_record(
            actor=actor,
            action="organization.verified",
            target=organization,
            data={"method": organization.verification_method},
        )


@dataclass(frozen=True)
class WeeklyHours:
    day: str  # RFC 5545 day code, "MO"
    opens_at: time
    closes_at: time


@dataclass(frozen=True)
class PhoneLine:
    number: str
    description: dict[str, str]
    # What only professionals need about the line (shown under "For professionals").
    professional_description: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Place:
    address_1: str
    postal_code: str
    city: str
    address_hidden: bool


@dataclass(frozen=True)
class ServiceProfile:
    """What a member edits about one service: texts, attributes, phones, places, hours."""

    name: dict[str, str]
    description: dict[str, str]
    url: str
    topic_codes: list[str]
    language_codes: list[str]
    flags: dict[str, bool]
    phones: list[PhoneLine]
    places: list[Place]
    hours: list[WeeklyHours]
    professional_description: dict[str, str] = field(default_factory=dict)


# A phone line's texts a member writes.
PHONE_LINE_TEXTS = ("description", "professional_description")

EDITABLE_FLAGS = (
    "anonymous",
    "free_of_charge",
    "open_24_7",
    "referral_needed",
    "interpreter_available",
    "women_only_staff",
    "advice_for_professionals",
)


PHONE_UNEDITED = (
    "extension",
    "type",
    "hours_description",
    "cost_description",
    "anonymous",
    "free_of_charge",
    "languages",
)


def _phone_unedited(phone: Phone | None) -> dict[str, Any]:
    """The fields of a phone line that the member's form does not show."""
    return {} if phone is None else {name: getattr(phone, name) for name in PHONE_UNEDITED}


def service_save(
    *,
    actor: User,
    organization: Organization,
    profile: ServiceProfile,
    service: Service | None = None,
) -> Service:
    """Create or update a member's service with its phones, places and opening hours."""
    points = [geo.resolve_place(place.postal_code) for place in profile.places]
    if any(point is None for point in points):
        raise ApplicationError(gettext("We do not know this postcode."))
    creating = service is None
    before = _service_snapshot(service) if service is not None else {}
    with transaction.atomic():
        if service is None:
            service = Service(organization=organization)
        record_written(
            service,
            {
                "name": profile.name,
                "description": profile.description,
                "professional_description": profile.professional_description,
                **{
                    f"phone:{i}:{text}": getattr(line, text)
                    for i, line in enumerate(profile.phones)
                    for text in PHONE_LINE_TEXTS
                },
            },
            {
                "name": service.name,
                "description": service.description,
                "professional_description": service.professional_description,
                **{
                    f"phone:{phone.position}:{text}": getattr(phone, text)
                    for phone in (service.phones.all() if service.pk else [])
                    for text in PHONE_LINE_TEXTS
                },
            },
            _own(actor),
        )
        for key in [k for k in service.text_status if k.startswith("phone:")]:
            if int(key.split(":")[1]) >= len(profile.phones):
                del service.text_status[key]
        service.name = profile.name
        service.description = profile.description
        service.professional_description = profile.professional_description
        service.url = profile.url
        service.last_checked = timezone.localdate()
        for flag in EDITABLE_FLAGS:
            setattr(service, flag, profile.flags.get(flag, False))
        service.save()
        service.topics.set(TaxonomyTerm.objects.filter(code__in=profile.topic_codes))
        service.languages.all().delete()
        Language.objects.bulk_create(
            Language(service=service, code=code) for code in profile.language_codes
        )
        # The form edits a line's number and texts; what it does not show (hours, cost, the
        # languages, free and anonymous) stays with the number it belonged to.
        kept = {phone.number: phone for phone in service.phones.all()}
        service.phones.all().delete()
        Phone.objects.bulk_create(
            Phone(
                service=service,
                number=line.number,
                description=line.description,
                professional_description=line.professional_description,
                position=i,
                **_phone_unedited(kept.get(line.number)),
            )
            for i, line in enumerate(profile.phones)
        )
        service.schedules.all().delete()
        Schedule.objects.bulk_create(
            Schedule(service=service, byday=h.day, opens_at=h.opens_at, closes_at=h.closes_at)
            for h in profile.hours
        )
        for link in service.service_at_locations.select_related("location"):
            link.location.delete()
        for place, point in zip(profile.places, points, strict=True):
            _place_service(service, organization, place, point)  # type: ignore[arg-type]
        service_reindex(service=service)
        after = _service_snapshot(service)
        audit_record(
            actor=actor,
            action="service.created" if creating else "service.updated",
            target=service,
            data={
                "organization": organization.pk,
                "changed": sorted(k for k in after if before.get(k) != after[k]),
            },
        )
    return service


def _service_snapshot(service: Service) -> dict[str, Any]:
    """What a member can change about a service, comparable before and after a save."""
    return {
        "name": service.name,
        "description": service.description,
        "professional_description": service.professional_description,
        "url": service.url,
        **{flag: getattr(service, flag) for flag in EDITABLE_FLAGS},
        "topics": sorted(service.topics.values_list("code", flat=True)),
        "languages": sorted(service.languages.values_list("code", flat=True)),
        "phones": [
            (p.number, p.description, p.professional_description)
            for p in service.phones.order_by("position")
        ],
        "places": sorted(
            (a.address_1, a.postal_code, a.city, a.location.address_hidden)
            for a in Address.objects.filter(
                location__service_at_locations__service=service
            ).select_related("location")
        ),
        "hours": sorted(
            (h.byday, str(h.opens_at), str(h.closes_at)) for h in service.schedules.all()
        ),
    }


def _place_service(
    service: Service, organization: Organization, place: Place, point: geo.GeoPoint
) -> None:
    """A location of the service. Its point is the postcode area's centre, never the
    building: that is all the offline data knows, and for a hidden address all we may show."""
    location = Location.objects.create(
        organization=organization,
        name=place.city or point.label,
        latitude=point.latitude,
        longitude=point.longitude,
        address_hidden=place.address_hidden,
    )
    Address.objects.create(
        location=location,
        address_1=place.address_1,
        postal_code=place.postal_code,
        city=place.city or point.label.split(" ", 1)[-1],
    )
    ServiceAtLocation.objects.create(service=service, location=location)


def suggestion_submit(*, actor: Actor, organization: Organization, text: str) -> ListingSuggestion:
    """A visitor tells the owners something on the listing is wrong."""
    with transaction.atomic():
        suggestion = ListingSuggestion.objects.create(organization=organization, text=text)
        audit_record(actor=actor, action="suggestion.submitted", target=suggestion)
    return suggestion


def suggestion_handle(*, actor: User, suggestion: ListingSuggestion, status: str) -> None:
    """An owner, editor or administrator marks a suggestion applied or dismissed."""
    if status not in (ListingSuggestion.Status.APPLIED, ListingSuggestion.Status.DISMISSED):
        raise ApplicationError(gettext("Choose applied or dismissed."), field="status")
    with transaction.atomic():
        suggestion.status = status
        suggestion.handled_by = actor
        suggestion.handled_at = timezone.now()
        suggestion.save(update_fields=["status", "handled_by", "handled_at", "updated_at"])
        audit_record(
            actor=actor, action="suggestion.handled", target=suggestion, data={"status": status}
        )


def key_person_save(
    *,
    actor: User,
    display_name: str,
    introduction: dict[str, str],
    languages: list[str],
    communities: list[str],
    region: str,
    topic_codes: list[str],
    visibility: str,
    accepts_messages: bool = False,
) -> KeyPerson:
    """A key person writes their own profile; the place is kept only as its centre."""
    point = geo.resolve_place(region) if region else None
    if region and point is None:
        raise ApplicationError(gettext("We do not know this place."), field="region")
    with transaction.atomic():
        existing = KeyPerson.objects.filter(user=actor).first() or KeyPerson()
        record_written(
            existing,
            {"introduction": introduction},
            {"introduction": existing.introduction},
            _own(actor),
        )
        person, created = KeyPerson.objects.update_or_create(
            user=actor,
            defaults={
                "display_name": display_name,
                "introduction": introduction,
                "text_status": existing.text_status,
                "languages": languages,
                "communities": communities,
                "region": point.label if point else "",
                "latitude": point.latitude if point else None,
                "longitude": point.longitude if point else None,
                "visibility": visibility,
                "accepts_messages": accepts_messages,
            },
        )
        person.topics.set(TaxonomyTerm.objects.filter(code__in=topic_codes))
        audit_record(
            actor=actor,
            action="key_person.created" if created else "key_person.updated",
            target=person,
            data={"visibility": visibility},
        )
    return person


def network_membership_request(
    *, actor: User, organization: Organization, network: Network
) -> NetworkMembership:
    """An owner asks for the organisation to join a network; asking again changes nothing."""
    with transaction.atomic():
        membership, created = NetworkMembership.objects.get_or_create(
            network=network, organization=organization
        )
        if not created and membership.status == NetworkMembership.Status.DECLINED:
            membership.status = NetworkMembership.Status.REQUESTED
            membership.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="network.join_requested",
            target=membership,
            data={"network": network.pk, "organization": organization.pk},
        )
    return membership


def network_membership_decide(*, actor: User, membership: NetworkMembership, accept: bool) -> None:
    """A coordinator accepts or declines an organisation's request to join."""
    _network_membership_settle(
        actor, membership, accept, pending=NetworkMembership.Status.REQUESTED, action="network.join"
    )


def network_invitation_answer(*, actor: User, membership: NetworkMembership, accept: bool) -> None:
    """An owner accepts or declines the network's invitation."""
    _network_membership_settle(
        actor,
        membership,
        accept,
        pending=NetworkMembership.Status.INVITED,
        action="network.invitation",
    )


def _network_membership_settle(
    actor: User, membership: NetworkMembership, accept: bool, *, pending: str, action: str
) -> None:
    if membership.status != pending:
        raise ApplicationError(gettext("This request was already decided."))
    with transaction.atomic():
        membership.status = (
            NetworkMembership.Status.MEMBER if accept else NetworkMembership.Status.DECLINED
        )
        membership.decided_by = actor
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        audit_record(
            actor=actor,
            action=f"{action}_{'accepted' if accept else 'declined'}",
            target=membership,
            data={"network": membership.network_id, "organization": membership.organization_id},
        )


def key_person_message(*, actor: User, person: KeyPerson, text: str) -> AuditEntry:
    """Relay a message to a key person by e-mail. Their address is never shown to the sender;
    replies go to the sender. The text is kept (encrypted) only until the mail is sent, and the
    audit keeps only that it happened (its entry is returned: the message's only record).
    """
    if not person.accepts_messages:
        raise ApplicationError(gettext("This person does not receive messages through samen."))
    with transaction.atomic():
        entry = audit_record(actor=actor, action="key_person.messaged", target=person)
        _relay_message(actor, person, text)
    return entry


def _relay_message(sender: User, person: KeyPerson, text: str) -> None:
    with translation.override(person.user.language):
        context = {"sender": sender.email, "text": text, "person": person}
        subject = render_to_string("directory/email/message_subject.txt", context).strip()
        body = render_to_string("directory/email/message_body.txt", context)
    queue_email(to=person.user.email, subject=subject, body=body, reply_to=sender.email)


def network_membership_invite(
    *, actor: User, network: Network, organization: Organization
) -> NetworkMembership:
    """A coordinator invites an organisation; its owners accept or decline."""
    with transaction.atomic():
        membership, created = NetworkMembership.objects.get_or_create(
            network=network,
            organization=organization,
            defaults={"status": NetworkMembership.Status.INVITED},
        )
        if not created:
            raise ApplicationError(gettext("This organisation was already asked or is a member."))
        audit_record(
            actor=actor,
            action="network.invited",
            target=membership,
            data={"network": network.pk, "organization": organization.pk},
        )
    return membership
