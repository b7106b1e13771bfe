"""A retry never makes a second record: every form that creates something carries a
single-use key, and a double tap or a reload after a timeout shows the first result.

The key is a signed stamp (`samen.web.stamps`) in a hidden field; on signed-in pages it is
signed for the user too, so it works only for whom it was shown. The database keeps the
SHA-256 of the key's nonce and a reference to what its first send created (an id), never the
key: the table alone shows nobody a result. The digest is the first row the creating
transaction writes; its unique constraint makes a second send at the same moment wait for
the first one's commit and then read its result (on SQLite, the write lock does the same).
"""

import base64
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from samen.core.errors import ApplicationError
from samen.core.models import FormKey

from . import stamps

FIELD = "form_key"
# A signed-in form may stay open for a working day (a referral is often written with the
# person, in between other things).
MAX_AGE = 24 * 60 * 60
# Longer than any form key is accepted: a purged key could only be refused as too old.
KEEP_FOR = dt.timedelta(days=3)


def issue(purpose: str, *, user: Any = None) -> str:
    """A fresh key for one form shown (to `user` on a signed-in page)."""
    return stamps.stamp_issue(_signed_for(purpose, user))


def _signed_for(purpose: str, user: Any) -> str:
    return f"{purpose}.{user.pk}" if user is not None and user.is_authenticated else purpose


@dataclass(frozen=True)
class Once:
    """One send of a form: its purpose and its key's nonce (None when missing, forged or
    too old; `error` says which)."""

    purpose: str
    nonce: str | None
    error: str = ""

    @classmethod
    def from_post(
        cls,
        request: HttpRequest,
        purpose: str,
        *,
        field: str = FIELD,
        max_age: int = MAX_AGE,
        min_age: int = 0,
    ) -> "Once":
        try:
            nonce = stamps.stamp_open(
                _signed_for(purpose, request.user),
                request.POST.get(field, ""),
                max_age=max_age,
                min_age=min_age,
            )
        except ApplicationError as error:
            return cls(purpose, None, error.message)
        return cls(purpose, nonce)

    @property
    def digest(self) -> str:
        return hashlib.sha256(f"{self.purpose}:{self.nonce}".encode()).hexdigest()

    def secret(self, label: str) -> str:
        """A secret only the holder of this key can make again (a registrant's private link,
        shown again on a second send); nothing of it is stored."""
        digest = salted_hmac(f"samen.once.{label}", str(self.nonce), algorithm="sha256").digest()
        return base64.urlsafe_b64encode(digest[:24]).decode()

    def first_result(self) -> str | None:
        """The reference the first send with this key created, if it was sent before."""
        if self.nonce is None:
            return None
        found: str | None = (
            FormKey.objects.filter(digest=self.digest).values_list("reference", flat=True).first()
        )
        return found

    def create(self, create: Callable[[], str]) -> str:
        """Run `create` (which returns a reference to what it made) once for this key, in one
        transaction with the key's row; a send that lost the race gets the winner's reference.
        An error in `create` leaves no row, so the same key can be sent again."""
        if self.nonce is None:
            raise ApplicationError(
                self.error or gettext("This form is too old. Please send it again.")
            )
        try:
            with transaction.atomic():
                key = FormKey.objects.create(purpose=self.purpose, digest=self.digest)
                reference = create()
                FormKey.objects.filter(pk=key.pk).update(reference=reference)
        except IntegrityError:
            found = self.first_result()
            if found is None:  # not our key's row: an error of `create` itself
                raise
            return found
        return reference


def purge_form_keys(*, now: dt.datetime | None = None) -> int:
    """Delete the keys too old to be accepted anyway; returns how many."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _ = FormKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
