"""Who fits a posting best: hard filters and a score in [0, 1], vectorised with NumPy.

Pure functions on arrays, with no Flask or database, so they are tested and benchmarked
alone. ``candidates.py`` fills the arrays from the database; ``services.py`` stores the result.

Hard filters (a candidate failing one is never suggested):

- distance from their home to the posting <= their own travel radius;
- the posting's category is among their interests;
- when the posting has a time (``daypart_mask != 0``), they are free in at least one of its
  slots.

Score, a weighted sum of four parts, each in [0, 1]:

========================  ======  =========================================================
part                      weight  why
========================  ======  =========================================================
closeness                 0.45    ``1 - distance / radius``: nearby help is what residents
                                  need most, and short trips are the ones that happen.
availability fit          0.25    share of the posting's slots the candidate is free in
                                  (1 for a flexible posting).
fairness                  0.15    ``1 / (1 + alerts this week)``: people alerted often this
                                  week move down, so the same few are not flooded.
interest fit              0.15    ``1 / sqrt(number of interests)``: someone who ticked only
                                  this kind of help is a surer fit than someone who ticked all.
========================  ======  =========================================================

Equal scores are ordered by candidate id, so the same input always gives the same list.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

EARTH_RADIUS_KM = 6371.0088

W_CLOSENESS = 0.45
W_AVAILABILITY = 0.25
W_FAIRNESS = 0.15
W_INTEREST = 0.15

# Scores are rounded before sorting: floating-point noise must not decide a tie.
SCORE_DECIMALS = 6


@dataclass(frozen=True)
class Candidates:
    """One entry per candidate, all arrays the same length."""

    ids: NDArray[np.int64]
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    radius_km: NDArray[np.float64]
    interest_mask: NDArray[np.int64]
    availability_mask: NDArray[np.int64]
    alerts_this_week: NDArray[np.int64]

    @classmethod
    def from_rows(cls, rows: list[tuple[int, float, float, float, int, int, int]]) -> Candidates:
        """Rows of (id, lat, lon, radius_km, interest_mask, availability_mask, alerts)."""
        columns = list(zip(*rows, strict=True)) if rows else [()] * 7
        return cls(
            ids=np.asarray(columns[0], dtype=np.int64),
            lat=np.asarray(columns[1], dtype=np.float64),
            lon=np.asarray(columns[2], dtype=np.float64),
            radius_km=np.asarray(columns[3], dtype=np.float64),
            interest_mask=np.asarray(columns[4], dtype=np.int64),
            availability_mask=np.asarray(columns[5], dtype=np.int64),
            alerts_this_week=np.asarray(columns[6], dtype=np.int64),
        )

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Target:
    """The posting being matched: where, which category (as a mask) and when."""

    lat: float
    lon: float
    category_mask: int
    daypart_mask: int = 0


@dataclass(frozen=True)
class Ranking:
    """The best candidates, best first: positions into the input arrays, scores, distances."""

    indices: NDArray[np.intp]
    scores: NDArray[np.float64]
    distances_km: NDArray[np.float64]


def haversine_km(
    lat: NDArray[np.float64], lon: NDArray[np.float64], lat0: float, lon0: float
) -> NDArray[np.float64]:
    """Great-circle distance from every (lat, lon) to one point, in kilometres."""
    phi, phi0 = np.radians(lat), np.radians(lat0)
    dphi = phi - phi0
    dlambda = np.radians(lon - lon0)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi) * np.cos(phi0) * np.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def passes_filters(
    candidates: Candidates, target: Target, distances_km: NDArray[np.float64]
) -> NDArray[np.bool_]:
    """True where a candidate passes every hard filter."""
    within_radius = distances_km <= candidates.radius_km
    interested = (candidates.interest_mask & target.category_mask) != 0
    if target.daypart_mask:
        available = (candidates.availability_mask & target.daypart_mask) != 0
    else:
        available = np.ones(len(candidates), dtype=bool)
    return within_radius & interested & available


def score(
    candidates: Candidates, target: Target, distances_km: NDArray[np.float64]
) -> NDArray[np.float64]:
    """The score of every candidate, in [0, 1] (meaningful only where the filters pass)."""
    radius = np.maximum(candidates.radius_km, 0.1)
    closeness = np.clip(1.0 - distances_km / radius, 0.0, 1.0)

    if target.daypart_mask:
        wanted = int(target.daypart_mask).bit_count()
        overlap = np.bitwise_count(candidates.availability_mask & target.daypart_mask)
        availability = overlap / wanted
    else:
        availability = np.ones(len(candidates))

    fairness = 1.0 / (1.0 + np.maximum(candidates.alerts_this_week, 0))
    interests = np.maximum(np.bitwise_count(candidates.interest_mask), 1)
    interest = 1.0 / np.sqrt(interests)

    total = (
        W_CLOSENESS * closeness
        + W_AVAILABILITY * availability
        + W_FAIRNESS * fairness
        + W_INTEREST * interest
    )
    return np.clip(total, 0.0, 1.0)


def rank(candidates: Candidates, target: Target, top_n: int = 50) -> Ranking:
    """Filter, score and order the candidates; return at most ``top_n``, best first."""
    if len(candidates) == 0 or top_n <= 0:
        empty_float = np.empty(0, dtype=np.float64)
        return Ranking(np.empty(0, dtype=np.intp), empty_float, empty_float)
    distances = haversine_km(candidates.lat, candidates.lon, target.lat, target.lon)
    eligible = np.flatnonzero(passes_filters(candidates, target, distances))
    scores = np.round(score(candidates, target, distances)[eligible], SCORE_DECIMALS)
    # lexsort sorts by its last key first: highest score, then lowest id.
    order = np.lexsort((candidates.ids[eligible], -scores))[:top_n]
    chosen = eligible[order]
    return Ranking(indices=chosen, scores=scores[order], distances_km=distances[chosen])
