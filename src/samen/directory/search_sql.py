"""The SQL of a search: where its candidates come from, how each source is cut, how the cut
rows are ranked (search.py runs it; see its docstring and bench/README.md).

Every source of candidates is cut at settings.SEARCH_CANDIDATES rows taken in an order that
costs nothing to follow; only those are ranked, and the count is exact up to that cap.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from django.db import connection

from samen.web.microcache import derived

from .density import radius_holding
from .geo import GeoPoint
from .hours import open_schedule_sql
from .models import (
    NetworkMembership,
    Schedule,
    Service,
    ServiceArea,
    ServiceSearchDocument,
    TaxonomyTerm,
)
from .search_pieces import Cut, Sql, guarded, join_sql
from .search_place import (
    NATIONAL_KEY,
    NEARBY_KEYS,
    RING_AT_MOST,
    RING_MARGIN,
    nearby_sql,
    nearest_first,
    place_cte,
)
from .search_tags import (
    FLAGS,
    INTERPRETER,
    NOTHING,
    URGENT_LINE,
    TagQuery,
    language_tag,
    topic_tag,
)

if TYPE_CHECKING:
    from .search import ServiceFilter

FTS_TABLE = "directory_service_fts"
# The text columns of the FTS5 table (its last column holds the tags).
FTS_TEXT_COLUMNS = "{title body_nl body_en body_other}"
# Title matches weigh more than body matches; the tags weigh nothing.
BM25 = f"-bm25({FTS_TABLE}, 4.0, 1.0, 1.0, 1.0, 0.0)"


def national_sql(key: str) -> str:
    """True when the service (its id in column `key`) works in the whole country."""
    return (
        f"EXISTS (SELECT 1 FROM {ServiceArea._meta.db_table} a "
        f"WHERE a.service_id = {key} AND a.extent_type = %s)"
    )


# Each term becomes (dutch stem | english stem | the word itself), each a prefix, without
# repeats: "geweld" -> 'geweld':*, "violence" -> ('violenc':* | 'violence':*). Terms every
# stemmer does not call a stopword are ANDed; stopwords are left out, as the index leaves them.

PG_TSQUERY = """
SELECT string_agg(alternatives, ' & ') AS q FROM (
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


@lru_cache(maxsize=4096)
def pg_tsquery(terms: tuple[str, ...]) -> str:
    """The tsquery text of the terms, asked of PostgreSQL's stemmers once per process and set
    of terms. It then goes into the search as a constant, so the planner sees how common the
    words are and walks the index in order for a broad word instead of fetching every match."""
    with connection.cursor() as cursor:
        cursor.execute(PG_TSQUERY, [list(terms)])
        return cursor.fetchone()[0] or ""


# Little words that say nothing about a need; a query of only these is kept as it is.


class Reach:
    """How a service reaches someone who asked for a language (ServiceFilter.language)."""

    SPEAKS = 0
    INTERPRETER = 1
    URGENT_LINE = 2


# A service of a need the query names ranks above one that only shares its words.
NEED_SCORE = 100.0


@dataclass
class Plan:
    """How one search finds its candidates.

    Every source of candidates (the text's matches, the services of the needs it names, the
    services near a place, all services) yields rows of (service_id, score, d2, reach) and is
    cut at `cap + 1` rows taken in a fixed order: the language reach, the distance when nearest
    comes first, then the service id. That order costs little (an index walked in order, or a
    sort of a bounded set); ranking by text relevance costs per row and is done for the cut
    candidates only. So a broad word costs the same at 5,000 services as at 250,000, and the
    count is exact up to `cap` ("1,000+" above it).
    """

    filters: "ServiceFilter"
    cap: int
    terms: list[str]

    @property
    def place(self) -> bool:
        return self.filters.point is not None

    @property
    def by_distance(self) -> bool:
        return self.place and self.filters.order_by_distance

    def ctes(self) -> list[Sql]:
        if self.filters.point is None:
            return []
        return [
            Sql(
                "n AS MATERIALIZED (SELECT DISTINCT service_id FROM "
                f"{ServiceArea._meta.db_table} WHERE extent_type = %s)",
                [ServiceArea.ExtentType.NATIONAL],
            ),
            place_cte(self.filters.point, self.ring_km or self.filters.radius_km),
        ]

    @cached_property
    def ring_km(self) -> float | None:
        """For place search nearest first and nothing else: the radius of a smaller circle that
        holds enough services to fill the cut by the density grid, read first; the rest of the
        box is read only when it does not fill the cut after all (then it finds the same).
        None when the whole circle is needed, or when other filters may leave too few."""
        f = self.filters
        if (
            f.point is None
            or not self.by_distance
            or self.terms
            or f.need_codes
            or self.tags(None)
            or f.language
            or f.network_id is not None
            or f.open_now_at is not None
        ):
            return None
        # A ring of most of the circle would save little.
        return radius_holding(
            f.point, RING_AT_MOST * f.radius_km, math.ceil(RING_MARGIN * (self.cap + 1))
        )

    def tags(self, tier: int | None) -> TagQuery:
        """What the filters (and the language tier) select, as tags (search_tags.py)."""
        f = self.filters
        all_of = [tag for flag, tag in FLAGS.items() if getattr(f, flag)]
        any_of = []
        none_of: list[str] = []
        if f.topic_codes:
            any_of.append(tuple(self.topic_tags(f.topic_codes)) or (NOTHING,))
        if tier is not None:
            spoken = language_tag(f.language)
            if tier == Reach.SPEAKS:
                all_of.append(spoken)
            elif tier == Reach.INTERPRETER:
                all_of.append(INTERPRETER)
                none_of.append(spoken)
            else:
                all_of.append(URGENT_LINE)
                none_of += [INTERPRETER, spoken]
        return TagQuery(tuple(all_of), tuple(any_of), tuple(none_of))

    def topic_tags(self, codes: tuple[str, ...]) -> list[str]:
        """The tags of the topics with these codes (the tags name topics by id)."""
        if not codes:
            return []
        ids = derived("topic-ids", lambda: dict(TaxonomyTerm.objects.values_list("code", "id")))
        return [topic_tag(ids[code]) for code in codes if code in ids]

    # Per source: joins, conditions and the order candidates are taken in.

    def joins(self, key: str, *, service_row: bool, place_join: bool) -> Sql:
        joins = []
        if self.service_row(service_row) and key != "s.id":
            joins.append(Sql(f"JOIN {Service._meta.db_table} s ON s.id = {key}"))
        if self.place and place_join:
            joins.append(Sql(f"LEFT JOIN n ON n.service_id = {key}"))
            joins.append(Sql(f"LEFT JOIN d ON d.service_id = {key}"))
        return join_sql(joins, " ")

    def service_row(self, source_needs_it: bool) -> bool:
        """Whether a source reads the service row: for its status (a source that does not
        start from the search documents) or for its opening hours."""
        return source_needs_it or self.filters.open_now_at is not None

    def conditions(self, key: str, *, service_row: bool, in_place: bool) -> list[Sql]:
        f = self.filters
        where = []
        if service_row:
            where.append(Sql("s.status = %s", [Service.Status.ACTIVE]))
        if f.network_id is not None:
            where.append(
                Sql(
                    f"EXISTS (SELECT 1 FROM {Service._meta.db_table} sv "
                    f"JOIN {NetworkMembership._meta.db_table} nm "
                    "ON nm.organization_id = sv.organization_id "
                    f"WHERE sv.id = {key} AND nm.network_id = %s AND nm.status = %s)",
                    [f.network_id, NetworkMembership.Status.MEMBER],
                )
            )
        if f.open_now_at is not None:
            is_open, params = open_schedule_sql("sc", f.open_now_at)
            where.append(
                Sql(
                    f"(s.open_24_7 = %s OR EXISTS (SELECT 1 FROM {Schedule._meta.db_table} sc "
                    f"WHERE sc.service_id = s.id AND {is_open}))",
                    [True, *params],
                )
            )
        if in_place and self.place:
            # Near the place, or working in the whole country.
            where.append(Sql("(d.service_id IS NOT NULL OR n.service_id IS NOT NULL)"))
        return where

    def columns(self, key: str, tier: int | None, distance: str) -> str:
        """service_id, d2, reach of a source row (the score comes per source)."""
        distance = distance if self.place else "NULL"
        reach = "NULL" if tier is None else str(tier)
        return f"{key} AS service_id, {distance} AS d2, {reach} AS reach"

    def source_order(self, key: str, cut: Cut, *, ordered: bool = True) -> Sql:
        if not ordered:
            return Sql(" LIMIT %s", [cut.rows])
        order = []
        if key in NEARBY_KEYS:
            order.append(NEARBY_KEYS[key])  # the nearby services (d2 is never null there)
        elif key == NATIONAL_KEY:
            pass  # the national services: no distance, service order
        elif self.by_distance:
            order += ["CASE WHEN d.d2 IS NULL THEN 1 ELSE 0 END", "d.d2"]
        order.append(key)
        return Sql(f" ORDER BY {', '.join(order)} LIMIT %s", [cut.rows])

    @staticmethod
    def not_full(cut: Cut) -> Sql:
        """True while the sources before this one hold fewer than `cut.rows` rows."""
        return Sql(
            " + ".join(f"(SELECT COUNT(*) FROM {name})" for name in cut.unless_full) + " < %s",
            [cut.rows],
        )

    def source(
        self,
        *,
        key: str,
        from_: Sql,
        where: list[Sql],
        service_row: bool,
        in_place: bool,
        tier: int | None,
        cut: Cut,
        score: str = "0.0",
        distance: str = "d.d2",
        ordered: bool = True,
    ) -> Sql:
        """One source's cut candidates: SELECT columns FROM from_ joins WHERE ... ORDER/LIMIT."""
        service_row = self.service_row(service_row)
        joins = self.joins(key, service_row=service_row, place_join=in_place)
        conditions = where + self.conditions(key, service_row=service_row, in_place=in_place)
        if cut.unless_full:
            # Reads nothing when the tiers before it are full (a condition evaluated once).
            conditions.append(self.not_full(cut))
        return join_sql(
            [
                Sql(f"SELECT {score} AS score, {self.columns(key, tier, distance)} FROM "),
                from_,
                Sql(" "),
                joins,
                Sql(" WHERE " if conditions else ""),
                join_sql(conditions, " AND "),
                self.source_order(key, cut, ordered=ordered),
            ],
            "",
        )

    def sources(self) -> list[Sql]:
        """The candidate sources as named, materialised CTEs c0, c1, ...

        With a language, each source is taken in three tiers (speakers, then free
        interpreters, then the urgent national lines), each cut at `cap + 1` (a constant, so
        the planner knows it); a tier after full ones reads nothing. A source in parts (the
        services in a ring around a place, the rest of its circle, then the national ones) is
        taken part by part the same way.
        """
        tiers: list[int | None] = (
            [Reach.SPEAKS, Reach.INTERPRETER, Reach.URGENT_LINE]
            if self.filters.language
            else [None]
        )
        ctes: list[Sql] = []
        for parts in self._builders():
            earlier: list[str] = []
            for tier in tiers:
                for build in parts:
                    cut = Cut(self.cap + 1, tuple(earlier))
                    name = f"c{len(ctes)}"
                    source = build(tier, cut)
                    ctes.append(Sql(f"{name} AS MATERIALIZED ({source.sql})", source.params))
                    earlier.append(name)
        return ctes

    def _builders(self) -> list[list[Callable[[int | None, Cut], Sql]]]:
        """The text's matches and the services of the needs it names; without either, the
        services the filters select (from the index), near the place, or all services.
        Each source is a list of parts, taken in that order (see sources)."""
        f = self.filters
        sources: list[Callable[[int | None, Cut], Sql]] = []
        if self.terms:
            sources.append(lambda tier, cut: self.indexed(tier, cut, self.tags(tier), text=True))
        need_tags = tuple(self.topic_tags(f.need_codes))
        if need_tags:
            sources.append(
                lambda tier, cut: self.indexed(
                    tier,
                    cut,
                    replace(self.tags(tier), any_of=(*self.tags(tier).any_of, need_tags)),
                    score=str(NEED_SCORE),
                )
            )
        if sources:
            return [[source] for source in sources]
        if self.tags(Reach.SPEAKS if f.language else None):
            return [[lambda tier, cut: self.indexed(tier, cut, self.tags(tier))]]
        if self.place:
            # Starts from the services near the place and the national ones, never from all.
            if not self.by_distance:
                return [
                    [self._place_part("SELECT service_id FROM d UNION SELECT service_id FROM n")]
                ]
            # Nearest first, the national services come after every nearby one: when the
            # nearby ones fill the cut, the national ones are not read. With a ring, d holds
            # the services inside it and the rest of the circle is a part of its own.
            nearby = lambda tier, cut: self.source(  # noqa: E731
                key="d.service_id",
                from_=Sql(nearest_first()),
                where=[],
                service_row=True,
                in_place=False,
                tier=tier,
                cut=cut,
            )
            ring = self.ring_km
            beyond = [self._beyond_ring_part(f.point, ring)] if f.point and ring else []
            return [[nearby, *beyond, self._national_part]]
        return [
            [
                lambda tier, cut: self.source(
                    key="s.id",
                    from_=Sql(f"{Service._meta.db_table} s"),
                    where=[],
                    service_row=True,
                    in_place=False,
                    tier=tier,
                    cut=cut,
                )
            ]
        ]

    def _place_part(self, services: str) -> Callable[[int | None, Cut], Sql]:
        """A source of the services `services` selects from d (near) and n (national)."""
        return lambda tier, cut: self.source(
            key="c.service_id",
            from_=Sql(f"({services}) c"),
            where=[],
            service_row=True,
            in_place=True,
            tier=tier,
            cut=cut,
        )

    def _beyond_ring_part(
        self, point: GeoPoint, ring_km: float
    ) -> Callable[[int | None, Cut], Sql]:
        """The services of the circle beyond the ring, nearest first. Its box is read only
        when the ring's part does not fill the cut: the test sits in the bounds of the box's
        scan (see guarded)."""

        def part(tier: int | None, cut: Cut) -> Sql:
            beyond = nearby_sql(
                point, self.filters.radius_km, beyond_km=ring_km, only_if=self.not_full(cut)
            )
            return self.source(
                key="o.service_id",
                from_=join_sql([Sql("("), beyond, Sql(") o")], ""),
                where=[],
                service_row=True,
                in_place=False,
                tier=tier,
                cut=cut,
                distance="o.d2",
            )

        return part

    def _national_part(self, tier: int | None, cut: Cut) -> Sql:
        """The national services, walked in service order from the index on (extent,
        service), so the walk stops at the cut instead of reading every national service (2 %
        of the map), and reads nothing after full parts (see guarded). One that is near the
        place too is merged with its nearby row (the candidates are grouped by service),
        keeping its distance."""
        national = ServiceArea.ExtentType.NATIONAL
        return self.source(
            key=NATIONAL_KEY,
            from_=Sql(f"{ServiceArea._meta.db_table} na"),
            where=[
                join_sql(
                    [
                        Sql("na.extent_type = "),
                        guarded(
                            Sql("%s", [national]), self.not_full(cut) if cut.unless_full else None
                        ),
                    ],
                    "",
                ),
                # A service named national twice is taken once, at its first row.
                Sql(
                    f"NOT EXISTS (SELECT 1 FROM {ServiceArea._meta.db_table} nb "
                    "WHERE nb.extent_type = %s AND nb.service_id = na.service_id "
                    "AND nb.id < na.id)",
                    [national],
                ),
            ],
            service_row=True,
            in_place=False,
            tier=tier,
            cut=cut,
            distance="CAST(NULL AS DOUBLE PRECISION)",
        )

    def indexed(
        self, tier: int | None, cut: Cut, tags: TagQuery, *, text: bool = False, score: str = "0.0"
    ) -> Sql:
        """The services the full-text index gives for the terms (each a prefix, when `text`)
        and the tags, in service order; with `text`, ranked once cut."""
        if connection.vendor == "postgresql":
            return self._indexed_pg(tier, cut, tags, text=text, score=score)
        query = tags.fts5(
            f"{FTS_TEXT_COLUMNS} : ({' '.join(f'{chr(34)}{t}{chr(34)}*' for t in self.terms)})"
            if text
            else ""
        )
        match = Sql(f"{FTS_TABLE} MATCH %s", [query])
        if cut.unless_full:
            # SQLite walks every match of the index before it tests a condition on other
            # tables, even one that is false for every row: the test goes into the query
            # itself, worked out once before the walk; after full tiers it asks for a tag no
            # service has.
            full = self.not_full(cut)
            match = Sql(
                f"{FTS_TABLE} MATCH (CASE WHEN {full.sql} THEN %s ELSE %s END)",
                [*full.params, query, TagQuery(all_of=(NOTHING,)).fts5()],
            )
            cut = replace(cut, unless_full=())
        # FTS5 walks its matches in rowid order: when that is the order of the cut, the cut
        # stops the walk and bm25 is computed for the rows it returns only. When distance
        # decides the cut, cut first, then rank the cut rows in one more walk.
        taken = self.source(
            key=f"{FTS_TABLE}.rowid",
            from_=Sql(FTS_TABLE),
            where=[match],
            service_row=False,
            in_place=True,
            tier=tier,
            cut=cut,
            score=BM25 if text and not self.by_distance else score,
        )
        if not (text and self.by_distance):
            return taken
        return join_sql(
            [
                Sql(
                    f"SELECT {BM25} AS score, c.service_id, c.d2, c.reach "
                    f"FROM {FTS_TABLE} CROSS JOIN ("
                ),
                taken,
                Sql(f") c ON c.service_id = {FTS_TABLE}.rowid WHERE "),
                match,
            ],
            "",
        )

    def _indexed_pg(
        self, tier: int | None, cut: Cut, tags: TagQuery, *, text: bool, score: str
    ) -> Sql:
        # search_vector and tag_vector: stored generated columns (migrations 0002, 0011),
        # GIN-indexed. The cut candidates are then ranked against their stored vector.
        doc = ServiceSearchDocument._meta.db_table
        queries, where, params = [], [], []
        tsquery = pg_tsquery(tuple(self.terms)) if text else ""
        if text:
            queries.append("to_tsquery('simple', %s) AS q")
            params.append(tsquery)
            where.append(Sql("doc.search_vector @@ q.q"))
        if tags:
            queries.append("to_tsquery('simple', %s) AS t")
            params.append(tags.tsquery())
        documents = f"{doc} doc"
        # A rare tag (with text: start from the tag's short list, then check the text on
        # each; the planner would rather intersect it with the text's whole list, which for a
        # broad word costs more than the rest of the search). The cut takes the first rows
        # in the order the list gives them (the table's), not by service id: so the walk
        # stops once the cut is full instead of fetching every row of the tag's list (~8 % of
        # the map for a language, each row a page of its own; at L 60-75 -> 20 ms p50), or
        # walking the service ids past every service without the tag. Under the cap it finds
        # all the same; above it, other candidates of the same words and tags.
        unordered = tags.selective and not self.by_distance
        if text and tags.selective:
            documents = (
                f"LATERAL (SELECT td.service_id, td.search_vector FROM {doc} td "
                "WHERE td.tag_vector @@ q.t OFFSET 0) doc"
            )
        elif tags:
            where.append(Sql("doc.tag_vector @@ q.t"))
        taken = self.source(
            key="doc.service_id",
            from_=Sql(f"(SELECT {', '.join(queries)}) q, {documents}", params),
            where=where,
            service_row=False,
            in_place=True,
            tier=tier,
            cut=cut,
            # Unordered, a row is ranked as the walk gives it, only up to the cut.
            score="ts_rank(doc.search_vector, q.q)" if unordered and text else score,
            ordered=not unordered,
        )
        if not text or unordered:
            return taken
        return join_sql(
            [
                Sql(
                    "SELECT ts_rank(rd.search_vector, to_tsquery('simple', %s)) AS score, "
                    "c.service_id, c.d2, c.reach FROM (",
                    [tsquery],
                ),
                taken,
                Sql(f") c JOIN {doc} rd ON rd.service_id = c.service_id"),
            ],
            "",
        )
