"""Reads of the public directory. Everything here is what an anonymous visitor may see."""

from dataclasses import dataclass, replace
from itertools import groupby
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language, gettext

from samen.accounts.models import Membership, User
from samen.audit.models import AuditEntry
from samen.core.translation import fold, pick
from samen.web.microcache import derived

from . import needs, policies
from .geo import GeoPoint, distance_km
from .languages import autonym
from .listing import ListedService, load_for_listing, with_listing_phone
from .models import (
    KeyPerson,
    Language,
    ListingSuggestion,
    Location,
    Network,
    NetworkMembership,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from .policies import EDITING_ROLES
from .search import Hit, Reach, ServiceFilter, search_service_ids


@dataclass(frozen=True)
class SearchResult:
    service: ListedService
    distance_km: float | None
    is_national: bool
    # With a language filter: whether it speaks it, offers an interpreter, or is an urgent line.
    reach: str = ""


@dataclass(frozen=True)
class SearchPage:
    results: list[SearchResult]
    total: int
    page: int
    page_size: int
    # More matches than `total` (the count stops at settings.SEARCH_CANDIDATES: "1,000+").
    more: bool = False
    # What need search understood the text as: topic names in the reader's language, and the
    # phrase a misspelt query was taken for.
    understood: tuple[str, ...] = ()
    corrected: str = ""

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.page_count

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def public_services() -> QuerySet[Service]:
    return Service.objects.filter(status=Service.Status.ACTIVE)


def service_search(*, filters: ServiceFilter, page: int, page_size: int) -> SearchPage:
    """A page of services matching the filters, in two queries. The text is also read as
    needs (any language, misspelt, everyday words): their services match it too."""
    need = needs.understand(filters.text) if filters.text else None
    if need is not None:
        filters = replace(filters, need_codes=need.codes)
    found = search_service_ids(filters, limit=page_size, offset=(page - 1) * page_size)
    hits = found.hits
    services = load_for_listing([hit.service_id for hit in hits])
    names = dict(topic_options()) if need is not None else {}
    reach = _reach_labels(filters.language) if filters.language else {}
    return SearchPage(
        results=[_result(hit, services[hit.service_id], reach) for hit in hits],
        total=found.total,
        more=found.more,
        page=page,
        page_size=page_size,
        understood=tuple(names[code] for code in need.codes if code in names) if need else (),
        corrected=need.corrected if need else "",
    )


def _reach_labels(language: str) -> dict[int | None, str]:
    return {
        Reach.SPEAKS: gettext("Speaks %(language)s") % {"language": autonym(language)},
        Reach.INTERPRETER: gettext("With a free interpreter"),
        Reach.URGENT_LINE: gettext("National line for urgent help; languages not known"),
    }


def _result(hit: Hit, service: ListedService, reach: dict[int | None, str]) -> SearchResult:
    return SearchResult(
        service=service,
        distance_km=hit.distance_km,
        is_national=hit.is_national,
        reach=reach.get(hit.reach, ""),
    )


def service_detail(*, service_uuid: UUID) -> Service:
    return get_object_or_404(
        public_services()
        .select_related("organization", "imported_from")
        .prefetch_related(
            "phones",
            "schedules",
            "service_areas",
            Prefetch("languages", queryset=Language.objects.order_by("code")),
            Prefetch("topics", queryset=TaxonomyTerm.objects.order_by("position")),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                    "location__addresses", "location__accessibility"
                ),
            ),
        ),
        uuid=service_uuid,
    )


def organization_detail(*, organization_uuid: UUID) -> Organization:
    return get_object_or_404(
        Organization.objects.select_related("imported_from").prefetch_related(
            "phones",
            Prefetch("services", queryset=with_listing_phone(public_services())),
            Prefetch("locations", queryset=Location.objects.prefetch_related("addresses")),
        ),
        uuid=organization_uuid,
    )


def topic_choices() -> list[TaxonomyTerm]:
    """Every topic in order, kept in this process until the directory changes (do not change
    the list or its terms)."""
    return derived(
        "topic-choices",
        lambda: list(
            TaxonomyTerm.objects.only("code", "name", "is_entry_point").order_by("position")
        ),
    )


def topic_options() -> list[tuple[str, str]]:
    """(code, name in the active language) of every topic, for filter selects."""
    language = get_language() or "nl"
    return derived(
        f"topic-options:{language}",
        lambda: [(term.code, pick(term.name)) for term in topic_choices()],
    )


def need_suggestions() -> list[str]:
    """For a search that found nothing: the entry-point needs, named in the reader's language
    (need search finds each of them)."""
    entry_points = {t.code for t in topic_choices() if t.is_entry_point}
    return [name for code, name in topic_options() if code in entry_points]


@dataclass(frozen=True)
class LineNumbers:
    """Numbers of one help line that are for the same thing on the same terms: one label for
    them all (113 and 0800-0113 are both "Suicide prevention", free and anonymous)."""

    phones: tuple[Phone, ...]

    @property
    def first(self) -> Phone:
        return self.phones[0]


@dataclass(frozen=True)
class HelpLine:
    service: Service
    numbers: tuple[LineNumbers, ...]


def _same_terms(phone: Phone) -> tuple[object, ...]:
    return (phone.description, phone.free_of_charge, phone.anonymous)


def _line_numbers(phones: list[Phone]) -> tuple[LineNumbers, ...]:
    """A line's phones in their order, neighbours with the same label and terms together."""
    return tuple(LineNumbers(phones=tuple(group)) for _, group in groupby(phones, _same_terms))


def help_now_lines() -> list[HelpLine]:
    """Real (never demo) lines that are open day and night, each with every number it has,
    for the "Need help now?" block and the pocket card; kept in this process until the
    directory changes."""

    def build() -> list[HelpLine]:
        services = (
            public_services()
            .filter(open_24_7=True, is_demo=False, audience=Service.Audience.EVERYONE)
            .prefetch_related(Prefetch("phones", queryset=Phone.objects.order_by("position", "id")))
            .order_by("id")
        )
        lines = [HelpLine(service=s, numbers=_line_numbers(list(s.phones.all()))) for s in services]
        return [line for line in lines if line.numbers]

    return derived("help-now-lines", build)


def advice_lines() -> list[Service]:
    """Real services that advise professionals and key persons (many also anonymously)."""
    return list(
        public_services()
        .filter(advice_for_professionals=True, is_demo=False)
        .select_related("organization")
        .prefetch_related(Prefetch("phones", queryset=Phone.objects.order_by("position", "id")))
        .order_by("-anonymous", "id")
    )


def listing_history(*, organization: Organization) -> list[AuditEntry]:
    """Every recorded change to the listing and its services (who, when, what), newest
    first, for its owners."""
    service_ids = [str(pk) for pk in organization.services.values_list("pk", flat=True)]
    return list(
        AuditEntry.objects.filter(
            Q(target_type=Organization._meta.label_lower, target_id=str(organization.pk))
            | Q(target_type=Service._meta.label_lower, target_id__in=service_ids)
        )
        .select_related("actor_user")
        .order_by("-at", "-id")
    )


def organizations_of(*, user: User) -> list[Membership]:
    return list(user.memberships.select_related("organization").order_by("organization__name"))


def suggestions_open_for(*, user: User) -> list[ListingSuggestion]:
    """Open suggestions this person may handle: all for administrators, else their listings'."""
    queryset = ListingSuggestion.objects.filter(status=ListingSuggestion.Status.OPEN)
    if not user.is_staff:
        queryset = queryset.filter(
            organization__memberships__user=user,
            organization__memberships__role__in=EDITING_ROLES,
        )
    return list(queryset.select_related("organization").order_by("-created_at"))


def key_person_search(
    *,
    viewer: User | AnonymousUser,
    language: str = "",
    community: str = "",
    topic_code: str = "",
    near: GeoPoint | None = None,
    radius_km: float = 25.0,
) -> list[KeyPerson]:
    """Key persons this viewer may see, filtered."""
    queryset = _visible_key_persons(viewer)
    if topic_code:
        queryset = queryset.filter(topics__code=topic_code)
    people = list(queryset.distinct())
    # Languages and communities are short JSON lists: filtered here, the same on every database.
    if language:
        people = [p for p in people if language in p.languages]
    if community:
        wanted = fold(community)
        people = [p for p in people if any(wanted in fold(c) for c in p.communities)]
    if near is not None:
        people = [
            p
            for p in people
            if p.latitude is not None
            and p.longitude is not None
            and distance_km(near.latitude, near.longitude, p.latitude, p.longitude) <= radius_km
        ]
    return people


def key_person_detail(*, viewer: User | AnonymousUser, key_person_uuid: UUID) -> KeyPerson:
    """One profile, or 404 for anyone it is not shown to (the same as if it did not exist)."""
    return get_object_or_404(
        _visible_key_persons(viewer).prefetch_related(
            "topics",
            Prefetch(
                "user__memberships",
                queryset=Membership.objects.select_related("organization"),
                to_attr="affiliations",
            ),
        ),
        uuid=key_person_uuid,
    )


def _visible_key_persons(viewer: User | AnonymousUser) -> QuerySet[KeyPerson]:
    """The one place that decides whose profiles a viewer sees; one's own always shows."""
    visible = Q(visibility__in=policies.visible_key_person_levels(viewer))
    if isinstance(viewer, User):
        visible |= Q(user=viewer)
    return KeyPerson.objects.filter(visible, user__is_active=True)


def networks() -> list[Network]:
    return list(Network.objects.order_by("name"))


def network_members(*, network: Network) -> list[Organization]:
    """Member organisations, with what a coordinator watches: verification and last check."""
    return list(
        Organization.objects.filter(
            network_memberships__network=network,
            network_memberships__status=NetworkMembership.Status.MEMBER,
        ).order_by("name")
    )


def network_requests(*, network: Network) -> list[NetworkMembership]:
    return list(
        network.memberships.filter(status=NetworkMembership.Status.REQUESTED)
        .select_related("organization")
        .order_by("created_at")
    )


def networks_to_join(*, organization: Organization) -> list[Network]:
    """Networks the organisation is not in and has no open request with."""
    return list(
        Network.objects.exclude(
            memberships__organization=organization,
            memberships__status__in=(
                NetworkMembership.Status.MEMBER,
                NetworkMembership.Status.REQUESTED,
                NetworkMembership.Status.INVITED,
            ),
        ).order_by("name")
    )


def organization_search(
    *,
    kind: str = "",
    language: str = "",
    community: str = "",
    region: str = "",
    topic_code: str = "",
) -> list[Organization]:
    """Organisations (migrant organisations first of all) by who they serve and where: the
    real ones, and demo ones someone runs (demo_community.py, labelled demo), not the many
    demo organisations that only hold benchmark services (demo.py)."""
    queryset = Organization.objects.filter(
        Q(is_demo=False) | Q(is_demo=True, memberships__isnull=False)
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if topic_code:
        queryset = queryset.filter(topics__code=topic_code)
    found = list(queryset.distinct().order_by("name"))
    # Short JSON lists and free-text regions: filtered here, folded, the same on every database.
    if language:
        found = [o for o in found if language in o.languages]
    if community:
        wanted = fold(community)
        found = [o for o in found if any(wanted in fold(c) for c in o.communities)]
    if region:
        wanted = fold(region)
        found = [o for o in found if wanted in fold(o.region)]
    return found


def network_invitations(*, organization: Organization) -> list[NetworkMembership]:
    return list(
        organization.network_memberships.filter(status=NetworkMembership.Status.INVITED)
        .select_related("network")
        .order_by("created_at")
    )


def organizations_to_invite(*, network: Network) -> list[Organization]:
    """Real organisations not yet in, asked by, or invited to the network."""
    return list(
        Organization.objects.filter(is_demo=False)
        .exclude(network_memberships__network=network)
        .order_by("name")
    )
