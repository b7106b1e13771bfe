"""Result cards, rendered in Python: a search page draws twenty of them, and the same markup
through the template engine took half of the page's rendering time (see bench/README.md).
Labels, the detail-link pattern and today's date are computed once per list, not per card."""

from collections.abc import Iterable, Mapping
from datetime import date
from html import escape
from uuid import UUID

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from samen.core.translation import pick_with_language

from .languages import direction
from .listing import ListedService
from .models import Organization, Service, stale_before, tel_uri

PLACEHOLDER = UUID(int=0)


def translated(value: Mapping[str, str] | None, language: str) -> SafeString:
    """Content text in ``language``; a fallback is marked with its own lang and dir."""
    text, text_language = pick_with_language(value, language)
    if text_language and text_language != language:
        return format_html(
            '<span lang="{}" dir="{}">{}</span>', text_language, direction(text_language), text
        )
    return format_html("{}", text)


def service_cards(
    entries: Iterable[tuple[Service | ListedService, float | None, bool, str]],
    language: str,
    card_classes: Mapping[int, str] | None = None,
) -> SafeString:
    """``<li>`` cards for (service, distance in km or None, works nationally, how it reaches
    the language asked for) entries. ``listing_phone`` comes from listing.load_for_listing or
    listing.with_listing_phone. ``card_classes`` adds classes to a service's card, by its id."""
    labels = {
        "demo": escape(gettext("demo")),
        "unverified": escape(gettext("Not yet verified")),
        "24/7": escape(gettext("24/7")),
        "anonymous": escape(gettext("Anonymous")),
        "free": escape(gettext("Free")),
        "professionals": escape(gettext("For professionals")),
        "km": gettext("%(km)s km away"),
        "national": escape(gettext("Works in the whole country")),
        "call": escape(gettext("Call")),
        "stale": escape(gettext("Needs re-check: this information may be out of date.")),
    }
    detail_url = reverse("directory:service-detail", args=[PLACEHOLDER])
    checked_after = stale_before()
    # Every value in a card is escaped where it is inserted (tests/directory/test_cards.py).
    return mark_safe(  # noqa: S308
        "".join(
            _card(
                service,
                distance_km,
                is_national,
                reach,
                language,
                labels,
                detail_url,
                checked_after,
                (card_classes or {}).get(service.id, ""),
            )
            for service, distance_km, is_national, reach in entries
        )
    )


def _card(
    service: Service | ListedService,
    distance_km: float | None,
    is_national: bool,
    reach: str,
    language: str,
    labels: dict[str, str],
    detail_url: str,
    checked_after: date,
    classes: str,
) -> str:
    href = detail_url.replace(str(PLACEHOLDER), str(service.uuid))
    card_class = escape(f"card {classes}".strip())
    name = translated(service.name, language)
    parts = [f'<li class="{card_class}">\n  <h3><a href="{href}">{name}</a>']
    if service.is_demo:
        parts.append(f' <span class="badge demo">{labels["demo"]}</span>')
    if service.organization.verification == Organization.Verification.UNVERIFIED:
        parts.append(f' <span class="badge unverified">{labels["unverified"]}</span>')
    parts.append("</h3>\n")
    if service.organization.name != service.name.get("nl"):
        parts.append(f'  <p class="org" dir="auto">{escape(service.organization.name)}</p>\n')
    parts.append(f"  <p>{translated(service.description, language)}</p>\n")
    badges = [
        labels[key]
        for shown, key in (
            (service.open_24_7, "24/7"),
            (service.anonymous, "anonymous"),
            (service.free_of_charge, "free"),
            (service.audience == Service.Audience.PROFESSIONALS, "professionals"),
        )
        if shown
    ]
    if badges:
        items = "".join(f'<li class="badge" dir="auto">{badge}</li>' for badge in badges)
        parts.append(f'  <ul class="badges">{items}</ul>\n')
    if reach:
        parts.append(f'  <p class="reach">{escape(reach)}</p>\n')
    if distance_km is not None:
        where = escape(labels["km"] % {"km": number_format(round(distance_km, 1), 1)})
        parts.append(f'  <p class="where">{where}</p>\n')
    elif is_national:
        parts.append(f'  <p class="where">{labels["national"]}</p>\n')
    phone = getattr(service, "listing_phone", None)
    if phone:
        parts.append(
            f'  <p><a class="call" href="tel:{tel_uri(phone)}">{labels["call"]} '
            f'<span dir="ltr">{escape(phone)}</span></a></p>\n'
        )
    if service.last_checked is None or service.last_checked < checked_after:
        parts.append(f'  <p class="stale">{labels["stale"]}</p>\n')
    parts.append("</li>\n")
    return "".join(parts)
