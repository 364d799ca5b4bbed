"""Wuppertal's ten city districts (Stadtbezirke) and how far apart they are.

The coordinates are approximate centroids (WGS 84, read off the city map), good to about a
kilometre: enough to tell neighbouring districts from the other end of the valley, which is
all the tandem matching asks. Distances are great-circle distances between centroids; two
associations in the same district are 0 km apart. A district not in the table (empty, a
misspelling, a town outside Wuppertal) has no known distance: it gets no closeness bonus.
"""

from __future__ import annotations

import math

import numpy as np

#: Stadtbezirk → (latitude, longitude) of its approximate centroid.
DISTRICTS: dict[str, tuple[float, float]] = {
    "Elberfeld": (51.2562, 7.1508),
    "Elberfeld-West": (51.2575, 7.1150),
    "Uellendahl-Katernberg": (51.2870, 7.1420),
    "Vohwinkel": (51.2380, 7.0730),
    "Cronenberg": (51.2010, 7.1430),
    "Barmen": (51.2700, 7.2000),
    "Oberbarmen": (51.2790, 7.2270),
    "Heckinghausen": (51.2610, 7.2350),
    "Langerfeld-Beyenburg": (51.2730, 7.2700),
    "Ronsdorf": (51.2260, 7.2080),
}
NAMES: tuple[str, ...] = tuple(DISTRICTS)
EARTH_RADIUS_KM = 6371.0


def _key(name: str) -> str:
    return " ".join(name.replace("–", "-").split()).casefold()


_INDEX = {_key(name): i for i, name in enumerate(NAMES)}


def district_index(name: str | None) -> int:
    """The district's position in NAMES, or -1 when it is not a known district."""
    return _INDEX.get(_key(name or ""), -1)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _matrix() -> np.ndarray:
    n = len(NAMES)
    out = np.zeros((n, n))
    for i, a in enumerate(NAMES):
        for j, b in enumerate(NAMES):
            out[i, j] = 0.0 if i == j else haversine_km(DISTRICTS[a], DISTRICTS[b])
    return out


#: Kilometres between the districts' centroids, indexed like NAMES.
DISTANCE_KM = _matrix()


def distance_km(a: str | None, b: str | None) -> float | None:
    """Kilometres between two districts; None when either is unknown."""
    i, j = district_index(a), district_index(b)
    if i < 0 or j < 0:
        return None
    return float(DISTANCE_KM[i, j])
