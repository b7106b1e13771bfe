"""What a translator can translate in the web app: the texts of real listings, topics and
toolkits, each field with the label a translator sees. Demo records are never offered."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samen.core.translation import pick
from samen.directory.models import Organization, Service, TaxonomyTerm
from samen.sessions.models import Toolkit


@dataclass(frozen=True)
class TextField:
    key: str  # a field of the model, or "phone:<position>:<field>" of a service
    label: str | Promise
    multiline: bool = True


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise
    model: type[models.Model]
    queryset: Callable[[], QuerySet[Any]]
    fields: tuple[TextField, ...]
    title: Callable[[Any], str]
    # Services also have their phone lines' texts.
    has_phones: bool = False


PHONE_FIELDS = (
    ("description", _("Phone line %(number)s: what it is for")),
    ("professional_description", _("Phone line %(number)s: for professionals only")),
    ("hours_description", _("Phone line %(number)s: when it is open")),
    ("cost_description", _("Phone line %(number)s: what it costs")),
)

KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        Kind(
            "service",
            _("Services"),
            Service,
            lambda: (
                Service.objects.filter(is_demo=False)
                .exclude(status=Service.Status.INACTIVE)
                .order_by("organization__name", "id")
            ),
            (
                TextField("name", _("Name"), multiline=False),
                TextField("description", _("What the service does")),
                TextField("professional_description", _("For professionals only")),
                TextField("chat_description", _("Chat")),
                TextField("interpreter_description", _("Interpreter")),
            ),
            lambda service: pick(service.name, "nl"),
            has_phones=True,
        ),
        Kind(
            "organisation",
            _("Organisations"),
            Organization,
            lambda: Organization.objects.filter(is_demo=False).order_by("name"),
            (
                TextField("description", _("What the organisation does")),
                TextField("activities", _("Regular activities")),
            ),
            lambda organization: organization.name,
        ),
        Kind(
            "topic",
            _("Topics"),
            TaxonomyTerm,
            lambda: TaxonomyTerm.objects.order_by("position", "code"),
            (
                TextField("name", _("Name"), multiline=False),
                TextField("description", _("Description")),
            ),
            lambda term: pick(term.name, "nl"),
        ),
        Kind(
            "toolkit",
            _("Toolkits"),
            Toolkit,
            lambda: Toolkit.objects.filter(status=Toolkit.Status.APPROVED).order_by("id"),
            (
                TextField("title", _("Title"), multiline=False),
                TextField("description", _("What it is")),
            ),
            lambda toolkit: pick(toolkit.title, "nl"),
        ),
    )
}


def text_fields(kind: Kind, obj: Any) -> list[TextField]:
    """The fields of one record a translator sees: the kind's, and a service's phone lines."""
    fields = list(kind.fields)
    if kind.has_phones:
        for phone in obj.phones.all():
            fields.extend(
                TextField(f"phone:{phone.position}:{name}", label % {"number": phone.number}, False)
                for name, label in PHONE_FIELDS
            )
    return fields


def values_of(obj: Any, key: str) -> dict[str, str]:
    if key.startswith("phone:"):
        _phone, position, field = key.split(":")
        phone = next(p for p in obj.phones.all() if p.position == int(position))
        return dict(getattr(phone, field) or {})
    return dict(getattr(obj, key) or {})


def set_values(obj: Any, key: str, values: dict[str, str]) -> models.Model:
    """Set one field's texts; returns the row to save (the service, or its phone line)."""
    if key.startswith("phone:"):
        _phone, position, field = key.split(":")
        phone = next(p for p in obj.phones.all() if p.position == int(position))
        setattr(phone, field, values)
        return phone  # type: ignore[no-any-return]
    setattr(obj, key, values)
    return obj  # type: ignore[no-any-return]
