"""Query parameters of the HSDS API, checked before any query runs: a bad one is a 400 with a
message naming it (BadParameter), never a 500."""

import datetime as dt
import math
from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header

from samen.directory import geo

from .selectors import ServiceQuery

T = TypeVar("T")

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25
MAX_PROXIMITY_M = 300_000


class BadParameter(Exception):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def _get(params: QueryDict, name: str, parse: Callable[[str], T], message: str) -> T | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    try:
        return parse(raw)
    except (ValueError, TypeError, OverflowError) as error:
        raise BadParameter(name, message) from error


def _boolean(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    raise ValueError(raw)


def boolean(params: QueryDict, name: str) -> bool:
    return bool(_get(params, name, _boolean, f"'{name}' must be true or false."))


def uuid(params: QueryDict, name: str) -> UUID | None:
    return _get(params, name, UUID, f"'{name}' must be a UUID.")


def _datetime(raw: str) -> dt.datetime:
    value = parse_datetime(raw.strip().replace(" ", "+"))
    if value is None:
        day = parse_date(raw.strip())
        if day is None:
            raise ValueError(raw)
        value = dt.datetime.combine(day, dt.time())
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    # In UTC: PostgreSQL refuses an offset beyond its range (-18:09, found by schemathesis).
    return value.astimezone(dt.UTC)


def page(params: QueryDict) -> tuple[int, int]:
    """(page number from 1, page size up to MAX_PER_PAGE)."""
    number = _get(params, "page", int, "'page' must be a whole number of at least 1.")
    size = _get(
        params,
        "per_page",
        int,
        f"'per_page' must be a whole number from 1 to {MAX_PER_PAGE}.",
    )
    if number is not None and number < 1:
        raise BadParameter("page", "'page' must be a whole number of at least 1.")
    if size is not None and not 1 <= size <= MAX_PER_PAGE:
        raise BadParameter(
            "per_page", f"'per_page' must be a whole number from 1 to {MAX_PER_PAGE}."
        )
    return number or 1, size or DEFAULT_PER_PAGE


def output_format(params: QueryDict) -> str:
    value = params.get("format") or "json"
    if value not in ("json", "ndjson"):
        raise BadParameter("format", "'format' must be json or ndjson.")
    return value


def search(params: QueryDict) -> str:
    text = " ".join(params.get("search", "").split())
    if len(text) > 200:
        raise BadParameter("search", "'search' may be at most 200 characters.")
    if "\x00" in text:
        raise BadParameter("search", "'search' may not contain a NUL character.")
    return text


def _proximity(raw: str) -> float:
    value = float(raw)
    if not math.isfinite(value) or not 0 <= value <= MAX_PROXIMITY_M:
        raise ValueError(raw)
    return value


def service_query(params: QueryDict, *, places: bool = False) -> ServiceQuery:
    """The filters of /services (and, with `places`, /service_at_locations)."""
    point = None
    proximity = None
    if places:
        postcode = params.get("postcode", "").strip()
        proximity = _get(
            params,
            "proximity",
            _proximity,
            f"'proximity' must be a distance in metres from 0 to {MAX_PROXIMITY_M}.",
        )
        if postcode:
            if not geo.POSTCODE_RE.match(postcode):
                raise BadParameter(
                    "postcode", "'postcode' must be a Dutch postcode (1234 or 1234 AB)."
                )
            point = geo.resolve_place(postcode)
            if point is None:
                raise BadParameter("postcode", "'postcode' is not a known Dutch postcode.")
        elif proximity is not None:
            raise BadParameter("proximity", "'proximity' needs a 'postcode'.")
    return ServiceQuery(
        include_demo=boolean(params, "demo"),
        search=search(params),
        taxonomy_term_id=uuid(params, "taxonomy_term_id"),
        taxonomy_id=uuid(params, "taxonomy_id"),
        organization_id=uuid(params, "organization_id"),
        modified_after=_get(
            params,
            "modified_after",
            _datetime,
            "'modified_after' must be an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z.",
        ),
        point=point,
        proximity_m=proximity,
    )


def language(request: HttpRequest) -> str:
    """`?lang=` if given (it must be one of samen's languages), else the best of
    Accept-Language, else Dutch. Never the language cookie: the API is the same for everyone."""
    codes = [code for code, _name in settings.LANGUAGES]
    requested = request.GET.get("lang")
    if requested:
        if requested not in codes:
            raise BadParameter("lang", f"'lang' must be one of {', '.join(codes)}.")
        return requested
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            continue
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE
