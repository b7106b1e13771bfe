"""Encryption at rest for personal fields, on `cryptography`'s Fernet (AES-128-CBC + HMAC-SHA256).

Keys come from `settings.ENCRYPTION_KEYS`: an ordered list of (key id, Fernet key); the first
encrypts, all of them decrypt. A stored value is `<key id>$<Fernet token>`, so an operator can
see which rows still use an old key, and `samen rotate-keys` re-encrypts only those. (MultiFernet
would try every key in turn and hide which one a row uses; the key id makes rotation resumable.)

An encrypted field cannot be searched or filtered on; that is the point.
"""

from dataclasses import dataclass
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

SEPARATOR = "$"


class DecryptionError(Exception):
    """A stored value names a key that is not configured, or was changed outside samen."""


@dataclass(frozen=True)
class Keyring:
    primary_id: str
    fernets: dict[str, Fernet]

    def encrypt(self, plaintext: str) -> str:
        token = self.fernets[self.primary_id].encrypt(plaintext.encode()).decode()
        return f"{self.primary_id}{SEPARATOR}{token}"

    def decrypt(self, stored: str) -> str:
        key_id, separator, token = stored.partition(SEPARATOR)
        if not separator:
            raise DecryptionError("value carries no key id")
        fernet = self.fernets.get(key_id)
        if fernet is None:
            raise DecryptionError(f"key {key_id!r} is not configured")
        try:
            return fernet.decrypt(token.encode()).decode()
        except InvalidToken as error:
            raise DecryptionError(f"value does not decrypt with key {key_id!r}") from error

    def rotate(self, stored: str) -> str:
        """The same plaintext under the primary key; unchanged when it already uses it."""
        if key_id_of(stored) == self.primary_id:
            return stored
        return self.encrypt(self.decrypt(stored))


def key_id_of(stored: str) -> str:
    return stored.partition(SEPARATOR)[0]


@cache
def keyring() -> Keyring:
    keys = list(settings.ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured("Set SAMEN_ENCRYPTION_KEYS (see docs/operations.md).")
    fernets = {}
    for key_id, key in keys:
        try:
            fernets[key_id] = Fernet(key)
        except ValueError as error:
            raise ImproperlyConfigured(
                f"Encryption key {key_id!r} is not a Fernet key (32 url-safe base64 bytes)."
            ) from error
    return Keyring(primary_id=keys[0][0], fernets=fernets)


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: object) -> None:
    if setting == "ENCRYPTION_KEYS":
        keyring.cache_clear()
