"""Great-circle distance and the boxes that bound a radius. Pure functions."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_KM / 180


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) containing every point within radius_km."""
    dlat = radius_km / KM_PER_DEGREE_LAT
    # Widen the longitude span at the box's edge nearest the pole, where degrees are shortest.
    widest_lat = min(89.0, abs(lat) + dlat)
    dlon = radius_km / (KM_PER_DEGREE_LAT * math.cos(math.radians(widest_lat)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def round_distance_km(km: float) -> float:
    """Distances are shown rounded, never precise: 0.5 km steps up to 10 km, whole km above."""
    if km < 0.5:
        return 0.5
    if km < 10:
        return round(km * 2) / 2
    return float(round(km))
