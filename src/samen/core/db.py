"""Database housekeeping shared by bulk writers."""

from django.db import connection


def refresh_planner_statistics() -> None:
    """Let the query planner see new data after a bulk load; cheap and safe to repeat.

    On PostgreSQL, VACUUM also sets the visibility map so covering indexes give index-only
    scans; it cannot run inside a transaction, where ANALYZE alone is used.
    """
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
