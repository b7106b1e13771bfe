"""Re-encrypting every encrypted field under the primary key (`samen rotate-keys`).

Rows are taken in batches of those not yet on the primary key, each batch in its own
transaction: an interrupted run loses at most one uncommitted batch, and running it again
continues where it stopped.
"""

from collections import Counter
from collections.abc import Iterator
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction

from samen.audit.services import Actor, audit_record

from .crypto import SEPARATOR, DecryptionError, key_id_of, keyring
from .fields import EncryptedTextField


def encrypted_fields() -> Iterator[tuple[type[models.Model], EncryptedTextField]]:
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


def _quoted_names(model: type[models.Model], field: EncryptedTextField) -> tuple[str, str, str]:
    """Table, column and primary key column, quoted for SQL."""
    quote = connection.ops.quote_name
    # Concrete models always have a primary key, and concrete fields a column.
    pk = cast(models.Field, model._meta.pk)
    return (
        quote(model._meta.db_table),
        quote(cast(str, field.column)),
        quote(cast(str, pk.column)),
    )


def _stale_rows(
    model: type[models.Model], field: EncryptedTextField, primary_id: str, limit: int
) -> list[tuple[Any, str]]:
    table, column, pk = _quoted_names(model, field)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {pk}, {column} FROM {table} "  # noqa: S608 (quoted names)
            f"WHERE {column} <> '' AND {column} NOT LIKE %s ORDER BY {pk} LIMIT %s",
            [f"{primary_id}{SEPARATOR}%", limit],
        )
        return list(cursor.fetchall())


def missing_key_error() -> str:
    """Empty when every stored value names a configured key; otherwise what to tell the
    operator. One cheap query per encrypted field: any value under none of the keys."""
    ids = [key_id for key_id, _key in settings.ENCRYPTION_KEYS]
    unknown = " AND ".join(["{column} NOT LIKE %s"] * len(ids)) or "1 = 1"
    with connection.cursor() as cursor:
        for model, field in encrypted_fields():
            table, column, _pk = _quoted_names(model, field)
            cursor.execute(
                f"SELECT {column} FROM {table} WHERE {column} <> '' AND "  # noqa: S608
                + unknown.format(column=column)
                + " LIMIT 1",
                [f"{key_id}{SEPARATOR}%" for key_id in ids],
            )
            row = cursor.fetchone()
            if row:
                return _restore_key(model, field, key_id_of(row[0]), "is not configured")
            # A key of the same id that is not the same key (a lost dev key file made anew).
            for key_id in ids:
                cursor.execute(
                    f"SELECT {column} FROM {table} WHERE {column} LIKE %s LIMIT 1",  # noqa: S608
                    [f"{key_id}{SEPARATOR}%"],
                )
                row = cursor.fetchone()
                try:
                    if row:
                        keyring().decrypt(row[0])
                except DecryptionError:
                    return _restore_key(model, field, key_id, "is not the key they were made with")
    return ""


def _restore_key(
    model: type[models.Model], field: EncryptedTextField, key_id: str, why: str
) -> str:
    return (
        f"{model._meta.label_lower}.{field.name} holds values encrypted with key {key_id!r}, "
        f"which {why} (SAMEN_ENCRYPTION_KEYS, or var/dev-encryption.key in development). "
        "Restore that key and start again; a new key cannot read them (docs/operations.md, "
        "Encryption keys)."
    )


def key_usage() -> Counter[str]:
    """How many stored values each key id encrypts, over every encrypted field."""
    usage: Counter[str] = Counter()
    with connection.cursor() as cursor:
        for model, field in encrypted_fields():
            table, column, _pk = _quoted_names(model, field)
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
            usage.update(key_id_of(value) for (value,) in cursor.fetchall())
    return usage


def rotate_keys(*, actor: Actor, batch_size: int = 500) -> int:
    """Re-encrypt every value not under the primary key; returns how many were."""
    ring = keyring()
    total = 0
    for model, field in encrypted_fields():
        table, column, pk = _quoted_names(model, field)
        while rows := _stale_rows(model, field, ring.primary_id, batch_size):
            # Each value is written back only if it is still the one read: an erasure or a
            # change made meanwhile is never overwritten by the old text.
            updates = [(ring.rotate(value), row_pk, value) for row_pk, value in rows]
            with transaction.atomic(), connection.cursor() as cursor:
                rotated = 0
                for new_value, row_pk, old_value in updates:
                    cursor.execute(
                        f"UPDATE {table} SET {column} = %s "  # noqa: S608 (quoted names)
                        f"WHERE {pk} = %s AND {column} = %s",
                        [new_value, row_pk, old_value],
                    )
                    rotated += cursor.rowcount
                audit_record(
                    actor=actor,
                    action="crypto.rotate",
                    data={"field": f"{model._meta.label_lower}.{field.name}", "rows": rotated},
                )
            total += rotated
    return total
