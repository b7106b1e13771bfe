"""Full-text and distance search over services, on SQLite (FTS5) and PostgreSQL (tsvector).

One SQL statement returns a page of service ids with score, distance and the total count;
the selector then loads those services. Text is folded (case and accents) in Python before it is
stored and before it is searched, so both databases see the same tokens.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection

from samen.core.translation import fold

from .geo import GeoPoint, bounding_box
from .models import (
    Language,
    Location,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceSearchDocument,
    TaxonomyTerm,
)

MAX_TERMS = 8
FTS_TABLE = "directory_service_fts"
# Title matches weigh more than body matches.
TITLE_WEIGHT = 4.0


NATIONAL = (
    f"EXISTS (SELECT 1 FROM {ServiceArea._meta.db_table} a "
    "WHERE a.service_id = s.id AND a.extent_type = %s)"
)


def search_terms(text: str) -> list[str]:
    """Folded word tokens of a user's query (letters and digits of any script)."""
    return re.findall(r"\w+", fold(text))[:MAX_TERMS]


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
    include_professionals_only: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    service_id: int
    score: float
    distance_km: float | None
    is_national: bool


def _text_match(terms: list[str]) -> tuple[str, list[Any]]:
    """A subquery yielding (service_id, score) for services matching every term (prefix)."""
    if connection.vendor == "postgresql":
        query = " & ".join(f"{t}:*" for t in terms)
        # search_vector: a stored generated column (migration 0002), GIN-indexed.
        return (
            "SELECT doc.service_id, ts_rank(doc.search_vector, q.q) AS score "
            f"FROM {ServiceSearchDocument._meta.db_table} doc, "
            "(SELECT to_tsquery('dutch', %s) || to_tsquery('english', %s)"
            " || to_tsquery('simple', %s) AS q) q "
            "WHERE doc.search_vector @@ q.q",
            [query, query, query],
        )
    match = " ".join(f'"{t}"*' for t in terms)
    return (
        f"SELECT rowid AS service_id, -bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0, 1.0, 1.0) AS score "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
        [match],
    )


def search_service_ids(filters: ServiceFilter, *, limit: int, offset: int) -> tuple[list[Hit], int]:
    """One page of matching service ids, best first, and the total number of matches."""
    service = Service._meta.db_table
    params: list[Any] = []
    # Matches and distances are computed once each (MATERIALIZED), never per service row.
    ctes: list[str] = []
    joins: list[str] = []
    where = ["s.status = %s"]
    params_where: list[Any] = [Service.Status.ACTIVE]
    score = "0.0"
    distance = "NULL"

    terms = search_terms(filters.text)
    if terms:
        sql, text_params = _text_match(terms)
        ctes.append(f"m AS MATERIALIZED ({sql})")
        joins.append("JOIN m ON m.service_id = s.id")
        params.extend(text_params)
        score = "m.score"

    if filters.point is not None:
        box = bounding_box(filters.point, filters.radius_km)
        # Flat-earth distance squared in km²; exact enough inside one country.
        d2 = (
            "((l.latitude - %s) * %s) * ((l.latitude - %s) * %s)"
            " + ((l.longitude - %s) * %s) * ((l.longitude - %s) * %s)"
        )
        lat, lon = filters.point.latitude, filters.point.longitude
        ctes.append(
            f"d AS MATERIALIZED (SELECT sal.service_id, MIN({d2}) AS d2 "
            f"FROM {ServiceAtLocation._meta.db_table} sal "
            f"JOIN {Location._meta.db_table} l ON l.id = sal.location_id "
            "WHERE l.latitude BETWEEN %s AND %s AND l.longitude BETWEEN %s AND %s "
            "GROUP BY sal.service_id)"
        )
        joins.append("LEFT JOIN d ON d.service_id = s.id")
        params.extend(
            [
                lat,
                box.km_per_deg_lat,
                lat,
                box.km_per_deg_lat,
                lon,
                box.km_per_deg_lon,
                lon,
                box.km_per_deg_lon,
                box.min_lat,
                box.max_lat,
                box.min_lon,
                box.max_lon,
            ]
        )
        where.append(f"((d.d2 IS NOT NULL AND d.d2 <= %s) OR {NATIONAL})")
        params_where.extend([filters.radius_km**2, ServiceArea.ExtentType.NATIONAL])
        distance = "d.d2"

    for flag in ("anonymous", "free_of_charge", "open_24_7", "advice_for_professionals"):
        if getattr(filters, flag):
            where.append(f"s.{flag} = %s")
            params_where.append(True)
    if not filters.include_professionals_only:
        where.append("s.audience <> %s")
        params_where.append(Service.Audience.PROFESSIONALS)
    if filters.topic_codes:
        topics_table = Service.topics.through._meta.db_table
        placeholders = ", ".join(["%s"] * len(filters.topic_codes))
        where.append(
            f"EXISTS (SELECT 1 FROM {topics_table} st JOIN {TaxonomyTerm._meta.db_table} t "
            f"ON t.id = st.taxonomyterm_id WHERE st.service_id = s.id "
            f"AND t.code IN ({placeholders}))"
        )
        params_where.extend(filters.topic_codes)
    if filters.language:
        where.append(
            f"EXISTS (SELECT 1 FROM {Language._meta.db_table} lg WHERE lg.service_id = s.id "
            "AND lg.code = %s)"
        )
        params_where.append(filters.language)
    if filters.open_now_at is not None:
        now = filters.open_now_at
        where.append(
            f"(s.open_24_7 = %s OR EXISTS (SELECT 1 FROM {Schedule._meta.db_table} sc "
            "WHERE sc.service_id = s.id AND sc.byday LIKE %s "
            "AND sc.opens_at <= %s AND sc.closes_at > %s))"
        )
        moment = connection.ops.adapt_timefield_value(now.time().replace(microsecond=0))
        params_where.extend([True, f"%{Schedule.WEEKDAYS[now.weekday()]}%", moment, moment])

    order = [f"{score} DESC"] if terms else []
    if filters.order_by_distance and filters.point is not None:
        order = [f"CASE WHEN {distance} IS NULL THEN 1 ELSE 0 END", distance, *order]
    order.append("s.id")
    sql = (
        (f"WITH {', '.join(ctes)} " if ctes else "")
        + f"SELECT s.id, {score} AS score, {distance} AS d2, COUNT(*) OVER () AS total, "
        f"{NATIONAL} AS is_national "
        f"FROM {service} s {' '.join(joins)} WHERE {' AND '.join(where)} "
        f"ORDER BY {', '.join(order)} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        national = [ServiceArea.ExtentType.NATIONAL]
        cursor.execute(sql, [*params, *national, *params_where, limit, offset])
        rows = cursor.fetchall()
    if not rows:
        total = 0
        if offset:
            total = _count(sql, [*params, *national, *params_where])
        return [], total
    hits = [
        Hit(row[0], float(row[1]), None if row[2] is None else row[2] ** 0.5, bool(row[4]))
        for row in rows
    ]
    return hits, int(rows[0][3])


def _count(page_sql: str, params: list[Any]) -> int:
    """Total for a page past the end (rare: a stale link), so the view can say how many."""
    inner = page_sql.rsplit(" ORDER BY ", 1)[0]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({inner}) c", params)
        return int(cursor.fetchone()[0])
