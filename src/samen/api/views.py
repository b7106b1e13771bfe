"""The Open Referral HSDS 3.0 API: read-only, anonymous, one language per response.

Every endpoint goes through `endpoint`: CORS for every origin, a per-client rate limit, the
language (?lang= or Accept-Language, stated in Content-Language), ETag / Last-Modified with 304,
and a JSON error body for a bad parameter (400), an unknown id (404) or too many requests (429).
"""

import datetime as dt
import hashlib
import json
from array import array
from collections.abc import Callable, Iterable, Iterator
from functools import wraps
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from samen.web.ratelimit import allow

from . import params, selectors
from .history import Change, service_history, with_history
from .openapi import openapi_document
from .serializers import (
    ATTRIBUTE_TAXONOMY_ID,
    attribute_taxonomy_to_hsds,
    attribute_term_codes,
    attribute_term_to_hsds,
    imported_term_to_hsds,
    organization_brief,
    organization_to_hsds,
    service_at_location_to_hsds,
    service_brief,
    service_to_hsds,
    taxonomy_to_hsds,
    term_to_hsds,
)

View = Callable[..., HttpResponseBase]
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "Content-Language, ETag, Last-Modified, Retry-After",
    "Access-Control-Max-Age": "86400",
}


def error(status: int, message: str, **extra: Any) -> JsonResponse:
    return JsonResponse({"status": status, "message": message, **extra}, status=status)


def endpoint(view: View) -> View:
    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        response: HttpResponseBase
        language = settings.LANGUAGE_CODE
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        elif request.method not in ("GET", "HEAD"):
            response = error(405, "This API is read-only: use GET.")
            response["Allow"] = "GET, HEAD, OPTIONS"
        elif not allow(
            request,
            action="api",
            limit=settings.API_REQUESTS_PER_MINUTE,
            window_seconds=60,
        ):
            response = error(429, "Too many requests: wait a minute, then try again.")
            response["Retry-After"] = "60"
        else:
            try:
                language = params.language(request)
                response = view(request, language=language, **kwargs)
            except params.BadParameter as bad:
                response = error(400, bad.message, parameter=bad.name)
        for header, value in CORS_HEADERS.items():
            response[header] = value
        response["Cross-Origin-Resource-Policy"] = "cross-origin"
        response["Content-Language"] = language
        response["Vary"] = "Accept-Language"
        return response

    return wrapper


def _json(
    request: HttpRequest, data: Any, last_modified: dt.datetime | None = None
) -> HttpResponseBase:
    """A JSON response with a strong ETag of its body; 304 when the client has it already."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response["Cache-Control"] = "public, max-age=60"
    timestamp = int(last_modified.timestamp()) if last_modified else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    conditional = get_conditional_response(
        request, etag=response["ETag"], last_modified=timestamp, response=response
    )
    return conditional or response


def _ndjson(items: Iterable[dict[str, Any]]) -> StreamingHttpResponse:
    """Every result, one JSON object a line, streamed without paging."""

    def lines() -> Iterator[bytes]:
        for item in items:
            yield json.dumps(item, ensure_ascii=False).encode() + b"\n"

    return StreamingHttpResponse(lines(), content_type="application/x-ndjson")


def _page_object(contents: list[Any], total: int, number: int, size: int) -> dict[str, Any]:
    total_pages = max(1, -(-total // size))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


Shape = Callable[[Any, list[Change] | None], dict[str, Any]]


def _list(
    request: HttpRequest,
    queryset: QuerySet,
    shape: Shape,
    *,
    changes: bool = False,
    known: array | None = None,
    rows: Callable[[QuerySet, list[int]], list[Any]] | None = None,
) -> HttpResponseBase:
    """A page of `queryset` (or all of it as ndjson), each record through `shape`, with its
    history (history.py) when `changes` is set. With `known` (the ids of `queryset` in order,
    kept in memory), the page is a slice of them and only its rows are read; `rows` reads
    them (the page's records of `queryset` by default). The newest change (Last-Modified) is
    read each time from its index: a change made without a signal still shows."""

    def shaped(records: Iterable[Any]) -> Iterator[dict[str, Any]]:
        if not changes:
            return (shape(record, None) for record in records)
        return (shape(record, history) for record, history in with_history(records))

    if params.output_format(request.GET) == "ndjson":
        return _ndjson(shaped(queryset.iterator(chunk_size=500)))
    number, size = params.page(request.GET)
    start = (number - 1) * size
    if known is not None:
        total, ids = len(known), known[start : start + size].tolist()
    else:
        total = queryset.count()
        # The page's ids first, from a narrow index (deep pages skip thousands of rows,
        # cheaply), then only those rows with what they nest.
        ids = list(queryset.values_list("pk", flat=True)[start : start + size]) if total else []
    newest = selectors.last_modified(queryset) if total else None
    if not ids:
        records = []
    elif rows is not None:
        records = rows(queryset, ids)
    else:
        records = list(queryset.filter(pk__in=ids))
    data = _page_object(list(shaped(records)), total, number, size)
    return _json(request, data, newest)


def _list_of_dicts(request: HttpRequest, items: list[dict[str, Any]]) -> HttpResponseBase:
    """Paging for the short lists of taxonomies and terms, built in full."""
    if params.output_format(request.GET) == "ndjson":
        return _ndjson(items)
    number, size = params.page(request.GET)
    contents = items[(number - 1) * size : number * size]
    return _json(request, _page_object(contents, len(items), number, size))


def _not_found(what: str) -> JsonResponse:
    return error(404, f"No {what} with this id.")


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None


@endpoint
def index(request: HttpRequest, language: str) -> HttpResponseBase:
    return _json(
        request,
        {
            "version": "3.0",
            "profile": "https://docs.openreferral.org/en/latest/hsds/",
            "openapi_url": request.build_absolute_uri(reverse("api:openapi")),
            "language": language,
        },
    )


@endpoint
def openapi(request: HttpRequest, language: str) -> HttpResponseBase:
    return _json(request, openapi_document())


@endpoint
def service_list(request: HttpRequest, language: str) -> HttpResponseBase:
    query = params.service_query(request.GET)
    full = params.boolean(request.GET, "full")
    minimal = params.boolean(request.GET, "minimal")
    if full and minimal:
        raise params.BadParameter("minimal", "'minimal' and 'full' cannot both be true.")

    def shape(service: Any, changes: list[Change] | None) -> dict[str, Any]:
        if minimal:
            return {
                "id": str(service.uuid),
                "name": service_brief(service, language)["name"],
                "status": service.status,
                "last_modified": service.updated_at.isoformat(),
            }
        if full:
            return service_to_hsds(service, language, changes)
        return service_brief(service, language)

    return _list(
        request,
        selectors.services(query, full=full),
        shape,
        changes=full,
        known=selectors.service_ids(query),
        rows=None if full else selectors.brief_services,
    )


@endpoint
def service_detail(request: HttpRequest, language: str, service_id: str) -> HttpResponseBase:
    include_demo = params.boolean(request.GET, "demo")
    uuid = _uuid(service_id)
    service = selectors.service_detail(uuid, include_demo=include_demo) if uuid else None
    if service is None:
        return _not_found("service")
    changes = service_history([service]).get(service.pk, [])
    return _json(request, service_to_hsds(service, language, changes), service.updated_at)


@endpoint
def service_at_location_list(request: HttpRequest, language: str) -> HttpResponseBase:
    query = params.service_query(request.GET, places=True)
    full = params.boolean(request.GET, "full")
    queryset = selectors.service_at_locations(query, full=full)

    def shape(sal: Any, _changes: list[Change] | None) -> dict[str, Any]:
        service = (service_to_hsds if full else service_brief)(sal.service, language)
        return service_at_location_to_hsds(sal, language, service=service)

    return _list(request, queryset, shape)


@endpoint
def service_at_location_detail(
    request: HttpRequest, language: str, sal_id: str
) -> HttpResponseBase:
    include_demo = params.boolean(request.GET, "demo")
    uuid = _uuid(sal_id)
    sal = selectors.service_at_location_detail(uuid, include_demo=include_demo) if uuid else None
    if sal is None:
        return _not_found("service at location")
    service = selectors.service_detail(sal.service.uuid, include_demo=True)
    data = service_at_location_to_hsds(
        sal, language, service=service_to_hsds(service, language) if service else None
    )
    return _json(request, data, sal.service.updated_at)


@endpoint
def organization_list(request: HttpRequest, language: str) -> HttpResponseBase:
    include_demo = params.boolean(request.GET, "demo")
    full = params.boolean(request.GET, "full")
    full_service = params.boolean(request.GET, "full_service")
    queryset = selectors.organizations(include_demo=include_demo, search=params.search(request.GET))
    if full_service:
        queryset = queryset.prefetch_related(
            Prefetch(
                "services",
                queryset=selectors.services(selectors.ServiceQuery(include_demo=include_demo)),
                to_attr="public_services",
            )
        )

    def shape(organization: Any, _changes: list[Change] | None) -> dict[str, Any]:
        if full_service:
            services = [service_to_hsds(s, language) for s in organization.public_services]
            return organization_to_hsds(organization, language, services=services)
        if full:
            return organization_to_hsds(organization, language)
        return organization_brief(organization, language)

    return _list(request, queryset, shape)


@endpoint
def organization_detail(
    request: HttpRequest, language: str, organization_id: str
) -> HttpResponseBase:
    include_demo = params.boolean(request.GET, "demo")
    full_service = params.boolean(request.GET, "full_service")
    uuid = _uuid(organization_id)
    queryset = selectors.organizations(include_demo=include_demo)
    organization = queryset.filter(uuid=uuid).first() if uuid else None
    if organization is None:
        return _not_found("organization")
    services = selectors.organization_services(organization, include_demo=include_demo)
    shape = service_to_hsds if full_service else service_brief
    return _json(
        request,
        organization_to_hsds(
            organization, language, services=[shape(s, language) for s in services]
        ),
        organization.updated_at,
    )


def _taxonomies(search: str) -> list[dict[str, Any]]:
    """samen's topics, its attributes, then the taxonomies kept from imports."""
    items = [taxonomy_to_hsds(t) for t in selectors.taxonomies(search)]
    attributes = attribute_taxonomy_to_hsds()
    if all(word.lower() in attributes["name"] for word in search.split()):
        items.append(attributes)
    items.extend(taxonomy_to_hsds(t) for t in selectors.imported_taxonomies(search))
    return items


@endpoint
def taxonomy_list(request: HttpRequest, language: str) -> HttpResponseBase:
    return _list_of_dicts(request, _taxonomies(params.search(request.GET)))


@endpoint
def taxonomy_detail(request: HttpRequest, language: str, taxonomy_id: str) -> HttpResponseBase:
    found = [t for t in _taxonomies("") if t["id"] == str(_uuid(taxonomy_id))]
    return _json(request, found[0]) if found else _not_found("taxonomy")


def _terms(request: HttpRequest, language: str) -> list[dict[str, Any]]:
    search = params.search(request.GET)
    taxonomy_id = params.uuid(request.GET, "taxonomy_id")
    parent_id = params.uuid(request.GET, "parent_id")
    top_only = params.boolean(request.GET, "top_only")
    terms = selectors.taxonomy_terms(
        search=search, taxonomy_id=taxonomy_id, parent_id=parent_id, top_only=top_only
    )
    items = [term_to_hsds(term, language) for term in terms]
    if parent_id is None and taxonomy_id in (None, UUID(ATTRIBUTE_TAXONOMY_ID)):
        items.extend(
            attribute_term_to_hsds(code, language)
            for code in attribute_term_codes()
            if all(word.lower() in code for word in search.split())
        )
    items.extend(
        imported_term_to_hsds(term)
        for term in selectors.imported_terms(
            search=search, taxonomy_id=taxonomy_id, parent_id=parent_id
        )
    )
    return items


@endpoint
def taxonomy_term_list(request: HttpRequest, language: str) -> HttpResponseBase:
    return _list_of_dicts(request, _terms(request, language))


@endpoint
def taxonomy_term_detail(request: HttpRequest, language: str, term_id: str) -> HttpResponseBase:
    uuid = _uuid(term_id)
    term = selectors.taxonomy_terms().filter(uuid=uuid).first() if uuid else None
    if term is not None:
        return _json(request, term_to_hsds(term, language), term.updated_at)
    imported = selectors.imported_terms().filter(uuid=uuid).first() if uuid else None
    if imported is not None:
        return _json(request, imported_term_to_hsds(imported), imported.updated_at)
    found = [
        attribute_term_to_hsds(code, language)
        for code in attribute_term_codes()
        if attribute_term_to_hsds(code, language)["id"] == str(uuid)
    ]
    return _json(request, found[0]) if found else _not_found("taxonomy term")
