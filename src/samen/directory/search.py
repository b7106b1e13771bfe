"""Full-text and distance search over services, on SQLite (FTS5) and PostgreSQL (tsvector).

One SQL statement returns a page of service ids with score, distance and the total count;
the selector then loads those services. Text is folded (case and accents) in Python before it is
stored and before it is searched, so both databases see the same tokens.

Its cost does not grow with the number of matches: each source of candidates is cut at
settings.SEARCH_CANDIDATES rows taken in an order that costs nothing to follow, only those are
ranked, and the count is exact up to that cap (the plan and its SQL: search_sql.py; figures in
bench/README.md).
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection

from samen.core.translation import fold

from .geo import GeoPoint
from .models import ServiceArea
from .search_pieces import Sql, join_sql
from .search_sql import Plan, Reach, national_sql

__all__ = ["Found", "Hit", "Reach", "ServiceFilter", "search_service_ids", "search_terms"]

MAX_TERMS = 8


STOPWORDS = frozenset(
    {
        *("de", "het", "een", "en", "of", "van", "voor", "met", "bij", "in", "op", "aan"),
        *("te", "ik", "mijn", "wat", "waar", "hoe", "is"),
        *("the", "a", "an", "and", "or", "for", "with", "at", "on", "to", "i", "my"),
        *("what", "where", "how"),
        *("في", "من", "على", "إلى", "عن", "مع", "و", "أو", "ما", "أين", "كيف"),
    }
)


def search_terms(text: str) -> list[str]:
    """Folded word tokens of a user's query (letters and digits of any script)."""
    words = re.findall(r"\w+", fold(text))
    return ([w for w in words if w not in STOPWORDS] or words)[:MAX_TERMS]


@dataclass(frozen=True)
class ServiceFilter:
    text: str = ""
    topic_codes: tuple[str, ...] = ()
    language: str = ""
    point: GeoPoint | None = None
    radius_km: float = 25.0
    anonymous: bool = False
    free_of_charge: bool = False
    open_24_7: bool = False
    open_now_at: datetime | None = None
    advice_for_professionals: bool = False
    order_by_distance: bool = False
    network_id: int | None = None
    # Topics the text names (directory/needs.py): their services match the text too.
    need_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    service_id: int
    score: float
    distance_km: float | None
    is_national: bool
    reach: int | None = None


@dataclass(frozen=True)
class Found:
    hits: list[Hit]
    # Exact up to the cap; `more` when there are more matches than that.
    total: int
    more: bool = False


def search_service_ids(filters: ServiceFilter, *, limit: int, offset: int) -> Found:
    """One page of matching service ids, best first, and how many match (module docstring)."""
    plan = Plan(
        filters=filters,
        cap=settings.SEARCH_CANDIDATES,
        terms=search_terms(filters.text),
    )
    sources = plan.sources()
    # Each source is computed once on its own (MATERIALIZED): SQLite then never moves the
    # ranking out of its full-text walk.
    ctes = [
        *plan.ctes(),
        *sources,
        Sql(
            "m AS MATERIALIZED (SELECT service_id, SUM(score) AS score, MIN(d2) AS d2, "
            "MIN(reach) AS reach FROM ("
            + " UNION ALL ".join(
                f"SELECT score, service_id, d2, reach FROM c{i}" for i in range(len(sources))
            )
            + ") candidates GROUP BY service_id)"
        ),
    ]
    with_ = join_sql(ctes, ", ")
    text = bool(plan.terms or filters.need_codes)
    order = ["score DESC"] if text else []
    if plan.by_distance:
        order = ["CASE WHEN d2 IS NULL THEN 1 ELSE 0 END", "d2", *order]
    if filters.language:
        order.insert(0, "reach")
    order.append("service_id")
    ordering = ", ".join(order)
    # The count is a scalar over the materialised candidates, not a window over them: the
    # window kept every candidate row once more before the top of the page was taken
    # (measured: 0.3-0.8 ms of a search at M on SQLite).
    sql = (
        f"WITH {with_.sql} SELECT p.service_id, p.score, p.d2, (SELECT COUNT(*) FROM m), "
        f"{national_sql('p.service_id')}, p.reach FROM (SELECT service_id, score, d2, reach "
        f"FROM m ORDER BY {ordering} LIMIT %s OFFSET %s) p "
        f"ORDER BY {ordering}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*with_.params, ServiceArea.ExtentType.NATIONAL, limit, offset])
        rows = cursor.fetchall()
        if rows:
            total = int(rows[0][3])
        elif offset:
            # A page past the end (rare: a stale link), so the view can say how many.
            cursor.execute(f"WITH {with_.sql} SELECT COUNT(*) FROM m", with_.params)
            total = int(cursor.fetchone()[0])
        else:
            total = 0
    hits = [
        Hit(
            row[0],
            float(row[1]),
            None if row[2] is None else row[2] ** 0.5,
            bool(row[4]),
            None if row[5] is None else int(row[5]),
        )
        for row in rows
    ]
    return Found(hits, min(total, plan.cap), more=total > plan.cap)
