"""What `samen serve` and `samen worker` check before they start."""

from django.core.management.base import CommandError
from django.db import DatabaseError

from samen.core.rotation import missing_key_error


def refuse_unreadable_data() -> None:
    """Stop with a clear message when stored values need a key that is not configured (a lost
    key file must not look like a fresh start). A database not migrated yet has nothing to read."""
    try:
        problem = missing_key_error()
    except DatabaseError:
        return
    if problem:
        raise CommandError(problem)
