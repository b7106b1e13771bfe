"""Model fields of our own."""

from typing import Any

from django.db import models

from .crypto import keyring


class EncryptedTextField(models.TextField):
    """Text encrypted at rest (see `samen.core.crypto`). Empty text stays empty so "no contact
    given" needs no decryption; anything else is stored as `<key id>$<token>`.

    Lookups other than on emptiness make no sense on it and are not supported."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if not value:
            return value
        return keyring().decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return value
        return keyring().encrypt(value)
