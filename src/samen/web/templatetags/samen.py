"""Template helpers for translated content and phone links."""

import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django import template
from django.forms.formsets import BaseFormSet
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samen.audit.models import AuditEntry
from samen.directory import cards
from samen.directory.cards import translated
from samen.directory.hours import schedule_text
from samen.directory.languages import autonym as language_autonym
from samen.directory.listing import ListedService
from samen.directory.models import Schedule, Service
from samen.directory.selectors import SearchResult
from samen.referrals.guide import GuideResult
from samen.translations.status import TextStatus, shown_status

register = template.Library()

PICTOGRAMS = Path(__file__).resolve().parent.parent / "static" / "samen" / "pictograms.svg"


@cache
def pictogram_ids() -> frozenset[str]:
    """The needs the pictogram sprite has a drawing for (its symbols' ids)."""
    return frozenset(re.findall(r'<symbol id="([a-z0-9-]+)"', PICTOGRAMS.read_text()))


@register.simple_tag
def pictogram(code: str) -> SafeString:
    """A need's pictogram from the sprite, decorative (its text label stands beside it);
    nothing for a need without one."""
    if code not in pictogram_ids():
        return SafeString("")
    return format_html(
        '<svg class="pictogram" aria-hidden="true" focusable="false" width="32" height="32">'
        '<use href="{}#{}"></use></svg>',
        static("samen/pictograms.svg"),
        code,
    )


@register.simple_tag
def tr(value: Mapping[str, str] | None) -> SafeString:
    """Content text in the visitor's language; a fallback is marked with its own lang and dir."""
    return translated(value, get_language())


@register.simple_tag
def tr_in(value: Mapping[str, str] | None, language: str) -> SafeString:
    """Content text in a given language (the Dutch beside the visitor's on the pocket card)."""
    return translated(value, language)


@register.simple_tag
def text_note(obj: object, field: str) -> SafeString:
    """A short note under a text shown in a translation nobody has checked yet."""
    shown = shown_status(
        getattr(obj, field, None), (getattr(obj, "text_status", None) or {}).get(field)
    )
    if shown is None or shown.status != TextStatus.DRAFT:
        return SafeString("")
    return format_html('<p class="text-note">{}</p>', TextStatus.DRAFT.label)


@register.simple_tag
def service_cards(results: Iterable[SearchResult | Service | ListedService]) -> SafeString:
    """Result cards for search results, or for services listed without a distance."""
    entries = (
        (r.service, r.distance_km, r.is_national, r.reach)
        if isinstance(r, SearchResult)
        else (r, None, False, "")
        for r in results
    )
    return cards.service_cards(entries, get_language())


@register.simple_tag
def guide_result_cards(results: list[GuideResult]) -> SafeString:
    """The help guide's cards, each classed by the answers it fits (the stylesheet shows it)."""
    return cards.service_cards(
        ((result.service, None, False, "") for result in results),
        get_language(),
        {result.service.id: result.css_classes for result in results},
    )


@register.simple_tag
def weekly_hours(schedule: Schedule) -> SafeString:
    """A schedule's own description, or its days and times in words."""
    if schedule.description:
        return translated(schedule.description, get_language())
    return format_html("{}", schedule_text(schedule))


@register.filter
def autonym(code: str) -> str:
    return language_autonym(code)


@register.filter
def bdi(value: object) -> SafeString:
    """A name or number isolated from the text around it, so "112 (alarmnummer)" keeps its
    order on a right-to-left page (and an Arabic name on a left-to-right one)."""
    return format_html("<bdi>{}</bdi>", value)


# What an audit entry on a listing means, in words for its owners.
LISTING_ACTIONS = {
    "organization.registered": _("registered the listing"),
    "organization.updated": _("changed"),
    "organization.verified": _("verified the organisation"),
    "organization.confirmed": _("confirmed the listing is still correct"),
    "service.created": _("added a service"),
    "service.updated": _("changed a service:"),
}
LISTING_FIELDS = {
    "name": _("name"),
    "kind": _("kind"),
    "description": _("description"),
    "activities": _("activities"),
    "phone_number": _("phone number"),
    "website": _("website"),
    "email": _("e-mail address"),
    "languages": _("languages"),
    "communities": _("communities"),
    "region": _("region"),
    "topics": _("topics"),
    "url": _("web page"),
    "phones": _("phone numbers"),
    "places": _("places"),
    "hours": _("opening hours"),
}


@register.filter
def listing_change(entry: AuditEntry) -> str:
    """For example "changed name, website", for an audit entry about a listing."""
    text = str(LISTING_ACTIONS.get(entry.action, entry.action))
    changed = entry.data.get("changed", {})
    if changed:
        labels = [str(label) for field, label in LISTING_FIELDS.items() if field in changed]
        others = len([field for field in changed if field not in LISTING_FIELDS])
        text += " " + ", ".join([*labels, *([str(_("other details"))] if others else [])])
    return text


@register.simple_tag
def form_errors(*forms: Any) -> list[tuple[str, str]]:
    """Every error of the forms and formsets given, in page order, for an error summary: (the
    id of the input it belongs to, or "" for an error of the whole form, the message)."""
    errors: list[tuple[str, str]] = []
    for form in forms:
        if isinstance(form, BaseFormSet):
            errors += [("", str(message)) for message in form.non_form_errors()]
            errors += form_errors(*form.forms)
            continue
        errors += [("", str(message)) for message in form.non_field_errors()]
        for field in form:
            if field.errors:
                errors.append((field.id_for_label, " ".join(str(e) for e in field.errors)))
    return errors
