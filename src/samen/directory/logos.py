"""Organisation logos: uploads re-encoded as small PNGs, refused before decoding when huge."""

import io
import uuid
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext
from PIL import Image

from samen.accounts.models import User
from samen.audit.services import audit_record
from samen.core.errors import ApplicationError

from .models import Organization

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 400
# Larger canvases are refused before decoding (4000 x 4000 RGBA is 64 MB in memory).
LOGO_MAX_DECODE_SIDE = 4000


def logo_normalise(upload: Any) -> ContentFile:
    """A logo as a fresh PNG of at most 400 x 400 pixels. Re-encoding drops every piece of
    metadata (a photo's EXIF can hold where it was taken) and anything that is not an image."""
    if upload.size > LOGO_MAX_BYTES:
        raise ApplicationError(gettext("The logo is too large (2 MB at most)."), field="logo")
    try:
        with Image.open(upload) as image:
            if image.format not in {"PNG", "JPEG", "WEBP", "GIF"}:
                raise ApplicationError(gettext("Use a PNG, JPEG or WebP image."), field="logo")
            # Open reads only the header: refuse a huge canvas before its pixels are decoded
            # (a small file can declare 13000 x 13000 pixels and take gigabytes to decode).
            width, height = image.size
            if max(width, height) > LOGO_MAX_DECODE_SIDE:
                raise ApplicationError(
                    gettext("The image is too large: at most %(side)s by %(side)s pixels.")
                    % {"side": LOGO_MAX_DECODE_SIDE},
                    field="logo",
                )
            image.load()
            picture = image.convert("RGBA")
    except (OSError, Image.DecompressionBombError) as error:
        raise ApplicationError(gettext("This file is not an image."), field="logo") from error
    picture.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.png")


def organization_logo_set(*, actor: User, organization: Organization, upload: Any) -> None:
    logo = logo_normalise(upload)
    with transaction.atomic():
        old = organization.logo.name
        organization.logo.save(str(logo.name), logo, save=True)
        audit_record(
            actor=actor,
            action="organization.updated",
            target=organization,
            data={"changed": {"logo": organization.logo.name}},
        )
        if old:
            transaction.on_commit(partial(organization.logo.storage.delete, old))
