"""Seeded demo data for development and benchmarks. Every record is flagged is_demo.

Sizes: XS = 100, S = 5,000 services, M = 50,000 services with 100,000 locations, L = 250,000
services with 500,000 locations (a national map with every municipality's services).
Names, texts and phone numbers are made up (numbers start with 0000, which no Dutch line
uses) and every page that shows a demo record labels it "demo".
"""

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from samen.audit.services import Actor, audit_record
from samen.core.db import refresh_planner_statistics

from . import geo
from .loader import taxonomy_load
from .models import (
    Address,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceSearchDocument,
    TaxonomyTerm,
)
from .services import search_document

# services, locations per service; XS is for tests and a quick look.
SIZES = {"XS": (100, 2), "S": (5_000, 2), "M": (50_000, 2), "L": (250_000, 2)}
SERVICES_PER_ORGANIZATION = 5
BATCH = 2_000

WHAT_NL = ["Steunpunt", "Spreekuur", "Inloop", "Hulplijn", "Praatgroep", "Adviespunt", "Opvang"]
WHAT_EN = [
    "Support point",
    "Consultation",
    "Walk-in",
    "Helpline",
    "Talk group",
    "Advice desk",
    "Shelter",
]
FOR_NL = ["vrouwen", "jongeren", "nieuwkomers", "gezinnen", "statushouders", "iedereen"]
FOR_EN = ["women", "young people", "newcomers", "families", "refugees", "everyone"]
ABOUT_NL = [
    "huiselijk geweld",
    "seksueel geweld",
    "gezondheid",
    "opvoeding",
    "eergerelateerd geweld",
    "huwelijksdwang",
    "psychische klachten",
    "juridische vragen",
    "online misbruik",
]
ABOUT_EN = [
    "domestic violence",
    "sexual violence",
    "health",
    "parenting",
    "honour-related violence",
    "forced marriage",
    "mental health",
    "legal questions",
    "online abuse",
]
ABOUT_AR = [
    "العنف الأسري",
    "العنف الجنسي",
    "الصحة",
    "تربية الأطفال",
    "العنف المرتبط بالشرف",
    "الزواج القسري",
    "الصحة النفسية",
    "أسئلة قانونية",
    "الإساءة عبر الإنترنت",
]
LANGUAGE_CODES = ["ar", "fa", "prs", "ps", "ti", "so", "tr", "uk", "en", "fr", "ku", "am"]
STREETS = ["Dorpsstraat", "Kerkstraat", "Stationsweg", "Schoolstraat", "Molenweg", "Parkstraat"]


@dataclass(frozen=True)
class DemoReport:
    organizations: int
    services: int
    locations: int


def demo_clear(*, actor: Actor) -> int:
    with transaction.atomic():
        deleted = Service.objects.filter(is_demo=True).count()
        Location.objects.filter(organization__is_demo=True).delete()
        Organization.objects.filter(is_demo=True).delete()
        audit_record(actor=actor, action="demo.cleared", data={"services": deleted})
    return deleted


def demo_generate(*, actor: Actor, size: str, seed: int = 1) -> DemoReport:
    """Replace all demo data with a fresh, reproducible set of the given size."""
    service_count, locations_per_service = SIZES[size]
    rng = random.Random(seed)
    postcodes = sorted(geo._postcodes().values(), key=lambda p: p.label)
    today = timezone.localdate()
    with transaction.atomic():
        demo_clear(actor=actor)
        topics = list(taxonomy_load(actor=actor).terms.all())
        organizations = Organization.objects.bulk_create(
            [
                Organization(
                    name=f"Demo organisatie {n + 1}",
                    description={
                        "nl": "Verzonnen organisatie voor tests.",
                        "en": "Made-up organisation for tests.",
                    },
                    kind=rng.choice(list(Organization.Kind)),
                    is_demo=True,
                    last_checked=today - timedelta(days=rng.randrange(0, 500)),
                )
                for n in range(service_count // SERVICES_PER_ORGANIZATION)
            ],
            batch_size=BATCH,
        )
        services = Service.objects.bulk_create(
            [_service(rng, n, organizations, today) for n in range(service_count)],
            batch_size=BATCH,
        )
        chosen = _topics(rng, services, topics)
        locations = Location.objects.bulk_create(
            [
                _location(rng, service, postcodes)
                for service in services
                for _ in range(locations_per_service)
            ],
            batch_size=BATCH,
        )
        languages, national = _children(rng, services, locations, locations_per_service)
        ServiceSearchDocument.objects.bulk_create(
            [
                search_document(
                    service,
                    chosen[index],
                    language_codes=languages[index],
                    national=index in national,
                )
                for index, service in enumerate(services)
            ],
            batch_size=BATCH,
        )
        audit_record(
            actor=actor,
            action="demo.generated",
            data={"size": size, "seed": seed, "services": len(services)},
        )
    refresh_planner_statistics()
    return DemoReport(len(organizations), len(services), len(locations))


def _service(rng: random.Random, n: int, organizations: list[Organization], today: date) -> Service:
    kind = rng.randrange(len(WHAT_NL))
    audience = rng.randrange(len(FOR_NL))
    about = rng.sample(range(len(ABOUT_NL)), 2)
    organization = organizations[n // SERVICES_PER_ORGANIZATION]
    name = {
        "nl": f"{WHAT_NL[kind]} {FOR_NL[audience]} {n + 1}",
        "en": f"{WHAT_EN[kind]} for {FOR_EN[audience]} {n + 1}",
    }
    description = {
        "nl": f"Voor {FOR_NL[audience]}: hulp bij {ABOUT_NL[about[0]]} en {ABOUT_NL[about[1]]}.",
        "en": f"For {FOR_EN[audience]}: help with {ABOUT_EN[about[0]]} and {ABOUT_EN[about[1]]}.",
    }
    if rng.random() < 0.3:
        description["ar"] = f"مساعدة في {ABOUT_AR[about[0]]} و{ABOUT_AR[about[1]]}."
    return Service(
        organization=organization,
        name=name,
        description=description,
        is_demo=True,
        last_checked=organization.last_checked,
        anonymous=rng.random() < 0.3,
        advice_for_professionals=rng.random() < 0.2,
        free_of_charge=rng.random() < 0.6,
        open_24_7=rng.random() < 0.05,
        referral_needed=rng.random() < 0.2,
        interpreter_available=rng.random() < 0.3,
        women_only_staff=rng.random() < 0.2,
    )


def _topics(
    rng: random.Random, services: list[Service], topics: list[TaxonomyTerm]
) -> list[list[TaxonomyTerm]]:
    """Two topics for each service (in the order of `services`)."""
    through = Service.topics.through
    chosen = [rng.sample(topics, 2) for _service in services]
    through.objects.bulk_create(  # type: ignore[arg-type]
        [
            through(service_id=service.id, taxonomyterm_id=term.id)
            for service, terms in zip(services, chosen, strict=True)
            for term in terms
        ],
        batch_size=BATCH,
    )
    return chosen


def _location(rng: random.Random, service: Service, postcodes: list[geo.GeoPoint]) -> Location:
    point = rng.choice(postcodes)
    hidden = rng.random() < 0.05
    # A hidden address keeps only its area's centre, never a point near the building.
    jitter = 0.0 if hidden else 1.0
    return Location(
        organization_id=service.organization_id,
        name=point.label,
        latitude=point.latitude + jitter * rng.uniform(-0.01, 0.01),
        longitude=point.longitude + jitter * rng.uniform(-0.015, 0.015),
        address_hidden=hidden,
    )


def _children(
    rng: random.Random,
    services: list[Service],
    locations: list[Location],
    per_service: int,
) -> tuple[list[list[str]], set[int]]:
    """Locations, phones, languages, hours and areas of each service; returns the language
    codes of each service and the indexes of the national ones (for the search documents)."""
    links, phones, schedules, areas = [], [], [], []
    languages: list[Language] = []
    codes: list[list[str]] = []
    national: set[int] = set()
    for index, service in enumerate(services):
        for location in locations[index * per_service : (index + 1) * per_service]:
            links.append(ServiceAtLocation(service=service, location=location))
        phones.append(Phone(service=service, number=f"0000-{rng.randrange(10**6):06d}"))
        codes.append(rng.sample(LANGUAGE_CODES, rng.randrange(0, 3)))
        languages.extend(Language(service=service, code=code) for code in codes[-1])
        if not service.open_24_7:
            schedules.append(
                Schedule(
                    service=service,
                    byday="MO,TU,WE,TH,FR",
                    opens_at=time(9),
                    closes_at=time(rng.choice([12, 17, 21])),
                    description={"nl": "Werkdagen", "en": "Weekdays"},
                )
            )
        if rng.random() < 0.02:
            national.add(index)
            areas.append(
                ServiceArea(
                    service=service, name="Nederland", extent_type=ServiceArea.ExtentType.NATIONAL
                )
            )
    Address.objects.bulk_create(
        [
            Address(
                location=location,
                address_1=f"{rng.choice(STREETS)} {rng.randrange(1, 200)}",
                city=location.name.split(" ", 1)[1],
                postal_code=location.name.split(" ", 1)[0],
            )
            for location in locations
        ],
        batch_size=BATCH,
    )
    ServiceAtLocation.objects.bulk_create(links, batch_size=BATCH)
    Phone.objects.bulk_create(phones, batch_size=BATCH)
    Language.objects.bulk_create(languages, batch_size=BATCH)
    Schedule.objects.bulk_create(schedules, batch_size=BATCH)
    ServiceArea.objects.bulk_create(areas, batch_size=BATCH)
    return codes, national
