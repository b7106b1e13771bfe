"""Pieces the search's SQL is built of (search_sql.py, search_place.py)."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Sql:
    """A piece of SQL with its parameters in statement order."""

    sql: str = ""
    params: list[Any] = field(default_factory=list)


def join_sql(pieces: list[Sql], separator: str) -> Sql:
    return Sql(separator.join(p.sql for p in pieces), [x for p in pieces for x in p.params])


@dataclass(frozen=True)
class Cut:
    """Where a source stops: after `rows` rows, or at once when the sources named in
    `unless_full` hold that many between them."""

    rows: int
    unless_full: tuple[str, ...] = ()


def guarded(value: Sql, only_if: Sql | None) -> Sql:
    """`value`, or NULL when `only_if` is false: as the key an index is read from, it makes the
    scan read nothing. SQLite tests a condition with a subquery on every row, even one that
    does not depend on the row; the bounds of an index scan it works out once, before. The
    part keeps its own test as well (Cut.unless_full): PostgreSQL makes that a one-time filter
    that skips the whole part, whatever scan its planner chose."""
    if only_if is None:
        return value
    return join_sql([Sql("(CASE WHEN "), only_if, Sql(" THEN "), value, Sql(" END)")], "")
