"""Sessions for other programs: schema.org Event JSON-LD and iCalendar. Neither ever carries a
registrant, and a hidden address stays hidden (only the neighbourhood or place)."""

import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from icalendar import Calendar, Event

from samen.core.translation import pick

from .models import InfoSession

EVENT_STATUS: dict[str, str] = {
    InfoSession.Status.PLANNED: "https://schema.org/EventScheduled",
    InfoSession.Status.HELD: "https://schema.org/EventScheduled",
    InfoSession.Status.CANCELLED: "https://schema.org/EventCancelled",
}
ATTENDANCE_MODE: dict[str, str] = {
    InfoSession.Format.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    InfoSession.Format.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    InfoSession.Format.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def public_place(session: InfoSession) -> str:
    """What anyone may know of where it is: the full address unless the organiser hid it."""
    if session.format == InfoSession.Format.ONLINE:
        return ""
    if session.address_after_registration:
        return ", ".join(part for part in (session.neighbourhood, session.city) if part)
    return full_address(session)


def full_address(session: InfoSession) -> str:
    """The whole address, for people who registered."""
    if session.format == InfoSession.Format.ONLINE:
        return ""
    parts = [session.venue, session.street, f"{session.postal_code} {session.city}".strip()]
    return ", ".join(part for part in parts if part)


def detail_url(session: InfoSession) -> str:
    return settings.SITE_URL + reverse("sessions:detail", args=[session.uuid])


def event_json_ld(session: InfoSession, places_left: int | None) -> dict[str, Any]:
    hosts = getattr(session, "accepted_hosts", None) or []
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": pick(session.title),
        "description": pick(session.description),
        "startDate": session.starts_at.isoformat(),
        "endDate": session.ends_at.isoformat(),
        "eventStatus": EVENT_STATUS.get(session.status, EVENT_STATUS[InfoSession.Status.PLANNED]),
        "eventAttendanceMode": ATTENDANCE_MODE[session.format],
        "inLanguage": session.languages,
        "isAccessibleForFree": True,
        "url": detail_url(session),
        "organizer": [
            {"@type": "Organization" if host.organization_id else "Person", "name": host.name}
            for host in hosts
        ],
    }
    locations: list[dict[str, Any]] = []
    if session.format != InfoSession.Format.ONLINE:
        address: dict[str, Any] = {
            "@type": "PostalAddress",
            "addressLocality": session.city,
            "addressCountry": "NL",
        }
        if not session.address_after_registration:
            address.update(streetAddress=session.street, postalCode=session.postal_code)
        locations.append(
            {"@type": "Place", "name": public_place(session) or session.city, "address": address}
        )
    if session.format != InfoSession.Format.IN_PERSON:
        # The joining link is for registrants; the public page is the virtual location.
        locations.append({"@type": "VirtualLocation", "url": detail_url(session)})
    data["location"] = locations[0] if len(locations) == 1 else locations
    if places_left is not None:
        data["remainingAttendeeCapacity"] = places_left
        data["maximumAttendeeCapacity"] = session.capacity
    return data


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """A JSON-LD block; "<", ">" and "&" are escaped so the data cannot end the element."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def icalendar(sessions: Iterable[InfoSession], name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//samen//information sessions//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for session in sessions:
        event = Event()
        event.add("uid", f"{session.uuid}@samen")
        event.add("sequence", session.sequence)
        event.add("dtstamp", session.updated_at)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", pick(session.title))
        event.add("description", pick(session.description))
        event.add("url", detail_url(session))
        event.add(
            "status", "CANCELLED" if session.status == InfoSession.Status.CANCELLED else "CONFIRMED"
        )
        place = public_place(session)
        if place:
            event.add("location", place)
        calendar.add_component(event)
    return calendar.to_ical()
