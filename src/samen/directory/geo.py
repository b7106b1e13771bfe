"""Offline geography: turn "1055", "1055 AB", "Amsterdam" or "Den Haag" into a point.

Data: data/geo (PC4 centroids and place names, MIT licence, see data/geo/README.md).
Nothing here calls the network.
"""

import difflib
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from samen.core.translation import fold

GEO_DIR = Path(__file__).parent / "data" / "geo"
POSTCODE_RE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})?\s*$")
EARTH_RADIUS_KM = 6371.0088

# Names people use for places whose official name (woonplaats) differs.
PLACE_ALIASES = {
    "den haag": "'s-Gravenhage",
    "the hague": "'s-Gravenhage",
    "den bosch": "'s-Hertogenbosch",
}


@dataclass(frozen=True)
class GeoPoint:
    label: str
    latitude: float
    longitude: float


def repair_mojibake(name: str) -> str:
    """Mend the source's damaged accents: "Mari+½nheem" -> "Mariënheem".

    The source stored UTF-8 through a CP850 round trip, losing the lead byte 0xC3 as "+".
    """

    def mend(match: re.Match[str]) -> str:
        try:
            return (b"\xc3" + match.group(1).encode("cp850")).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return match.group(0)

    return re.sub(r"\+([^\x00-\x7f])", mend, name)


def _key(name: str) -> str:
    """Folded, punctuation-free key: "'s-Gravenhage" and "s gravenhage" meet."""
    return " ".join(re.findall(r"\w+", fold(name)))


@cache
def _postcodes() -> dict[str, GeoPoint]:
    raw = json.loads((GEO_DIR / "nl-pc4.json").read_text(encoding="utf-8"))
    return {
        pc4: GeoPoint(f"{pc4} {repair_mojibake(item['city'])}", *item["c"])
        for pc4, item in raw.items()
    }


@cache
def _places() -> dict[str, GeoPoint]:
    raw = json.loads((GEO_DIR / "nl-places.json").read_text(encoding="utf-8"))
    places = {}
    for name, item in raw.items():
        label = repair_mojibake(name)
        places[_key(label)] = GeoPoint(label, *item["c"])
    for alias, official in PLACE_ALIASES.items():
        places[_key(alias)] = places[_key(official)]
    return places


def normalize_postcode(text: str) -> str:
    """ "3511ab" -> "3511 AB"; "3511" stays "3511"; anything else is returned trimmed."""
    match = POSTCODE_RE.match(text)
    if not match:
        return text.strip()
    return f"{match.group(1)} {match.group(2).upper()}" if match.group(2) else match.group(1)


def resolve_place(text: str) -> GeoPoint | None:
    """A point for a four-digit postcode (letters ignored) or a place name, or None."""
    match = POSTCODE_RE.match(text)
    if match:
        return _postcodes().get(match.group(1))
    return _places().get(_key(text))


def suggest_places(text: str, limit: int = 3) -> list[str]:
    """Close place names for a place we did not recognise."""
    key = _key(text)
    if not key:
        return []
    places = _places()
    matches = difflib.get_close_matches(key, places.keys(), n=limit, cutoff=0.75)
    return list(dict.fromkeys(places[m].label for m in matches))


def distance_km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(a_lat), math.radians(b_lat)
    dphi = phi2 - phi1
    dlmb = math.radians(b_lon - a_lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class BoundingBox:
    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float
    # Kilometres per degree, for a flat-earth distance in SQL (accurate to <0.5 % in NL).
    km_per_deg_lat: float
    km_per_deg_lon: float


def bounding_box(point: GeoPoint, radius_km: float) -> BoundingBox:
    km_per_deg_lat = math.pi * EARTH_RADIUS_KM / 180
    km_per_deg_lon = km_per_deg_lat * math.cos(math.radians(point.latitude))
    dlat = radius_km / km_per_deg_lat
    dlon = radius_km / km_per_deg_lon
    return BoundingBox(
        point.latitude - dlat,
        point.latitude + dlat,
        point.longitude - dlon,
        point.longitude + dlon,
        km_per_deg_lat,
        km_per_deg_lon,
    )
