"""Planning a round: every address without a visit gets a visitor near it and a day and
daypart on which that visitor is available.

Balanced: nobody gets more than an equal share (``ceil(addresses / visitors who can reach
any)``, or the coordinator's lower maximum). Nearest first: all (address, visitor) pairs
within the visitor's travel radius are taken in order of distance, each address going to
the nearest visitor who still has room. The distances are one NumPy matrix (5,000 x 300 is
1.5 million numbers, a few milliseconds), so a city's round plans in seconds.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from sqlalchemy import exists, func, insert, select
from sqlalchemy.orm import Session

from marketplace.dayparts import mask_for_date
from marketplace.geo.distance import EARTH_RADIUS_KM
from marketplace.home_visits.errors import NothingToPlan, NoVisitors
from marketplace.home_visits.models import Daypart, HomeVisit, RoundAddress, VisitRound
from marketplace.home_visits.visitors import Visitor, available_visitors
from marketplace.timestamps import utcnow

VISITS_PER_DAYPART = 3  # about an hour each, with the walk in between
INSERT_BATCH = 2_000


@dataclass(frozen=True)
class PlanResult:
    planned: int
    not_planned: int  # no visitor near enough, or everyone near was full
    visitors: int
    most_per_visitor: int


def distances_km(points: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Haversine distances between each of ``points`` (n x 2, lat/lon degrees) and each of
    ``others`` (m x 2): an n x m matrix (the same formula as ``geo.distance_km``)."""
    lat1 = np.radians(points[:, 0])[:, None]
    lon1 = np.radians(points[:, 1])[:, None]
    lat2 = np.radians(others[:, 0])[None, :]
    lon2 = np.radians(others[:, 1])[None, :]
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def assign(
    places: np.ndarray,
    visitors: list[Visitor],
    already: np.ndarray,
    max_per_visitor: int | None = None,
) -> tuple[np.ndarray, int]:
    """For each place the index of its visitor (or -1), and the share each got at most.
    ``already`` counts the visits each visitor has in this round before."""
    n, m = len(places), len(visitors)
    where = np.array([(v.lat, v.lon) for v in visitors], dtype=float)
    radius = np.array([v.radius_km for v in visitors], dtype=float)
    distance = distances_km(places, where)
    reach = distance <= radius[None, :]
    reachable = reach.any(axis=1)
    able = reach.any(axis=0) | (already > 0)
    share = math.ceil((int(reachable.sum()) + int(already.sum())) / max(1, int(able.sum())))
    if max_per_visitor:
        share = min(share, max_per_visitor)
    room = np.maximum(share - already, 0)
    chosen = np.full(n, -1, dtype=np.int64)
    near = np.flatnonzero(reach.ravel())
    pairs: list[int] = near[np.argsort(distance.ravel()[near], kind="stable")].tolist()
    left = int(reachable.sum())
    # Nearest first within the equal share; then, for addresses whose nearby visitors were
    # all full, one more each at a time, up to a fifth above the share (or the maximum).
    limit = share if max_per_visitor else share + math.ceil(share / 5)
    most = share
    while left:
        for pair in pairs:
            place, visitor = divmod(pair, m)
            if chosen[place] >= 0 or room[visitor] == 0:
                continue
            chosen[place] = visitor
            room[visitor] -= 1
            left -= 1
            if left == 0:
                break
        if left == 0 or most >= limit:
            break
        most += 1
        room += 1
        pairs = [pair for pair in pairs if chosen[pair // m] < 0]
    return chosen, most


def slots(
    first: date, mask: int, busy: dict[tuple[date, str], int], until: date | None = None
) -> Iterator[tuple[date, str]]:
    """The visitor's dayparts from ``first`` on (up to ``until``, when her training stops
    counting), each as often as there is room in it."""
    day = first
    for _ in range(366):
        if until is not None and day > until:
            return
        for part in Daypart:
            if mask & mask_for_date(day, part):
                for _ in range(VISITS_PER_DAYPART - busy.get((day, part), 0)):
                    yield day, part
        day += timedelta(days=1)


def plan_round(
    session: Session,
    visit_round: VisitRound,
    starts_on: date,
    max_per_visitor: int | None = None,
) -> PlanResult:
    """Plan every address of the round that has no visit yet. Raises NothingToPlan or
    NoVisitors. Planning again after more addresses came in plans only those."""
    open_addresses = session.execute(
        select(RoundAddress.id, RoundAddress.lat, RoundAddress.lon, RoundAddress.pc4)
        .where(
            RoundAddress.round_id == visit_round.id,
            ~exists().where(HomeVisit.address_id == RoundAddress.id),
        )
        .order_by(RoundAddress.pc4, RoundAddress.id)
    ).all()
    if not open_addresses:
        raise NothingToPlan()
    visitors = available_visitors(session, visit_round.organisation_id, starts_on)
    if not visitors:
        raise NoVisitors()
    index = {visitor.user_id: i for i, visitor in enumerate(visitors)}
    already = np.zeros(len(visitors), dtype=np.int64)
    busy: dict[int, dict[tuple[date, str], int]] = {}
    for visitor_id, day, part, count in session.execute(
        select(HomeVisit.visitor_id, HomeVisit.planned_on, HomeVisit.daypart, func.count())
        .where(HomeVisit.round_id == visit_round.id, HomeVisit.visitor_id.is_not(None))
        .group_by(HomeVisit.visitor_id, HomeVisit.planned_on, HomeVisit.daypart)
    ):
        if visitor_id in index:
            already[index[visitor_id]] += count
            busy.setdefault(visitor_id, {})[(day, part)] = count
    places = np.array([(row.lat, row.lon) for row in open_addresses], dtype=float)
    chosen, share = assign(places, visitors, already, max_per_visitor)
    # Each visitor's addresses in postcode order, so one daypart covers one street or two.
    per_visitor: dict[int, list[int]] = {}
    for row, visitor in zip(open_addresses, chosen.tolist(), strict=True):
        if visitor >= 0:
            per_visitor.setdefault(visitor, []).append(row.id)
    now = utcnow()
    new = []
    for visitor_index, address_ids in per_visitor.items():
        visitor = visitors[visitor_index]
        free = slots(
            starts_on, visitor.availability_mask, busy.get(visitor.user_id, {}), visitor.until
        )
        for address_id, (day, part) in zip(address_ids, free, strict=False):
            new.append(
                {
                    "organisation_id": visit_round.organisation_id,
                    "round_id": visit_round.id,
                    "address_id": address_id,
                    "visitor_id": visitor.user_id,
                    "planned_on": day,
                    "daypart": part,
                    "status": "planned",
                    "attempts": 0,
                    "created_at": now,
                }
            )
    for start in range(0, len(new), INSERT_BATCH):
        session.execute(insert(HomeVisit), new[start : start + INSERT_BATCH])
    visit_round.starts_on = visit_round.starts_on or starts_on
    visit_round.planned_at = now
    session.flush()
    return PlanResult(
        planned=len(new),
        not_planned=len(open_addresses) - len(new),
        visitors=len(per_visitor),
        most_per_visitor=share,
    )
