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

When the posting names a language ("ik spreek Turks"), people who do not speak it lose
``W_LANGUAGE``: a shared language is preferred, never required (like the penalties below, it
only lowers a score, so the bounds in ``best_score_beyond`` stay true).

Then two small penalties, learned from "niet voor mij" (nothing fancy, on purpose: people
should be able to guess why a list changed):

- ``W_DISMISSED * min(dismissals, 3) / 3``: each "not for me" on a suggestion of this
  category moves that category down a little for this person, up to three times;
- ``W_TOO_FAR`` when the posting is further away than their learned ``comfort_km`` (the
  distance of a suggestion they dismissed from the outer half of their radius).

Both lower the score, never filter: someone who said "not for me" to one odd job may still
be the only neighbour who can help with the next.

Wider circles (for a request nobody answered, see ``services.request_matching``): circle 2
multiplies every radius by ``radius_factor`` 2; circle 3 also lets in people who gave no
availability at all (``allow_unstated_availability``); they score 0 on availability.

Equal scores are ordered by candidate id, so the same input always gives the same list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

EARTH_RADIUS_KM = 6371.0088

W_CLOSENESS = 0.45
W_AVAILABILITY = 0.25
W_FAIRNESS = 0.15
W_INTEREST = 0.15
W_DISMISSED = 0.10
W_TOO_FAR = 0.10
W_LANGUAGE = 0.10
MAX_COUNTED_DISMISSALS = 3

# Scores are rounded before sorting: floating-point noise must not decide a tie.
SCORE_DECIMALS = 6


@dataclass(frozen=True)
class Candidates:
    """One entry per candidate, all arrays the same length.

    ``interest_count`` (how many interests they ticked) defaults to the bits of
    ``interest_mask``; ``dismissals`` (in the target's category) to 0; ``comfort_km`` to
    "none learned" (a negative number); ``language_mask`` (languages spoken) to none.
    """

    ids: NDArray[np.int64]
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    radius_km: NDArray[np.float64]
    interest_mask: NDArray[np.int64]
    availability_mask: NDArray[np.int64]
    alerts_this_week: NDArray[np.int64]
    interest_count: NDArray[np.int64] | None = None
    dismissals: NDArray[np.int64] | None = None
    comfort_km: NDArray[np.float64] | None = None
    language_mask: NDArray[np.int64] | None = None

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

    def subset(self, keep: NDArray[np.intp] | NDArray[np.bool_]) -> Candidates:
        """The candidates at ``keep`` (positions or a mask), in that order."""
        return Candidates(
            ids=self.ids[keep],
            lat=self.lat[keep],
            lon=self.lon[keep],
            radius_km=self.radius_km[keep],
            interest_mask=self.interest_mask[keep],
            availability_mask=self.availability_mask[keep],
            alerts_this_week=self.alerts_this_week[keep],
            interest_count=None if self.interest_count is None else self.interest_count[keep],
            dismissals=None if self.dismissals is None else self.dismissals[keep],
            comfort_km=None if self.comfort_km is None else self.comfort_km[keep],
            language_mask=None if self.language_mask is None else self.language_mask[keep],
        )

    def with_alerts(self, alerts: NDArray[np.int64]) -> Candidates:
        return replace(self, alerts_this_week=alerts)


@dataclass(frozen=True)
class Target:
    """The posting being matched: where, which category (as a mask), when, and the language
    it names (as a mask, 0 for none)."""

    lat: float
    lon: float
    category_mask: int
    daypart_mask: int = 0
    radius_factor: float = 1.0  # 2 in the wider circles
    allow_unstated_availability: bool = False  # circle 3
    language_mask: int = 0


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


def reach_km(candidates: Candidates, target: Target) -> NDArray[np.float64]:
    """How far each candidate travels for this target: their radius, times the circle's factor."""
    return candidates.radius_km * target.radius_factor


def passes_filters(
    candidates: Candidates, target: Target, distances_km: NDArray[np.float64]
) -> NDArray[np.bool_]:
    """True where a candidate passes every hard filter."""
    within_radius = distances_km <= reach_km(candidates, target)
    interested = (candidates.interest_mask & target.category_mask) != 0
    if target.daypart_mask:
        available = (candidates.availability_mask & target.daypart_mask) != 0
        if target.allow_unstated_availability:
            available |= candidates.availability_mask == 0
    else:
        available = np.ones(len(candidates), dtype=bool)
    return within_radius & interested & available


def score(
    candidates: Candidates,
    target: Target,
    distances_km: NDArray[np.float64],
    fairness: NDArray[np.float64] | float | None = None,
) -> NDArray[np.float64]:
    """The score of every candidate, in [0, 1] (meaningful only where the filters pass).

    ``fairness`` overrides the part computed from ``alerts_this_week`` (used for bounds).
    """
    radius = np.maximum(reach_km(candidates, target), 0.1)
    closeness = np.clip(1.0 - distances_km / radius, 0.0, 1.0)

    if target.daypart_mask:
        wanted = int(target.daypart_mask).bit_count()
        # bitwise_count gives uint8, and NumPy would carry on in float16: cast first.
        overlap = np.bitwise_count(candidates.availability_mask & target.daypart_mask)
        availability = overlap.astype(np.float64) / wanted
    else:
        availability = np.ones(len(candidates))

    if fairness is None:
        fairness = 1.0 / (1.0 + np.maximum(candidates.alerts_this_week, 0))
    if candidates.interest_count is not None:
        interests = np.maximum(candidates.interest_count, 1)
    else:
        interests = np.maximum(np.bitwise_count(candidates.interest_mask).astype(np.int64), 1)
    interest = 1.0 / np.sqrt(interests)

    total = (
        W_CLOSENESS * closeness
        + W_AVAILABILITY * availability
        + W_FAIRNESS * fairness
        + W_INTEREST * interest
    )
    if candidates.dismissals is not None:
        counted = np.minimum(np.maximum(candidates.dismissals, 0), MAX_COUNTED_DISMISSALS)
        total = total - W_DISMISSED * counted / MAX_COUNTED_DISMISSALS
    if candidates.comfort_km is not None:
        learned = candidates.comfort_km >= 0
        total = total - W_TOO_FAR * (learned & (distances_km > candidates.comfort_km))
    if target.language_mask:
        spoken = (
            candidates.language_mask
            if candidates.language_mask is not None
            else np.zeros(len(candidates), dtype=np.int64)
        )
        total = total - W_LANGUAGE * ((spoken & target.language_mask) == 0)
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


def best_without_alerts(
    candidates: Candidates, target: Target, distances_km: NDArray[np.float64], count: int
) -> NDArray[np.intp]:
    """Positions of the ``count`` candidates who would score best if nobody had any alerts
    (in no particular order)."""
    if len(candidates) <= count:
        return np.arange(len(candidates))
    at_most = score(candidates, target, distances_km, fairness=1.0)
    return np.argpartition(-at_most, count - 1)[:count]


def could_make_top(
    candidates: Candidates,
    target: Target,
    distances_km: NDArray[np.float64],
    top_n: int,
    known: NDArray[np.bool_] | None = None,
) -> NDArray[np.bool_]:
    """Where a candidate (all assumed to pass the filters) could be in the best ``top_n``,
    whatever their unknown alerts this week are: only for them is the count worth a lookup.

    ``known`` marks candidates whose ``alerts_this_week`` are real; for the others it is
    unknown. Alerts only move the fairness part, between 1 (no alerts) and 0, so each
    candidate's score lies between a floor (fairness 0, or their real score if known) and a
    ceiling (fairness 1, or their real score). If ``top_n`` others have a floor of at least
    T, anyone whose ceiling stays below T ranks after all of them, ties included. Rounded
    like ``rank``, so the bound holds after rounding too (rounding never reverses an order;
    it can only make a tie, and a tie at T is kept).
    """
    if len(candidates) <= top_n:
        return np.ones(len(candidates), dtype=bool)
    at_least = np.round(score(candidates, target, distances_km, fairness=0.0), SCORE_DECIMALS)
    at_most = np.round(score(candidates, target, distances_km, fairness=1.0), SCORE_DECIMALS)
    if known is not None and known.any():
        real = np.round(score(candidates, target, distances_km), SCORE_DECIMALS)
        at_least = np.where(known, real, at_least)
        at_most = np.where(known, real, at_most)
    threshold = np.partition(at_least, len(at_least) - top_n)[len(at_least) - top_n]
    return at_most >= threshold


def best_score_beyond(closeness_floor: float) -> float:
    """The highest score anyone can have whose closeness is below ``closeness_floor``:
    every other part at its best, no penalties."""
    return W_CLOSENESS * closeness_floor + W_AVAILABILITY + W_FAIRNESS + W_INTEREST


def closeness_floor_under(bar: float) -> float:
    """The closeness below which nobody can score ``bar`` (the inverse of
    ``best_score_beyond``)."""
    return (bar - (W_AVAILABILITY + W_FAIRNESS + W_INTEREST)) / W_CLOSENESS


def top_n_floor(
    candidates: Candidates,
    target: Target,
    distances_km: NDArray[np.float64],
    top_n: int,
    known: NDArray[np.bool_],
) -> float | None:
    """A score that at least ``top_n`` of the candidates reach for sure (their real score
    where ``known`` says their alerts were looked up, else with fairness 0), rounded like
    ``rank``; None when there are fewer than ``top_n``."""
    eligible = passes_filters(candidates, target, distances_km)
    if int(eligible.sum()) < top_n:
        return None
    real = score(candidates, target, distances_km)
    at_least = np.where(known, real, score(candidates, target, distances_km, fairness=0.0))
    at_least = np.round(at_least[eligible], SCORE_DECIMALS)
    return float(np.partition(at_least, len(at_least) - top_n)[len(at_least) - top_n])
