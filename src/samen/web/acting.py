"""Whom a member acts for on a page: one of the organisations or profiles they may act for."""

from collections.abc import Sequence
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from samen.core.models import BaseModel

Option = TypeVar("Option", bound=BaseModel)


def acting_as(request: HttpRequest, options: Sequence[Option]) -> Option:
    """The option named by ``as`` (query string or form), else the first; someone who may act
    for no one is refused."""
    if not options:
        raise PermissionDenied
    chosen = request.GET.get("as") or request.POST.get("as") or ""
    return next((option for option in options if str(option.uuid) == chosen), options[0])
