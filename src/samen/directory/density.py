"""How many services stand where: a coarse grid of the map, for place search to choose how far
it must look before it has enough nearby services (search_sql.Plan.ring_km).

It is a hint for speed only, never for what is found: a search that guessed too small a circle
reads the rest of the box as well and finds the same services. So it may be old: it is kept in
each process for an hour, whatever changes in the directory meanwhile, and while one request
builds it again the others go on with the old one. It counts locations, not services: a
location with several services counts once, so it guesses a larger circle than needed, never a
smaller one, except for locations no service uses (then the rest of the box is read).
"""

import math
import threading
import time
from dataclasses import dataclass

from django.db import connection

from .geo import GeoPoint, bounding_box
from .models import Location

# A cell is about 1.7 km each way in the Netherlands.
CELL_LAT_DEG = 0.015
CELL_LON_DEG = 0.025
KEEP_SECONDS = 3600.0


@dataclass(frozen=True)
class Grid:
    # (row, column) -> locations in that cell
    cells: dict[tuple[int, int], int]
    built_at: float


_lock = threading.Lock()
_grid: Grid | None = None


def _cell_sql(column: str, size: float) -> str:
    if connection.vendor == "postgresql":
        return f"floor({column} / {size})::integer"
    # CAST truncates towards zero; the comparison makes it floor for negative values too.
    return f"(CAST({column} / {size} AS INTEGER) - ({column} < 0))"


def _build() -> Grid:
    row, column = _cell_sql("latitude", CELL_LAT_DEG), _cell_sql("longitude", CELL_LON_DEG)
    with connection.cursor() as cursor:
        # One pass over the index on (latitude, longitude): ~0.25 s at 500,000 locations.
        cursor.execute(
            f"SELECT {row}, {column}, COUNT(*) FROM {Location._meta.db_table} "
            "WHERE latitude IS NOT NULL AND longitude IS NOT NULL GROUP BY 1, 2"
        )
        cells = {(int(r), int(c)): int(n) for r, c, n in cursor.fetchall()}
    return Grid(cells, time.monotonic())


def grid() -> Grid:
    """The grid of this process, built again when it is an hour old: by one request, while
    the others use the old one (only the first ever waits for it)."""
    global _grid
    current = _grid
    if current is not None and time.monotonic() - current.built_at < KEEP_SECONDS:
        return current
    if current is not None and not _lock.acquire(blocking=False):
        return current  # another thread is building it
    if current is None:
        _lock.acquire()
    try:
        if _grid is None or time.monotonic() - _grid.built_at >= KEEP_SECONDS:
            _grid = _build()
        return _grid
    finally:
        _lock.release()


def forget() -> None:
    """Drop the grid, so the next place search builds it from the map as it is (tests)."""
    global _grid
    with _lock:
        _grid = None


def radius_holding(point: GeoPoint, limit_km: float, count: int) -> float | None:
    """A radius (km) no larger than `limit_km` whose circle around `point` surely holds at
    least `count` locations by the grid (the cells counted lie wholly inside it), as small as
    the grid tells; None when there is none.

    Squares of cells grow around the point's cell until they hold `count`; of the cells of
    that square, the nearest (by their farthest corner) that hold `count` give the radius. So
    the work follows the number of cells near the point, not the size of the circle asked."""
    cells = grid().cells
    km = bounding_box(point, 1)
    cell_lat_km, cell_lon_km = CELL_LAT_DEG * km.km_per_deg_lat, CELL_LON_DEG * km.km_per_deg_lon
    row, col = math.floor(point.latitude / CELL_LAT_DEG), math.floor(point.longitude / CELL_LON_DEG)
    held, size = 0, 0
    while True:
        ring = (
            [(row, col)]
            if size == 0
            else [(row + dr, col + dc) for dr in (-size, size) for dc in range(-size, size + 1)]
            + [(row + dr, col + dc) for dc in (-size, size) for dr in range(1 - size, size)]
        )
        held += sum(cells.get(cell, 0) for cell in ring)
        if held >= count:
            break
        # A cell outside this square is farther than its edge: none of them fits the limit.
        if size * min(cell_lat_km, cell_lon_km) > limit_km:
            return None
        size += 1

    def farthest_corner_km(r: int, c: int) -> float:
        dlat = max(
            abs(r * CELL_LAT_DEG - point.latitude), abs((r + 1) * CELL_LAT_DEG - point.latitude)
        )
        dlon = max(
            abs(c * CELL_LON_DEG - point.longitude), abs((c + 1) * CELL_LON_DEG - point.longitude)
        )
        return math.hypot(dlat * km.km_per_deg_lat, dlon * km.km_per_deg_lon)

    reach = sorted(
        (farthest_corner_km(r, c), n)
        for r in range(row - size, row + size + 1)
        for c in range(col - size, col + size + 1)
        if (n := cells.get((r, c)))
    )
    held = 0
    for distance, n in reach:
        if distance > limit_km:
            return None
        held += n
        if held >= count:
            return distance
    return None
