"""Signed, single-use form stamps for anonymous forms, without a cookie.

A stamp rides in a hidden field: a random nonce signed with the time the form was shown. It
proves the form was shown (robots post blind), how long ago, and — marked used in the shared
cache when redeemed — that it is sent once: a replayed stamp is refused in every worker.
"""

import secrets

from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext

from samen.core.errors import ApplicationError


class StampInvalid(ApplicationError):
    """Missing, forged or too old."""


class StampUsed(ApplicationError):
    """Sent before."""


class StampTooFast(ApplicationError):
    """Sent sooner after it was shown than a person could have filled the form in."""


def _signer(purpose: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"samen.stamp.{purpose}")


def stamp_issue(purpose: str) -> str:
    return _signer(purpose).sign(secrets.token_urlsafe(12))


def stamp_redeem(purpose: str, stamp: str, *, max_age: int, min_age: int = 0) -> None:
    """Accept a stamp once, between `min_age` and `max_age` seconds after it was issued."""
    signer = _signer(purpose)
    try:
        nonce = signer.unsign(stamp, max_age=max_age)
    except signing.BadSignature as error:
        raise StampInvalid(gettext("This form is too old. Please send it again.")) from error
    if min_age:
        try:
            signer.unsign(stamp, max_age=min_age)
        except signing.SignatureExpired:
            pass
        else:
            raise StampTooFast(gettext("That was very fast. Please send it again."))
    if not cache.add(f"stamp:{purpose}:{nonce}", 1, timeout=max_age):
        raise StampUsed(
            gettext("This form was already sent. If you did not see the result, send it again.")
        )
