"""Backups that restore: `samen backup --output DIR` and `samen restore DIR`.

A backup folder holds the database (SQLite: a copy made with SQLite's online backup API;
PostgreSQL: a `pg_dump` custom-format archive), the uploaded files (media.tar) and
manifest.json: row counts per table, SHA-256 of each file, the latest applied migration per
app, the encryption key ids the stored values use and the audit key's id — never a key. Counts
and archive come from one snapshot of the database, so they agree while the site runs.

A restore goes into an empty database (or a new SQLite file) only, checks the files against
the manifest first, refuses when a key the data needs is not configured, and afterwards checks
the counts and that every encrypted value decrypts.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from samen.audit.services import audit_key_id

from .crypto import SEPARATOR, DecryptionError, key_id_of, keyring
from .rotation import encrypted_fields

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "samen.sqlite3"
POSTGRES_FILE = "samen.dump"
MEDIA_FILE = "media.tar"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


class Cursor(Protocol):
    def execute(self, sql: str, params: Any = ..., /) -> Any: ...
    def fetchall(self) -> list[Any]: ...


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    encrypted_values: int


# Reading one database, whichever it is -----------------------------------------------------


def _tables(cursor: Cursor, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
    return sorted(name for (name,) in cursor.fetchall())


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _describe(cursor: Cursor, vendor: str) -> dict[str, Any]:
    """Counts per table, latest migration per app and key ids in use, as this cursor sees them."""
    tables = _tables(cursor, vendor)
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 (quoted name)
        counts[table] = cursor.fetchall()[0][0]
    migrations: dict[str, str] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        migrations = dict(cursor.fetchall())
    return {
        "tables": counts,
        "migrations": migrations,
        "encryption_key_ids_in_use": sorted(_key_usage(cursor, tables)),
    }


def _encrypted_values(cursor: Cursor, tables: list[str]) -> Iterator[str]:
    for model, field in encrypted_fields():
        table = model._meta.db_table
        if table not in tables:
            continue
        column = _quote(str(field.column))
        cursor.execute(
            f"SELECT {column} FROM {_quote(table)} WHERE {column} <> ''"  # noqa: S608
        )
        yield from (value for (value,) in cursor.fetchall())


def _key_usage(cursor: Cursor, tables: list[str]) -> Counter[str]:
    return Counter(key_id_of(value) for value in _encrypted_values(cursor, tables))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_environment() -> dict[str, str]:
    """libpq's variables for pg_dump and pg_restore: the password never on a command line."""
    db = connection.settings_dict
    values = {
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
        "PGDATABASE": db["NAME"],
    }
    return {**os.environ, **{name: value for name, value in values.items() if value}}


def _run(command: list[str]) -> None:
    result = subprocess.run(  # noqa: S603 (fixed programs, arguments from settings)
        command, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}")


# Backup ------------------------------------------------------------------------------------


def backup_create(*, output: Path) -> dict[str, Any]:
    """Write a backup folder (created 0700, its files 0600); returns the manifest."""
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"{output} is not empty: give a new folder for each backup.")
    output.mkdir(mode=0o700, parents=True, exist_ok=True)
    output.chmod(0o700)
    old_umask = os.umask(0o077)
    try:
        if connection.vendor == "sqlite":
            described = _backup_sqlite(output / SQLITE_FILE)
            files = [SQLITE_FILE]
        elif connection.vendor == "postgresql":
            described = _backup_postgresql(output / POSTGRES_FILE)
            files = [POSTGRES_FILE]
        else:
            raise BackupError(f"No backup for the {connection.vendor} database.")
        media = Path(settings.MEDIA_ROOT)
        with tarfile.open(output / MEDIA_FILE, "w") as archive:
            if media.is_dir():
                archive.add(media, arcname=".")
        files.append(MEDIA_FILE)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(timespec="seconds"),
            "database": connection.vendor,
            **described,
            "encryption_key_ids": [key_id for key_id, _key in settings.ENCRYPTION_KEYS],
            "audit_key_id": audit_key_id(),
            "files": {name: _sha256(output / name) for name in files},
        }
        (output / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    finally:
        os.umask(old_umask)
    for path in output.iterdir():
        path.chmod(0o600)
    return manifest


def _backup_sqlite(target: Path) -> dict[str, Any]:
    """SQLite's online backup API: a consistent copy while the site reads and writes."""
    source = sqlite3.connect(connection.settings_dict["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        # One self-contained file, whatever journal mode the live database uses.
        copy.execute("PRAGMA journal_mode=DELETE")
        return _describe(copy.cursor(), "sqlite")
    finally:
        copy.close()
        source.close()


def _backup_postgresql(target: Path) -> dict[str, Any]:
    """pg_dump from the snapshot the counts are taken in, so both describe one moment."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchall()[0][0]
        described = _describe(cursor, "postgresql")
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
        )
    return described


# Restore -----------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} holds no readable {MANIFEST}: not a samen backup.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This backup's format {manifest.get('format')!r} is not {FORMAT}.")
    return manifest


def check_restorable(folder: Path, manifest: dict[str, Any]) -> None:
    """Everything that must hold before anything is written."""
    for name, checksum in manifest["files"].items():
        path = folder / name
        if not path.is_file() or _sha256(path) != checksum:
            raise BackupError(f"{name} is missing or does not match its checksum in the manifest.")
    if manifest["database"] != connection.vendor:
        raise BackupError(
            f"This is a {manifest['database']} backup; the configured database is "
            f"{connection.vendor}. Set DATABASE_URL to a database of the same kind."
        )
    configured = {key_id for key_id, _key in settings.ENCRYPTION_KEYS}
    missing = sorted(set(manifest["encryption_key_ids_in_use"]) - configured)
    if missing:
        raise BackupError(
            "This backup holds values encrypted with key "
            + ", ".join(repr(key_id) for key_id in missing)
            + ", not in SAMEN_ENCRYPTION_KEYS. Configure the keys kept with the backup's keys "
            "(docs/operations.md, Backups) and run the restore again; nothing was written."
        )
    if manifest["audit_key_id"] != audit_key_id():
        raise BackupError(
            "This backup's audit log was chained with another SAMEN_AUDIT_KEY (id "
            f"{manifest['audit_key_id']}); set that key and run the restore again; nothing "
            "was written."
        )
    with connection.cursor() as cursor:
        present = _tables(cursor, connection.vendor)
    if present:
        raise BackupError(
            f"The configured database already holds {len(present)} tables. Restore into an "
            "empty database (PostgreSQL: createdb, then point DATABASE_URL at it; SQLite: a "
            "new SAMEN_DATA_DIR) and switch over once the restore has been checked."
        )


def backup_restore(*, folder: Path) -> RestoreReport:
    manifest = read_manifest(folder)
    check_restorable(folder, manifest)
    if connection.vendor == "sqlite":
        _restore_sqlite(folder / SQLITE_FILE)
    else:
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(folder / POSTGRES_FILE),
            ]
        )
    _restore_media(folder / MEDIA_FILE)
    return _check_restored(manifest)


def _restore_sqlite(source_path: Path) -> None:
    target = Path(connection.settings_dict["NAME"])
    connection.close()
    source = sqlite3.connect(source_path)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=WAL")
    finally:
        copy.close()
        source.close()
    target.chmod(0o600)


def _restore_media(archive_path: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media.parent) as unpacked:
        with tarfile.open(archive_path) as archive:
            archive.extractall(unpacked, filter="data")
        for path in Path(unpacked).rglob("*"):
            if path.is_file():
                destination = media / path.relative_to(unpacked)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)


def _check_restored(manifest: dict[str, Any]) -> RestoreReport:
    with connection.cursor() as cursor:
        restored = _describe(cursor, connection.vendor)
        tables = _tables(cursor, connection.vendor)
        values = list(_encrypted_values(cursor, tables))
    differing = sorted(
        table
        for table in set(manifest["tables"]) | set(restored["tables"])
        if manifest["tables"].get(table) != restored["tables"].get(table)
    )
    if differing:
        raise BackupError(
            "The restored database does not match the manifest in " + ", ".join(differing) + "."
        )
    if restored["migrations"] != manifest["migrations"]:
        raise BackupError("The restored database's migrations do not match the manifest.")
    ring = keyring()
    unreadable = 0
    for value in values:
        try:
            ring.decrypt(value)
        except DecryptionError:
            unreadable += 1
    if unreadable:
        raise BackupError(
            f"{unreadable} of {len(values)} encrypted values do not decrypt with the configured "
            f"keys (each starts with its key id before {SEPARATOR!r})."
        )
    return RestoreReport(
        tables=len(restored["tables"]),
        rows=sum(restored["tables"].values()),
        encrypted_values=len(values),
    )
