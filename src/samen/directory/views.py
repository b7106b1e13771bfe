"""Public pages of the social map: home, search, service and organisation detail."""

from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samen.core.translation import pick

from . import selectors
from .forms import SearchForm
from .hours import amsterdam_now, is_open_at
from .models import TaxonomyTerm
from .search import ServiceFilter


def _topic_options(topics: list[TaxonomyTerm]) -> list[tuple[str, str]]:
    return [(term.code, pick(term.name)) for term in topics]


def home(request: HttpRequest) -> HttpResponse:
    topics = selectors.topic_choices()
    return render(
        request,
        "directory/home.html",
        {
            "form": SearchForm(topics=_topic_options(topics)),
            "entry_points": [t for t in topics if t.is_entry_point],
            "help_now": selectors.help_now_lines(),
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, topics=_topic_options(selectors.topic_choices()))
    page_number = 1
    if form.is_bound:
        form.is_valid()
        page_number = form.cleaned_data.get("page") or 1
    filters = form.to_filter() if form.is_bound else ServiceFilter()
    result_page = selectors.service_search(
        filters=filters, page=page_number, page_size=settings.SEARCH_PAGE_SIZE
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/service_search.html",
        {
            "form": form,
            "page": result_page,
            "query_without_page": query.urlencode(),
            "help_now": selectors.help_now_lines() if not result_page.total else [],
        },
    )


def service_detail(request: HttpRequest, service_uuid: UUID) -> HttpResponse:
    service = selectors.service_detail(service_uuid=service_uuid)
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "open_now": is_open_at(
                open_24_7=service.open_24_7,
                schedules=service.schedules.all(),
                moment=amsterdam_now(),
            ),
            "has_hours": service.open_24_7 or bool(service.schedules.all()),
        },
    )


def organization_detail(request: HttpRequest, organization_uuid: UUID) -> HttpResponse:
    organization = selectors.organization_detail(organization_uuid=organization_uuid)
    return render(request, "directory/organization_detail.html", {"organization": organization})
