"""Whom a member acts for on a page: one of the organisations or profiles they may act for."""

from collections.abc import Sequence
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext

from samen.core.errors import Refused
from samen.core.models import BaseModel

Option = TypeVar("Option", bound=BaseModel)


def acting_as(request: HttpRequest, options: Sequence[Option]) -> Option:
    """The option named by ``as`` (query string or form), else the first. Someone who may act
    for no one is refused, and so is an ``as`` naming someone they may not act for: never
    silently the first option instead."""
    if not options:
        raise PermissionDenied
    chosen = request.GET.get("as") or request.POST.get("as") or ""
    if not chosen:
        return options[0]
    for option in options:
        if str(option.uuid) == chosen:
            return option
    raise Refused(
        gettext(
            "You cannot act for this organisation or profile here. "
            "Go back and choose one of your own."
        )
    )
