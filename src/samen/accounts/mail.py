"""E-mail to members, each in the language they signed up in."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise

from samen.core.outbox import queue_email

from .models import User


def mail_members(
    users: Iterable[User], *, subject: Promise, template: str, context: dict[str, Any]
) -> None:
    """One message per member with an address; the template gets ``site_url`` for links."""
    for user in users:
        if not user.email:
            continue
        with translation.override(user.language):
            body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
            queue_email(to=user.email, subject=str(subject), body=body)
