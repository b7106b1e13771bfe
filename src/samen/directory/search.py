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
from .hours import open_schedule_sql
from .models import (
    Language,
    Location,
    NetworkMembership,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceSearchDocument,
    TaxonomyTerm,
)

MAX_TERMS = 8
SERVICE_FLAGS = ("anonymous", "free_of_charge", "open_24_7", "advice_for_professionals")
FTS_TABLE = "directory_service_fts"
# Title matches weigh more than body matches.
TITLE_WEIGHT = 4.0


def _national(key: str) -> str:
    """True when the service (its id in column `key`) works in the whole country."""
    return (
        f"EXISTS (SELECT 1 FROM {ServiceArea._meta.db_table} a "
        f"WHERE a.service_id = {key} AND a.extent_type = %s)"
    )


# Each term becomes (dutch stem | english stem | the word itself), each a prefix, without
# repeats: "geweld" -> 'geweld':*, "violence" -> ('violenc':* | 'violence':*). Terms every
# stemmer does not call a stopword are ANDed; stopwords are left out, as the index leaves them.
PG_TSQUERY = """
SELECT to_tsquery('simple', string_agg(alternatives, ' & ')) AS q FROM (
    SELECT '(' || string_agg(DISTINCT quote_literal(l.lexeme) || ':*', ' | ') || ')'
        AS alternatives
    FROM unnest(%s::text[]) WITH ORDINALITY AS t(term, n)
    CROSS JOIN LATERAL unnest(
        ts_lexize('dutch_stem', t.term) || ts_lexize('english_stem', t.term) || ARRAY[t.term]
    ) AS l(lexeme)
    WHERE cardinality(ts_lexize('dutch_stem', t.term)) > 0
        AND cardinality(ts_lexize('english_stem', t.term)) > 0
    GROUP BY t.n
) per_term
"""


# Little words that say nothing about a need; a query of only these is kept as it is.
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


class Reach:
    """How a service reaches someone who asked for a language (ServiceFilter.language)."""

    SPEAKS = 0
    INTERPRETER = 1
    URGENT_LINE = 2


@dataclass(frozen=True)
class Hit:
    service_id: int
    score: float
    distance_km: float | None
    is_national: bool
    reach: int | None = None


def _text_match(terms: list[str]) -> tuple[str, list[Any]]:
    """A subquery yielding (service_id, score) for services matching every term (prefix)."""
    if connection.vendor == "postgresql":
        # search_vector: a stored generated column (migration 0002), GIN-indexed.
        return (
            "SELECT doc.service_id, ts_rank(doc.search_vector, q.q) AS score "
            f"FROM {ServiceSearchDocument._meta.db_table} doc, ({PG_TSQUERY}) q "
            "WHERE doc.search_vector @@ q.q",
            [terms],
        )
    match = " ".join(f'"{t}"*' for t in terms)
    return (
        f"SELECT rowid AS service_id, -bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0, 1.0, 1.0) AS score "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
        [match],
    )


@dataclass
class _SqlParts:
    """Pieces of the search statement, each with its parameters in statement order.

    `key` is the column holding the service id: the service row ("s.id") when a filter needs
    its columns, otherwise the text matches alone ("m.service_id"), since only active services
    have a search document.
    """

    key: str
    ctes: list[str] = field(default_factory=list)
    cte_params: list[Any] = field(default_factory=list)
    joins: list[str] = field(default_factory=list)
    join_params: list[Any] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    where_params: list[Any] = field(default_factory=list)
    score: str = "0.0"
    distance: str = "NULL"
    reach: str = "NULL"
    reach_params: list[Any] = field(default_factory=list)

    def filter(self, clause: str, *params: Any) -> None:
        self.where.append(clause)
        self.where_params.extend(params)


# A service of a need the query names ranks above one that only shares its words.
NEED_SCORE = 100.0


def _need_match(codes: tuple[str, ...]) -> tuple[str, list[Any]]:
    """(service_id, score) for the active services of the named topics."""
    placeholders = ", ".join(["%s"] * len(codes))
    return (
        f"SELECT DISTINCT doc.service_id, {NEED_SCORE} AS score "
        f"FROM {ServiceSearchDocument._meta.db_table} doc "
        f"JOIN {Service.topics.through._meta.db_table} st ON st.service_id = doc.service_id "
        f"JOIN {TaxonomyTerm._meta.db_table} t ON t.id = st.taxonomyterm_id "
        f"WHERE t.code IN ({placeholders})",
        list(codes),
    )


def _add_text(parts: _SqlParts, terms: list[str], need_codes: tuple[str, ...]) -> None:
    matches = [_text_match(terms)] if terms else []
    if need_codes:
        matches.append(_need_match(need_codes))
    if len(matches) == 1:
        sql, params = matches[0]
    else:
        sql = (
            "SELECT service_id, SUM(score) AS score FROM ("
            + " UNION ALL ".join(part for part, _params in matches)
            + ") both_matches GROUP BY service_id"
        )
        params = [param for _part, part_params in matches for param in part_params]
    # Computed once (MATERIALIZED), never per service row.
    parts.ctes.append(f"m AS MATERIALIZED ({sql})")
    parts.cte_params.extend(params)
    if parts.key == "s.id":
        parts.joins.append("JOIN m ON m.service_id = s.id")
    parts.score = "m.score"


def _add_place(parts: _SqlParts, point: GeoPoint, radius_km: float) -> None:
    """Nearest location or served place of each service inside the radius; national services
    match anyway."""
    box = bounding_box(point, radius_km)
    lat, lon = point.latitude, point.longitude

    def nearby(table: str, alias: str, join: str) -> tuple[str, list[Any]]:
        # Flat-earth distance squared in km², exact enough inside one country.
        d2 = (
            f"(({alias}.latitude - %s) * %s) * (({alias}.latitude - %s) * %s)"
            f" + (({alias}.longitude - %s) * %s) * (({alias}.longitude - %s) * %s)"
        )
        sql = (
            f"SELECT {join}service_id, {d2} AS d2 FROM {table} "
            f"WHERE {alias}.latitude BETWEEN %s AND %s AND {alias}.longitude BETWEEN %s AND %s"
        )
        params = (
            [lat, box.km_per_deg_lat] * 2
            + [lon, box.km_per_deg_lon] * 2
            + [box.min_lat, box.max_lat, box.min_lon, box.max_lon]
        )
        return sql, params

    locations, location_params = nearby(
        f"{ServiceAtLocation._meta.db_table} sal "
        f"JOIN {Location._meta.db_table} l ON l.id = sal.location_id",
        "l",
        "sal.",
    )
    areas, area_params = nearby(f"{ServiceArea._meta.db_table} a", "a", "a.")
    parts.ctes.append(
        "d AS MATERIALIZED (SELECT service_id, MIN(d2) AS d2 "
        f"FROM ({locations} UNION ALL {areas}) near GROUP BY service_id)"
    )
    parts.cte_params.extend([*location_params, *area_params])
    parts.joins.append(f"LEFT JOIN d ON d.service_id = {parts.key}")
    parts.filter(
        f"((d.d2 IS NOT NULL AND d.d2 <= %s) OR {_national(parts.key)})",
        radius_km**2,
        ServiceArea.ExtentType.NATIONAL,
    )
    parts.distance = "d.d2"


def _add_filters(parts: _SqlParts, filters: ServiceFilter) -> None:
    if parts.key == "s.id":
        parts.filter("s.status = %s", Service.Status.ACTIVE)
    for flag in SERVICE_FLAGS:
        if getattr(filters, flag):
            parts.filter(f"s.{flag} = %s", True)
    if filters.topic_codes:
        placeholders = ", ".join(["%s"] * len(filters.topic_codes))
        parts.filter(
            f"EXISTS (SELECT 1 FROM {Service.topics.through._meta.db_table} st "
            f"JOIN {TaxonomyTerm._meta.db_table} t ON t.id = st.taxonomyterm_id "
            f"WHERE st.service_id = {parts.key} AND t.code IN ({placeholders}))",
            *filters.topic_codes,
        )
    if filters.language:
        # A language never empties the page: services that speak it first, then those with a
        # free interpreter, then the national lines for urgent help (each labelled).
        # The speakers of the language joined once (a hash join), not looked up per row.
        parts.joins.append(
            f"LEFT JOIN (SELECT DISTINCT service_id FROM {Language._meta.db_table} "
            "WHERE code = %s) lg ON lg.service_id = s.id"
        )
        parts.join_params.append(filters.language)
        urgent = f"(s.open_24_7 = %s AND s.audience = %s AND {_national('s.id')})"
        parts.filter(
            f"(lg.service_id IS NOT NULL OR s.interpreter_available = %s OR {urgent})",
            True,
            True,
            Service.Audience.EVERYONE,
            ServiceArea.ExtentType.NATIONAL,
        )
        parts.reach = (
            f"CASE WHEN lg.service_id IS NOT NULL THEN {Reach.SPEAKS} "
            f"WHEN s.interpreter_available = %s THEN {Reach.INTERPRETER} "
            f"ELSE {Reach.URGENT_LINE} END"
        )
        parts.reach_params = [True]
    if filters.network_id is not None:
        parts.filter(
            f"EXISTS (SELECT 1 FROM {Service._meta.db_table} sv "
            f"JOIN {NetworkMembership._meta.db_table} nm "
            "ON nm.organization_id = sv.organization_id "
            f"WHERE sv.id = {parts.key} AND nm.network_id = %s AND nm.status = %s)",
            filters.network_id,
            NetworkMembership.Status.MEMBER,
        )
    if filters.open_now_at is not None:
        is_open, params = open_schedule_sql("sc", filters.open_now_at)
        parts.filter(
            f"(s.open_24_7 = %s OR EXISTS (SELECT 1 FROM {Schedule._meta.db_table} sc "
            f"WHERE sc.service_id = s.id AND {is_open}))",
            True,
            *params,
        )


def search_service_ids(filters: ServiceFilter, *, limit: int, offset: int) -> tuple[list[Hit], int]:
    """One page of matching service ids, best first, and the total number of matches."""
    terms = search_terms(filters.text)
    matches_text = bool(terms or filters.need_codes)
    needs_service_row = (
        not matches_text
        or bool(filters.language)
        or filters.open_now_at is not None
        or any(getattr(filters, flag) for flag in SERVICE_FLAGS)
    )
    parts = _SqlParts(key="s.id" if needs_service_row else "m.service_id")
    if matches_text:
        _add_text(parts, terms, filters.need_codes)
    if filters.point is not None:
        _add_place(parts, filters.point, filters.radius_km)
    _add_filters(parts, filters)

    # Each ordering as (expression in the search, the same on the page's columns).
    order = [(f"{parts.score} DESC", "p.score DESC")] if matches_text else []
    if filters.order_by_distance and filters.point is not None:
        order = [
            (
                f"CASE WHEN {parts.distance} IS NULL THEN 1 ELSE 0 END",
                "CASE WHEN p.d2 IS NULL THEN 1 ELSE 0 END",
            ),
            (parts.distance, "p.d2"),
            *order,
        ]
    if filters.language:
        order.insert(0, ("reach", "p.reach"))
    order.append((parts.key, "p.service_id"))
    body = (
        (f"WITH {', '.join(parts.ctes)} " if parts.ctes else "")
        + f"SELECT {parts.key} AS service_id, {parts.score} AS score, {parts.distance} AS d2, "
        f"COUNT(*) OVER () AS total, {parts.reach} AS reach "
        f"FROM {Service._meta.db_table + ' s' if needs_service_row else 'm'} "
        f"{' '.join(parts.joins)} "
        f"{'WHERE ' + ' AND '.join(parts.where) if parts.where else ''}"
    )
    params = [*parts.cte_params, *parts.reach_params, *parts.join_params, *parts.where_params]
    # Whether a service works nationally is looked up for the page's rows only.
    sql = (
        f"SELECT p.service_id, p.score, p.d2, p.total, {_national('p.service_id')}, p.reach "
        f"FROM ({body} ORDER BY {', '.join(inner for inner, _outer in order)} "
        f"LIMIT %s OFFSET %s) p ORDER BY {', '.join(outer for _inner, outer in order)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ServiceArea.ExtentType.NATIONAL, *params, limit, offset])
        rows = cursor.fetchall()
    if not rows:
        return [], _count(body, params) if offset else 0
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
    return hits, int(rows[0][3])


def _count(body: str, params: list[Any]) -> int:
    """Total for a page past the end (rare: a stale link), so the view can say how many."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({body}) c", params)
        return int(cursor.fetchone()[0])
