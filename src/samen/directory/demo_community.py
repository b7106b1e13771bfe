"""Demo data for the community side, made by `samen generate-demo` beside the demo services.

Migrant organisations with members, key persons with each visibility, networks with
coordinators, information sessions (past with attendance and feedback, upcoming, full with a
waiting list, online, with the address given after registering), registrations, session
requests and offers and toolkits. Every record is flagged is_demo (people by their e-mail
domain, DEMO_EMAIL_DOMAIN, which can receive no mail) and labelled "demo" wherever it shows.
Registrants' personal data is obviously made up and stored through the usual encrypted fields.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from samen.accounts.models import Membership, User
from samen.audit.services import Actor, audit_record
from samen.matchmaking.models import SessionOffer, SessionRequest
from samen.sessions.models import (
    Attendance,
    Audience,
    Feedback,
    Host,
    InfoSession,
    Registration,
    Toolkit,
    token_digest,
)

from . import geo
from .hours import AMSTERDAM
from .models import KeyPerson, Network, NetworkMembership, Organization, TaxonomyTerm

# `.invalid` is reserved (RFC 2606): no mail to a demo person can ever be delivered.
DEMO_EMAIL_DOMAIN = "demo.samen.invalid"
# Migrant organisations per size; each brings its members, key persons, sessions and posts.
COMMUNITY_SIZES = {"XS": 3, "S": 12, "M": 30}
CITIES = ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Groningen", "Tilburg", "Almere"]
COMMUNITIES = [
    ("Eritrese", "Eritrean", ["ti", "nl"]),
    ("Syrische", "Syrian", ["ar", "nl"]),
    ("Afghaanse", "Afghan", ["prs", "ps", "nl"]),
    ("Somalische", "Somali", ["so", "nl"]),
    ("Oekraïense", "Ukrainian", ["uk", "ru", "nl"]),
]
VISIBILITIES = list(KeyPerson.Visibility)
TOPICS = ["domestic-violence", "sexual-violence", "information-sessions", "key-persons"]


@dataclass(frozen=True)
class CommunityReport:
    organizations: int
    key_persons: int
    networks: int
    sessions: int
    registrations: int


def community_demo_clear(*, actor: Actor) -> int:
    """Remove every demo record of the community side; the number of demo sessions removed."""
    with transaction.atomic():
        sessions = InfoSession.objects.filter(is_demo=True).count()
        InfoSession.objects.filter(is_demo=True).delete()
        Toolkit.objects.filter(is_demo=True).delete()
        SessionRequest.objects.filter(is_demo=True).delete()
        SessionOffer.objects.filter(is_demo=True).delete()
        Network.objects.filter(is_demo=True).delete()
        KeyPerson.objects.filter(is_demo=True).delete()
        Organization.objects.filter(is_demo=True, memberships__isnull=False).delete()
        User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").delete()
        audit_record(actor=actor, action="demo.community_cleared", data={"sessions": sessions})
    return sessions


def _person(name: str) -> User:
    user = User(username=name, email=f"{name}@{DEMO_EMAIL_DOMAIN}", language="nl")
    user.set_unusable_password()
    user.save()
    return user


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=AMSTERDAM)


def community_demo_generate(*, actor: Actor, size: str) -> CommunityReport:
    """Replace the community side's demo records with a fresh set of the given size."""
    count = COMMUNITY_SIZES[size]
    with transaction.atomic():
        community_demo_clear(actor=actor)
        topics = list(TaxonomyTerm.objects.filter(code__in=TOPICS))
        organizations: list[Organization] = []
        persons: list[KeyPerson] = []
        sessions: list[InfoSession] = []
        for n in range(1, count + 1):
            organization, owner, people = _organization(n, topics)
            organizations.append(organization)
            persons.extend(people)
            sessions.extend(_sessions(n, organization, owner, people[0], topics))
            _posts(n, organization, owner, people[0], topics)
        networks = _networks(organizations)
        _offering_organization(topics)
        registrations = Registration.objects.filter(session__in=sessions).count()
        report = CommunityReport(
            organizations=len(organizations) + 1,
            key_persons=len(persons),
            networks=len(networks),
            sessions=len(sessions),
            registrations=registrations,
        )
        audit_record(
            actor=actor,
            action="demo.community_generated",
            data={"size": size, "sessions": report.sessions, "key_persons": report.key_persons},
        )
    return report


def _organization(n: int, topics: list[TaxonomyTerm]) -> tuple[Organization, User, list[KeyPerson]]:
    community_nl, community_en, languages = COMMUNITIES[(n - 1) % len(COMMUNITIES)]
    city = CITIES[(n - 1) % len(CITIES)]
    organization = Organization.objects.create(
        name=f"Demo {community_nl.lower()} vrouwenorganisatie {n}",
        description={
            "nl": f"Verzonnen zelforganisatie van {community_nl.lower()} vrouwen, voor tests.",
            "en": f"Made-up {community_en} women's organisation, for tests.",
        },
        activities={"nl": "Praatgroep op dinsdag, inloop op vrijdag.", "en": "Talk group."},
        kind=Organization.Kind.MIGRANT_ORGANISATION,
        languages=languages,
        communities=[community_en],
        region=city,
        is_demo=True,
        last_checked=timezone.localdate(),
        verification=(
            Organization.Verification.VERIFIED if n % 2 else Organization.Verification.UNVERIFIED
        ),
    )
    organization.topics.set(topics)
    owner = _person(f"demo-org{n}-owner")
    Membership.objects.create(user=owner, organization=organization, role=Membership.Role.OWNER)
    editor = _person(f"demo-org{n}-editor")
    Membership.objects.create(user=editor, organization=organization, role=Membership.Role.EDITOR)
    point = geo.resolve_place(city)
    people = []
    # One key person with each visibility: everyone, only verified professionals, nobody.
    for k, visibility in enumerate(VISIBILITIES, start=1):
        user = _person(f"demo-kp{n}-{k}")
        Membership.objects.create(user=user, organization=organization, role=Membership.Role.EDITOR)
        person = KeyPerson.objects.create(
            user=user,
            display_name=f"Demo sleutelpersoon {n}.{k}",
            introduction={
                "nl": "Verzonnen sleutelpersoon voor tests. Ik ken de weg naar hulp.",
                "en": "Made-up key person for tests.",
            },
            languages=languages,
            communities=[community_en],
            region=city,
            latitude=point.latitude if point else None,
            longitude=point.longitude if point else None,
            visibility=visibility,
            accepts_messages=visibility == KeyPerson.Visibility.PUBLIC,
            is_demo=True,
        )
        person.topics.set(topics)
        people.append(person)
    return organization, owner, people


def _session(
    n: int, label: dict[str, str], lead: Organization | KeyPerson, owner: User, **fields: object
) -> InfoSession:
    city = CITIES[(n - 1) % len(CITIES)]
    point = geo.resolve_place(city)
    values: dict[str, object] = {
        "title": {"nl": f"Demo: {label['nl']} ({n})", "en": f"Demo: {label['en']} ({n})"},
        "description": {"nl": "Verzonnen bijeenkomst voor tests.", "en": "Made-up session."},
        "languages": COMMUNITIES[(n - 1) % len(COMMUNITIES)][2],
        "audience": Audience.WOMEN,
        "venue": "Demo buurthuis",
        "street": "Demostraat 1",
        "postal_code": point.label.split(" ", 1)[0] if point else "",
        "city": city,
        "latitude": point.latitude if point else None,
        "longitude": point.longitude if point else None,
        "is_demo": True,
        "created_by": owner,
        "status": InfoSession.Status.PLANNED,
    }
    values.update(fields)
    session = InfoSession.objects.create(**values)
    key = "organization" if isinstance(lead, Organization) else "key_person"
    Host.objects.create(session=session, is_lead=True, status=Host.Status.ACCEPTED, **{key: lead})
    return session


def _register(session: InfoSession, numbers: range, status: str) -> None:
    Registration.objects.bulk_create(
        Registration(
            session=session,
            token_digest=token_digest(secrets.token_urlsafe(32)),
            nickname=f"Demo deelnemer {k}",
            email=f"deelnemer{k}@{DEMO_EMAIL_DOMAIN}",
            language=session.languages[0] if session.languages else "nl",
            status=status,
        )
        for k in numbers
    )


def _sessions(
    n: int,
    organization: Organization,
    owner: User,
    person: KeyPerson,
    topics: list[TaxonomyTerm],
) -> list[InfoSession]:
    past = _session(
        n,
        {"nl": "Je rechten in Nederland", "en": "Your rights in the Netherlands"},
        organization,
        owner,
        starts_at=_at(-14, 14),
        ends_at=_at(-14, 16),
        status=InfoSession.Status.HELD,
    )
    Attendance.objects.create(session=past, total=9, women=9, age_18_34=5, age_35_54=4)
    Feedback.objects.bulk_create(
        Feedback(
            session=past,
            useful=answer,
            knows_where_to_find_help=Feedback.Answer.YES,
            would_come_again=answer,
            comment="Demo: verzonnen reactie." if answer == Feedback.Answer.YES else "",
            language="nl",
        )
        for answer in (Feedback.Answer.YES, Feedback.Answer.YES, Feedback.Answer.PARTLY)
    )
    upcoming = _session(
        n,
        {"nl": "Gezond en veilig", "en": "Healthy and safe"},
        organization,
        owner,
        starts_at=_at(7 + n, 10),
        ends_at=_at(7 + n, 12),
        capacity=20,
    )
    _register(upcoming, range(1, 4), Registration.Status.CONFIRMED)
    full = _session(
        n,
        {"nl": "Praatgroep over geweld thuis", "en": "Talk group on violence at home"},
        person,
        owner,
        starts_at=_at(10 + n, 19),
        ends_at=_at(10 + n, 21),
        capacity=2,
        # The address is given to those who register; the page shows only the neighbourhood.
        address_after_registration=True,
        neighbourhood="Demowijk",
    )
    _register(full, range(4, 6), Registration.Status.CONFIRMED)
    _register(full, range(6, 8), Registration.Status.WAITING)
    online = _session(
        n,
        {"nl": "Online vragenuur", "en": "Online questions hour"},
        organization,
        owner,
        starts_at=_at(3 + n, 20),
        ends_at=_at(3 + n, 21),
        format=InfoSession.Format.ONLINE,
        online_url=f"https://example.org/demo-meeting-{n}",
        venue="",
        street="",
    )
    sessions = [past, upcoming, full, online]
    for session in sessions:
        session.topics.set(topics)
    toolkit = Toolkit.objects.create(
        title={"nl": f"Demo werkmap {n}", "en": f"Demo toolkit {n}"},
        description={"nl": "Verzonnen materiaal voor tests.", "en": "Made-up material."},
        publishers=[organization.name],
        languages=upcoming.languages,
        format="PDF",
        url=f"https://example.org/demo-toolkit-{n}.pdf",
        status=Toolkit.Status.APPROVED,
        proposed_by=owner,
        is_demo=True,
    )
    toolkit.topics.set(topics)
    upcoming.toolkits.add(toolkit)
    return sessions


def _posts(
    n: int, organization: Organization, owner: User, person: KeyPerson, topics: list[TaxonomyTerm]
) -> None:
    today = timezone.localdate()
    city = CITIES[(n - 1) % len(CITIES)]
    for poster in ({"organization": organization}, {"key_person": person}):
        request = SessionRequest.objects.create(
            **poster,
            community=COMMUNITIES[(n - 1) % len(COMMUNITIES)][1],
            region=city,
            group_size=12,
            period_start=today + timedelta(days=14),
            period_end=today + timedelta(days=75),
            languages=organization.languages,
            note="Demo: verzonnen vraag om een bijeenkomst over hulp bij geweld.",
            is_public=True,
            is_demo=True,
            created_by=owner,
        )
        request.topics.set(topics)


def _networks(organizations: list[Organization]) -> list[Network]:
    """One network per three organisations, coordinated by its first organisation's owner;
    the last organisation of each has asked to join and waits."""
    networks = []
    for start in range(0, len(organizations), 3):
        group = organizations[start : start + 3]
        network = Network.objects.create(
            name=f"Demo netwerk {group[0].region}",
            description={"nl": "Verzonnen netwerk voor tests.", "en": "Made-up network."},
            region=group[0].region,
            is_demo=True,
        )
        network.coordinators.add(group[0].memberships.get(role=Membership.Role.OWNER).user)
        for index, organization in enumerate(group):
            waiting = index == len(group) - 1 and len(group) > 1
            NetworkMembership.objects.create(
                network=network,
                organization=organization,
                status=(
                    NetworkMembership.Status.REQUESTED
                    if waiting
                    else NetworkMembership.Status.MEMBER
                ),
            )
        networks.append(network)
    return networks


def _offering_organization(topics: list[TaxonomyTerm]) -> Organization:
    """A demo professional organisation that offers sessions on the exchange."""
    organization = Organization.objects.create(
        name="Demo hulporganisatie",
        description={"nl": "Verzonnen hulporganisatie voor tests.", "en": "Made-up."},
        is_demo=True,
        last_checked=timezone.localdate(),
    )
    owner = _person("demo-helper-owner")
    Membership.objects.create(user=owner, organization=organization, role=Membership.Role.OWNER)
    offer = SessionOffer.objects.create(
        organization=organization,
        regions=", ".join(CITIES[:3]),
        formats=[InfoSession.Format.IN_PERSON, InfoSession.Format.ONLINE],
        languages=["nl", "ar", "ti"],
        note="Demo: verzonnen aanbod van voorlichting over seksueel geweld.",
        is_public=True,
        is_demo=True,
        created_by=owner,
    )
    offer.topics.set(topics)
    return organization
