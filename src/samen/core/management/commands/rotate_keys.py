"""samen rotate-keys: re-encrypt personal fields under the first key in SAMEN_ENCRYPTION_KEYS."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.audit.services import SystemActor
from samen.core.crypto import DecryptionError, keyring
from samen.core.rotation import key_usage, rotate_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field under the primary (first) key. Safe to stop and run "
        "again: it continues with the rows not yet done. --status only counts rows per key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--status", action="store_true", help="Only count rows per key id.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["status"]:
            try:
                done = rotate_keys(
                    actor=SystemActor("rotate-keys"), batch_size=options["batch_size"]
                )
            except DecryptionError as error:
                raise CommandError(
                    f"{error}. Keep every old key in SAMEN_ENCRYPTION_KEYS, after the new one, "
                    "until rotation has finished; the rows done so far stay done."
                ) from error
            self.stdout.write(f"Re-encrypted {done} values under key {keyring().primary_id!r}.")
        for key_id, count in sorted(key_usage().items()):
            self.stdout.write(f"key {key_id}: {count} values")
