"""The SQL of place search: the services near a point, read from the locations and served
places inside a bounding box only, nearest first (search_sql.Plan puts them together)."""

from django.db import connection

from .geo import GeoPoint, bounding_box
from .models import Location, ServiceArea, ServiceAtLocation
from .search_pieces import Sql, guarded, join_sql

# The keys of the parts of a place search: the nearby services (from d, and beyond its ring
# from o) with their distance, and the national services.
NEARBY_KEYS = {"d.service_id": "d.d2", "o.service_id": "o.d2"}
NATIONAL_KEY = "na.service_id"
# Place search looks first within a circle that holds this many times the cut's service
# locations by the density grid (some may be inactive or at one service's other address).
RING_MARGIN = 1.5
# ... and only when that circle is smaller than this part of the one asked for.
RING_AT_MOST = 0.8


def nearest_first() -> str:
    """The services near the place. On PostgreSQL nearest first, as a fenced subquery (OFFSET
    0): its rows come out in the order of the cut, so the check of each service's status stops
    once the cut is full instead of running for every service in the box (measured at M: 2,988
    checks -> 1,001). SQLite sorts again after the join whatever the subquery's order, and its
    checks cost little: it reads d as it is."""
    if connection.vendor == "postgresql":
        return "(SELECT service_id, d2 FROM d ORDER BY d2, service_id OFFSET 0) d"
    return "d"


def place_cte(point: GeoPoint, radius_km: float) -> Sql:
    """`d`: each service with a location or served place inside the radius and its nearest
    distance squared, read from the locations and places inside the bounding box only."""
    nearby = nearby_sql(point, radius_km)
    return join_sql([Sql("d AS MATERIALIZED ("), nearby, Sql(")")], "")


def nearby_sql(
    point: GeoPoint,
    radius_km: float,
    *,
    beyond_km: float | None = None,
    only_if: Sql | None = None,
) -> Sql:
    """(service_id, d2) of each service with a location or served place inside the radius
    (and, with `beyond_km`, none as near as that), d2 its nearest distance squared. Reads the
    locations and places inside the bounding box only, and none when `only_if` is false."""
    box = bounding_box(point, radius_km)
    lat, lon = point.latitude, point.longitude

    def nearby(table: str, alias: str, join: str) -> Sql:
        # Flat-earth distance squared in km², exact enough inside one country.
        d2 = (
            f"(({alias}.latitude - %s) * %s) * (({alias}.latitude - %s) * %s)"
            f" + (({alias}.longitude - %s) * %s) * (({alias}.longitude - %s) * %s)"
        )
        return join_sql(
            [
                Sql(
                    f"SELECT {join}service_id, {d2} AS d2 FROM {table} WHERE {alias}.latitude "
                    "BETWEEN ",
                    [lat, box.km_per_deg_lat] * 2 + [lon, box.km_per_deg_lon] * 2,
                ),
                guarded(Sql("%s", [box.min_lat]), only_if),
                Sql(" AND "),
                guarded(Sql("%s", [box.max_lat]), only_if),
                Sql(
                    f" AND {alias}.longitude BETWEEN %s AND %s",
                    [box.min_lon, box.max_lon],
                ),
            ],
            "",
        )

    locations = nearby(
        f"{ServiceAtLocation._meta.db_table} sal "
        f"JOIN {Location._meta.db_table} l ON l.id = sal.location_id",
        "l",
        "sal.",
    )
    areas = nearby(f"{ServiceArea._meta.db_table} a", "a", "a.")
    having = Sql("MIN(d2) <= %s", [radius_km**2])
    if beyond_km is not None:
        having = Sql("MIN(d2) > %s AND MIN(d2) <= %s", [beyond_km**2, radius_km**2])
    return join_sql(
        [
            Sql("SELECT service_id, MIN(d2) AS d2 FROM ("),
            locations,
            Sql(" UNION ALL "),
            areas,
            Sql(") near GROUP BY service_id HAVING "),
            having,
        ],
        "",
    )
