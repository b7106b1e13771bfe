"""Signed form stamps for anonymous forms, without a cookie.

A stamp rides in a hidden field: a random nonce signed with the time the form was shown. It
proves the form was shown (robots post blind) and how long ago. That it is sent once is kept
by `samen.web.once`: the nonce is the form's single-use key, and a second send shows the
first result.
"""

import contextvars
import secrets

from django.core import signing
from django.utils.translation import gettext

from samen.core.errors import ApplicationError


class StampInvalid(ApplicationError):
    """Missing, forged or too old."""


class StampTooFast(ApplicationError):
    """Sent sooner after it was shown than a person could have filled the form in."""


def _signer(purpose: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"samen.stamp.{purpose}")


# Set when a stamp was issued while handling this request: such a page is one visitor's own
# and the micro-cache never keeps it (samen/web/microcache.py).
issued = contextvars.ContextVar("samen_stamp_issued", default=False)


def stamp_issue(purpose: str) -> str:
    issued.set(True)
    # 24 random bytes: the nonce is also the secret a registrant's private link is made from.
    return _signer(purpose).sign(secrets.token_urlsafe(24))


def stamp_open(purpose: str, stamp: str, *, max_age: int, min_age: int = 0) -> str:
    """The stamp's nonce, when it was issued for `purpose` between `min_age` and `max_age`
    seconds ago."""
    signer = _signer(purpose)
    try:
        nonce: str = signer.unsign(stamp, max_age=max_age)
    except signing.BadSignature as error:
        raise StampInvalid(gettext("This form is too old. Please send it again.")) from error
    if min_age:
        try:
            signer.unsign(stamp, max_age=min_age)
        except signing.SignatureExpired:
            pass
        else:
            raise StampTooFast(gettext("That was very fast. Please send it again."))
    return nonce
