"""How much work the database does for one search, to test that work does not grow."""

from typing import Any

from django.db import connection

from samen.directory.search import ServiceFilter, search_service_ids

LATER_PARTS = ("CTE c1", "CTE c2", "CTE c3")


def _scans(
    plan: dict[str, Any], parts: tuple[str, ...], rows_only: bool, counted: bool = False
) -> int:
    """Rows read by the table and index scans of PostgreSQL's plan in the parts (CTEs) named;
    with `rows_only`, not the entries a bitmap index scan reads (it fetches no row)."""
    counted = counted or plan.get("Subplan Name") in parts
    read = plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)
    scan = "Scan" in plan["Node Type"]
    if rows_only and plan["Node Type"] == "Bitmap Index Scan":
        scan = False
    own = read * plan["Actual Loops"] if counted and scan else 0
    return own + sum(_scans(child, parts, rows_only, counted) for child in plan.get("Plans", []))


def search_work(
    filters: ServiceFilter, parts: tuple[str, ...] = LATER_PARTS, *, rows_only: bool = False
) -> int:
    """How much the database does for one search: SQLite's virtual machine steps, or on
    PostgreSQL the rows the scans of the parts named read, by default those after the first
    (the later tiers of a language, the parts of a place search after the nearest), from
    EXPLAIN ANALYZE of the very statement (its buffer counts follow table sizes on tables this
    small)."""
    statements: list[tuple[str, object]] = []

    def capture(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        statements.append((sql, params))
        return execute(sql, params, many, context)

    search_service_ids(filters, limit=20, offset=0)  # the tsquery is worked out once
    with connection.execute_wrapper(capture):
        search_service_ids(filters, limit=20, offset=0)
    (sql, params), *_ = statements
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Planned on the tables' statistics, as production plans it (autovacuum keeps
            # them; a test's rows are too new for it).
            cursor.execute("ANALYZE")
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
            return _scans(cursor.fetchone()[0][0]["Plan"], parts, rows_only)
        steps = [0]

        def count() -> int:
            steps[0] += 1
            return 0

        connection.connection.set_progress_handler(count, 10)
        try:
            cursor.execute(sql, params)
            cursor.fetchall()
        finally:
            connection.connection.set_progress_handler(None, 0)
        return steps[0]
