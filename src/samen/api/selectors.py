"""What the HSDS API and the export may show, in one place.

Public: services, their organisations, locations and the topic taxonomy. Never: key persons,
referrals, registrations, audit entries, account data, hidden addresses (serializers.py drops
them). Demo records only when asked for.
"""

import datetime as dt
from array import array
from dataclasses import dataclass
from uuid import UUID

from django.db.models import ExpressionWrapper, F, FloatField, Max, Prefetch, Q, QuerySet

from samen.core.translation import fold
from samen.directory import geo
from samen.directory.models import (
    Location,
    Organization,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from samen.imports.models import ImportedTaxonomy, ImportedTerm
from samen.web.microcache import derived

# A service serving a place covers a postcode this close to the place's centre (as search does).
COVERAGE_KM = 25.0


@dataclass(frozen=True)
class ServiceQuery:
    """The filters of /services and /service_at_locations (parsed by params.py)."""

    include_demo: bool = False
    search: str = ""
    taxonomy_term_id: UUID | None = None
    taxonomy_id: UUID | None = None
    organization_id: UUID | None = None
    modified_after: dt.datetime | None = None
    point: geo.GeoPoint | None = None
    proximity_m: float | None = None


def _locations() -> Prefetch:
    return Prefetch(
        "service_at_locations",
        queryset=ServiceAtLocation.objects.select_related(
            "service", "location__organization"
        ).prefetch_related("location__addresses"),
    )


def service_queryset() -> QuerySet[Service]:
    """Services with everything a fully nested HSDS service reads, in a fixed number of queries."""
    return (
        Service.objects.select_related("organization", "imported_from")
        .prefetch_related(
            "phones",
            Prefetch("imported_terms", queryset=ImportedTerm.objects.select_related("taxonomy")),
            "schedules",
            "service_areas",
            "languages",
            Prefetch("topics", queryset=TaxonomyTerm.objects.select_related("taxonomy", "parent")),
            _locations(),
            # The organisation's own locations (an office): those where no service is given.
            Prefetch(
                "organization__locations",
                queryset=Location.objects.filter(service_at_locations__isnull=True)
                .select_related("organization")
                .prefetch_related("addresses"),
                to_attr="own_locations",
            ),
        )
        .order_by("id")
    )


def _text_match(search: str) -> Q:
    """Every word in the service's (folded) search text; only active services have one."""
    match = Q()
    for word in fold(search).split():
        match &= (
            Q(search_document__title__contains=word)
            | Q(search_document__body_nl__contains=word)
            | Q(search_document__body_en__contains=word)
            | Q(search_document__body_other__contains=word)
        )
    return match


# What service_brief reads: a list page loads only these columns (the JSON texts a brief record
# does not show cost as much to decode as the rest of the page).
BRIEF_FIELDS = (
    "uuid",
    "name",
    "alternate_name",
    "description",
    "professional_description",
    "url",
    "email",
    "status",
    "interpreter_description",
    "eligibility_description",
    "fees_description",
    "minimum_age",
    "maximum_age",
    "last_checked",
    "updated_at",
    "organization__uuid",
    "organization__name",
    "organization__alternate_name",
    "organization__description",
    "organization__email",
    "organization__website",
)


def service_ids(query: ServiceQuery) -> array | None:
    """The ids of /services in order, kept in this process until the directory changes
    (web/microcache.derived), when the query filters on nothing but demo records: an exact
    `total_items` and any page without a COUNT over every service or a deep OFFSET. None for
    a filtered query (its count and page come from the database each time)."""
    if query != ServiceQuery(include_demo=query.include_demo):
        return None
    return derived(
        f"api-service-ids:{query.include_demo}",
        lambda: array("q", services(query, full=False).values_list("pk", flat=True)),
    )


def _carrying(terms: Q) -> Q:
    """Services with a term (a topic or an imported term) matching `terms`: a subquery, so a
    service with several terms is listed once."""
    return Q(pk__in=Service.objects.filter(terms).values("pk"))


@dataclass(frozen=True, slots=True)
class BriefOrganization:
    uuid: UUID
    name: str
    alternate_name: str
    description: dict[str, str]
    email: str
    website: str


@dataclass(frozen=True, slots=True)
class BriefService:
    """What a brief (list) record shows of a service and its organisation, read as plain rows:
    building 25 deferred model instances and their organisations cost more than the query."""

    uuid: UUID
    name: dict[str, str]
    alternate_name: str
    description: dict[str, str]
    professional_description: dict[str, str]
    url: str
    email: str
    status: str
    interpreter_description: dict[str, str]
    eligibility_description: dict[str, str]
    fees_description: dict[str, str]
    minimum_age: int | None
    maximum_age: int | None
    last_checked: dt.date | None
    updated_at: dt.datetime
    organization: BriefOrganization


def brief_services(queryset: QuerySet[Service], ids: list[int]) -> list[BriefService]:
    """The services `ids` of `queryset` (in id order) as brief records."""
    split = BRIEF_FIELDS.index("organization__uuid")
    service_names = BRIEF_FIELDS[:split]
    organization_names = [name.removeprefix("organization__") for name in BRIEF_FIELDS[split:]]
    return [
        BriefService(
            **dict(zip(service_names, row[:split], strict=True)),
            organization=BriefOrganization(
                **dict(zip(organization_names, row[split:], strict=True))
            ),
        )
        for row in queryset.filter(pk__in=ids).values_list(*BRIEF_FIELDS)
    ]


def services(query: ServiceQuery, *, full: bool = True) -> QuerySet[Service]:
    queryset = (
        service_queryset()
        if full
        else Service.objects.select_related("organization").only(*BRIEF_FIELDS)
    )
    if not query.include_demo:
        queryset = queryset.filter(is_demo=False)
    if query.search:
        queryset = queryset.filter(_text_match(query.search))
    if query.taxonomy_term_id:
        queryset = queryset.filter(
            _carrying(Q(topics__uuid=query.taxonomy_term_id))
            | _carrying(Q(imported_terms__uuid=query.taxonomy_term_id))
        )
    if query.taxonomy_id:
        queryset = queryset.filter(
            _carrying(Q(topics__taxonomy__uuid=query.taxonomy_id))
            | _carrying(Q(imported_terms__taxonomy__uuid=query.taxonomy_id))
        )
    if query.organization_id:
        queryset = queryset.filter(organization__uuid=query.organization_id)
    if query.modified_after:
        queryset = queryset.filter(updated_at__gte=query.modified_after)
    return queryset.order_by("id")


def service_at_locations(query: ServiceQuery, *, full: bool = False) -> QuerySet[ServiceAtLocation]:
    queryset = ServiceAtLocation.objects.select_related("location__organization").prefetch_related(
        "location__addresses",
        Prefetch(
            "service",
            queryset=service_queryset() if full else Service.objects.select_related("organization"),
        ),
    )
    queryset = queryset.filter(service__in=services(query, full=False).values("pk"))
    if query.point is None:
        return queryset.order_by("id")
    if query.proximity_m is not None:
        # Within `proximity` metres of the postcode's centre (flat-earth distance, exact to
        # well under 1 % at the Netherlands' scale).
        box = geo.bounding_box(query.point, query.proximity_m / 1000)
        north = (F("location__latitude") - query.point.latitude) * box.km_per_deg_lat
        east = (F("location__longitude") - query.point.longitude) * box.km_per_deg_lon
        return (
            queryset.filter(
                location__latitude__range=(box.min_lat, box.max_lat),
                location__longitude__range=(box.min_lon, box.max_lon),
            )
            .alias(
                distance_squared=ExpressionWrapper(
                    north * north + east * east, output_field=FloatField()
                )
            )
            .filter(distance_squared__lte=(query.proximity_m / 1000) ** 2)
            .order_by("id")
        )
    # Without a proximity, a postcode asks which services cover it: national ones and those
    # serving a place within COVERAGE_KM of it.
    box = geo.bounding_box(query.point, COVERAGE_KM)
    covering = ServiceArea.objects.filter(
        Q(extent_type=ServiceArea.ExtentType.NATIONAL)
        | Q(
            latitude__range=(box.min_lat, box.max_lat),
            longitude__range=(box.min_lon, box.max_lon),
        )
    )
    return queryset.filter(service__in=covering.values("service_id")).order_by("id")


def service_detail(service_id: UUID, *, include_demo: bool) -> Service | None:
    queryset = service_queryset()
    if not include_demo:
        queryset = queryset.filter(is_demo=False)
    return queryset.filter(uuid=service_id).first()


def service_at_location_detail(sal_id: UUID, *, include_demo: bool) -> ServiceAtLocation | None:
    queryset = ServiceAtLocation.objects.select_related(
        "location__organization", "service"
    ).prefetch_related("location__addresses")
    if not include_demo:
        queryset = queryset.filter(service__is_demo=False)
    return queryset.filter(uuid=sal_id).first()


def organizations(*, include_demo: bool, search: str = "") -> QuerySet[Organization]:
    queryset = Organization.objects.prefetch_related(
        "phones",
        Prefetch("locations", queryset=Location.objects.select_related("organization")),
        "locations__addresses",
    )
    if not include_demo:
        queryset = queryset.filter(is_demo=False)
    for word in search.split():
        queryset = queryset.filter(Q(name__icontains=word) | Q(alternate_name__icontains=word))
    return queryset.order_by("id")


def organization_services(organization: Organization, *, include_demo: bool) -> QuerySet[Service]:
    return services(ServiceQuery(include_demo=include_demo)).filter(organization=organization)


def taxonomies(search: str = "") -> QuerySet[Taxonomy]:
    queryset = Taxonomy.objects.all()
    for word in search.split():
        queryset = queryset.filter(name__icontains=word)
    return queryset.order_by("id")


def taxonomy_terms(
    *,
    search: str = "",
    taxonomy_id: UUID | None = None,
    parent_id: UUID | None = None,
    top_only: bool = False,
) -> QuerySet[TaxonomyTerm]:
    queryset = TaxonomyTerm.objects.select_related("taxonomy", "parent")
    for word in search.split():
        queryset = queryset.filter(code__icontains=word)
    if taxonomy_id:
        queryset = queryset.filter(taxonomy__uuid=taxonomy_id)
    if parent_id:
        queryset = queryset.filter(parent__uuid=parent_id)
    if top_only:
        queryset = queryset.filter(parent__isnull=True)
    return queryset.order_by("id")


def imported_taxonomies(search: str = "") -> QuerySet[ImportedTaxonomy]:
    queryset = ImportedTaxonomy.objects.all()
    for word in search.split():
        queryset = queryset.filter(name__icontains=word)
    return queryset.order_by("id")


def imported_terms(
    *, search: str = "", taxonomy_id: UUID | None = None, parent_id: UUID | None = None
) -> QuerySet[ImportedTerm]:
    """Terms kept from imports; samen keeps no hierarchy of them (every one is a top term)."""
    if parent_id is not None:
        return ImportedTerm.objects.none()
    queryset = ImportedTerm.objects.select_related("taxonomy")
    for word in search.split():
        queryset = queryset.filter(Q(code__icontains=word) | Q(name__icontains=word))
    if taxonomy_id:
        queryset = queryset.filter(taxonomy__uuid=taxonomy_id)
    return queryset.order_by("id")


def last_modified(queryset: QuerySet) -> dt.datetime | None:
    """The newest change among the records a list shows (for Last-Modified)."""
    return queryset.order_by().aggregate(newest=Max("updated_at"))["newest"]
