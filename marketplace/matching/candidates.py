"""Fetching the people (or requests) a posting could be matched with, through indexes.

Only plain columns are selected, no ORM objects: a busy neighbourhood can have thousands of
volunteers within 25 km, and NumPy needs numbers, not objects.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import cache
from itertools import chain
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Integer, bindparam, column, func, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.dayparts import FULL_WEEK
from marketplace.geo import bounding_box
from marketplace.matching.models import VolunteerReach
from marketplace.matching.reach import MAX_RADIUS_KM, MIN_RADIUS_KM
from marketplace.matching.scoring import (
    SCORE_DECIMALS,
    Candidates,
    Target,
    best_score_beyond,
    best_without_alerts,
    closeness_floor_under,
    could_make_top,
    haversine_km,
    reach_km,
    top_n_floor,
)
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.postings.models import Posting, PostingKind, PostingStatus
from marketplace.profiles.models import Profile
from marketplace.profiles.services import language_mask
from marketplace.timestamps import utcnow

DEFAULT_OFFER_RADIUS_KM = 5
# find_volunteers first reads people with at least this closeness: those within 15% of
# their reach, about 2% of the area of their circle.
FIRST_CLOSENESS_FLOOR = 0.85
# Keeps the second read's bound strictly below the bar despite rounding.
FLOOR_MARGIN = 1e-4
# Alerts are first looked up for this many times top_n people (see with_alerts_where_needed).
FIRST_LOOKUP = 3


def target_for(posting: Posting, circle: int = 1) -> Target:
    """What scoring needs of ``posting``; ``circle`` 2 doubles every radius, 3 also lets in
    people who gave no availability."""
    return Target(
        lat=posting.lat,
        lon=posting.lon,
        category_mask=posting.category.mask,
        daypart_mask=posting.daypart_mask or 0,
        radius_factor=2.0 if circle >= 2 else 1.0,
        allow_unstated_availability=circle >= 3,
        language_mask=language_mask([posting.language]) if posting.language else 0,
    )


# Columns read from volunteer_reach, in this order (all numbers, so one float64 array).
_REACH_COLUMNS = (
    "user_id, lat, lon, radius_km, availability_mask, interest_count, dismissals, "
    "COALESCE(comfort_km, -1.0), language_mask"
)
_REACH_WIDTH = 9
_RADII = range(MIN_RADIUS_KM, MAX_RADIUS_KM + 1)


@cache
def _reach_sql(paramstyle: str, timed: bool, unstated_ok: bool) -> str:
    """One SELECT per radius, glued with UNION ALL: people with radius r, in the box of
    radius r (times the circle's factor) around the posting. Each part is one range scan on
    ix_volunteer_reach_lookup (category_bit, radius_km, lat), lon and the rest checked
    inside the index."""

    def param(name: str) -> str:
        return f"%({name})s" if paramstyle == "pyformat" else f":{name}"

    when = ""
    if timed:
        when = f" AND (availability_mask & {param('dayparts')}) != 0"
        if unstated_ok:
            when = f" AND ((availability_mask & {param('dayparts')}) != 0 OR availability_mask = 0)"
    parts = [
        f"SELECT {_REACH_COLUMNS} FROM volunteer_reach"
        f" WHERE category_bit = {param('bit')} AND radius_km = {radius}"
        f" AND lat BETWEEN {param(f'lat0_{radius}')} AND {param(f'lat1_{radius}')}"
        f" AND lon BETWEEN {param(f'lon0_{radius}')} AND {param(f'lon1_{radius}')}"
        f" AND is_active = {param('active')}{when}"
        for radius in _RADII
    ]
    return " UNION ALL ".join(parts)


def reach_rows(
    session: Session, target: Target, category_bit: int, share: float = 1.0
) -> NDArray[np.float64]:
    """Active volunteers of ``category_bit`` whose own box (of ``share`` times their reach)
    holds the target, as an (n, 9) array of _REACH_COLUMNS. Read through the DB-API cursor:
    at city scale these are thousands of small rows, and SQLAlchemy rows for them would cost
    more than the query itself.
    """
    connection = session.connection()
    paramstyle = "pyformat" if connection.dialect.name == "postgresql" else "named"
    timed = bool(target.daypart_mask)
    sql = _reach_sql(paramstyle, timed, timed and target.allow_unstated_availability)
    params: dict[str, Any] = {"bit": category_bit, "active": True}
    if timed:
        params["dayparts"] = target.daypart_mask
    for radius in _RADII:
        reach = radius * target.radius_factor * share
        lat0, lat1, lon0, lon1 = bounding_box(target.lat, target.lon, reach)
        params |= {
            f"lat0_{radius}": lat0,
            f"lat1_{radius}": lat1,
            f"lon0_{radius}": lon0,
            f"lon1_{radius}": lon1,
        }
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    # fromiter over the flattened rows is several times quicker than np.array(rows).
    flat = np.fromiter(chain.from_iterable(rows), dtype=np.float64, count=len(rows) * _REACH_WIDTH)
    return flat.reshape(len(rows), _REACH_WIDTH)


def find_volunteers(
    session: Session, posting: Posting, circle: int = 1, top_n: int = 50
) -> Candidates:
    """Volunteers who pass every hard filter for ``posting``, enough of them to hold the
    best ``top_n`` exactly, with their alerts this week where they matter.

    The reach index narrows by category, radius and box (see ``reach_rows``); NumPy then
    checks the exact distance against each person's own radius.

    In a city, thousands of people reach any point, but the best ``top_n`` are nearly
    always close by. So first only people within the inner part of their reach are read
    (closeness at least FIRST_CLOSENESS_FLOOR): anyone further out scores below
    ``scoring.best_score_beyond(floor)``. If ``top_n`` people already score above that,
    nobody further out can take their place and the answer is exact. Otherwise their score
    (the bar) tells how far out a second read must go to be exact; with fewer than
    ``top_n`` near by, the second read takes everyone who reaches the posting.
    """
    target = target_for(posting, circle)
    candidates, distances = _reaching(session, posting, target, 1.0 - FIRST_CLOSENESS_FLOOR)
    candidates, known = with_alerts_where_needed(session, candidates, target, distances, top_n)
    bar = top_n_floor(candidates, target, distances, top_n, known)
    if bar is not None and bar > round(best_score_beyond(FIRST_CLOSENESS_FLOOR), SCORE_DECIMALS):
        return candidates
    # Not settled: read once more, as far out as needed. A wider read only adds candidates,
    # so the bar can only rise; with fewer than top_n near by, read everyone who reaches it.
    floor = 0.0
    if bar is not None:
        floor = min(max(0.0, closeness_floor_under(bar) - FLOOR_MARGIN), FIRST_CLOSENESS_FLOOR)
    candidates, distances = _reaching(session, posting, target, 1.0 - floor)
    candidates, _ = with_alerts_where_needed(session, candidates, target, distances, top_n)
    return candidates


def _reaching(
    session: Session, posting: Posting, target: Target, share: float
) -> tuple[Candidates, NDArray[np.float64]]:
    """Candidates within ``share`` of their reach of the posting, and their distances."""
    rows = reach_rows(session, target, posting.category.bit, share)
    ids = rows[:, 0].astype(np.int64)
    candidates = Candidates(
        ids=ids,
        lat=rows[:, 1],
        lon=rows[:, 2],
        radius_km=rows[:, 3],
        interest_mask=np.full(len(ids), target.category_mask, dtype=np.int64),
        availability_mask=rows[:, 4].astype(np.int64),
        alerts_this_week=np.zeros(len(ids), dtype=np.int64),
        interest_count=rows[:, 5].astype(np.int64),
        dismissals=rows[:, 6].astype(np.int64),
        comfort_km=rows[:, 7],
        language_mask=rows[:, 8].astype(np.int64),
    )
    distances = haversine_km(candidates.lat, candidates.lon, target.lat, target.lon)
    within = distances <= reach_km(candidates, target) * share
    keep = np.flatnonzero(within & (ids != posting.author_id))
    return candidates.subset(keep), distances[keep]


def with_alerts_where_needed(
    session: Session,
    candidates: Candidates,
    target: Target,
    distances: NDArray[np.float64],
    top_n: int,
) -> tuple[Candidates, NDArray[np.bool_]]:
    """``candidates`` (all passing the filters) with their alerts this week filled in for
    everyone who could be in the best ``top_n``, and where they were looked up. For the
    others they cannot change the outcome (see ``scoring.could_make_top``) and stay 0.

    Two small lookups instead of one per person: first the people who would be best with no
    alerts at all (a few times ``top_n``), which gives a tight bar; then anyone else who
    could still reach it, usually nobody.
    """
    alerts = np.zeros(len(candidates), dtype=np.int64)
    looked_up = np.zeros(len(candidates), dtype=bool)
    if len(candidates) == 0:
        return candidates.with_alerts(alerts), looked_up
    first = best_without_alerts(candidates, target, distances, FIRST_LOOKUP * top_n)
    _fill_alerts(session, candidates.ids, alerts, first)
    looked_up[first] = True
    worth = could_make_top(
        candidates.with_alerts(alerts), target, distances, top_n, known=looked_up
    )
    second = np.flatnonzero(worth & ~looked_up)
    _fill_alerts(session, candidates.ids, alerts, second)
    looked_up[second] = True
    return candidates.with_alerts(alerts), looked_up


def _fill_alerts(
    session: Session, ids: NDArray[np.int64], alerts: NDArray[np.int64], where: NDArray[np.intp]
) -> None:
    if len(where) == 0:
        return
    counts = alerts_this_week(session, ids[where].tolist())
    if counts:
        alerts[where] = [counts.get(int(user_id), 0) for user_id in ids[where]]


def all_volunteers(session: Session, posting: Posting) -> Candidates:
    """Every volunteer profile, without any index: the slow, obviously right input that
    ``rank`` turns into the answer the indexed path must equal (tests compare the two)."""
    rows = session.execute(
        select(
            Profile.user_id,
            Profile.lat,
            Profile.lon,
            Profile.radius_km,
            Profile.interest_mask,
            Profile.availability_mask,
            Profile.languages,
        )
        .join(User, User.id == Profile.user_id)
        .where(Profile.wants_to_help.is_(True))
        .where(Profile.lat.is_not(None))
        .where(Profile.lon.is_not(None))
        .where(Profile.user_id != posting.author_id)
        .where(User.is_blocked.is_(False))
        .where(User.email_confirmed_at.is_not(None))
        .order_by(Profile.user_id)
    ).all()
    learned = {
        user_id: (dismissals, comfort_km)
        for user_id, dismissals, comfort_km in session.execute(
            select(
                VolunteerReach.user_id, VolunteerReach.dismissals, VolunteerReach.comfort_km
            ).where(VolunteerReach.category_bit == posting.category.bit)
        )
    }
    alerts = alerts_this_week(session, [row.user_id for row in rows])
    candidates = Candidates.from_rows(
        [
            (
                row.user_id,
                row.lat,
                row.lon,
                row.radius_km,
                row.interest_mask,
                row.availability_mask,
                alerts.get(row.user_id, 0),
            )
            for row in rows
        ]
    )
    comfort = [learned.get(row.user_id, (0, None))[1] for row in rows]
    return replace(
        candidates,
        dismissals=np.array([learned.get(row.user_id, (0, None))[0] for row in rows], np.int64),
        comfort_km=np.array([-1.0 if c is None else c for c in comfort], dtype=np.float64),
        language_mask=np.array([language_mask(row.languages) for row in rows], dtype=np.int64),
    )


@dataclass(frozen=True)
class OpenRequest:
    posting_id: int
    author_id: int


def find_requests_for_offer(
    session: Session, offer: Posting
) -> tuple[list[OpenRequest], Candidates, Target]:
    """Published requests an ``offer`` could serve, as candidates for ``scoring.rank``.

    Each open request becomes a "candidate" at the request's place, with the offer author's
    radius, the category as its interest and the request's slots as its availability (a
    flexible request fits any slot). Same category, not the offer author's own requests,
    authors not blocked; both timed means the slots must overlap.
    """
    author_profile = session.get(Profile, offer.author_id)
    radius_km = float(
        author_profile.radius_km if author_profile is not None else DEFAULT_OFFER_RADIUS_KM
    )
    # Requests are not people: the offer's language says nothing about them.
    target = replace(target_for(offer), language_mask=0)
    min_lat, max_lat, min_lon, max_lon = bounding_box(offer.lat, offer.lon, radius_km)
    query = (
        select(Posting.id, Posting.author_id, Posting.lat, Posting.lon, Posting.daypart_mask)
        .join(User, User.id == Posting.author_id)
        # ix_postings_lat_lon, as for profiles: only requests in the box are read.
        .where(Posting.lat.between(min_lat, max_lat))
        .where(Posting.lon.between(min_lon, max_lon))
        .where(Posting.status == PostingStatus.PUBLISHED)
        .where(Posting.is_hidden.is_(False))
        .where(Posting.kind == PostingKind.REQUEST)
        .where(Posting.category_id == offer.category_id)
        .where(Posting.author_id != offer.author_id)
        .where(User.is_blocked.is_(False))
        .order_by(Posting.id)
    )
    if target.daypart_mask:
        overlaps = Posting.daypart_mask.op("&")(target.daypart_mask) != 0
        query = query.where((Posting.daypart_mask == 0) | overlaps)
    rows = session.execute(query).all()
    alerts = alerts_this_week(session, {row.author_id for row in rows})
    requests = [OpenRequest(row.id, row.author_id) for row in rows]
    candidates = Candidates.from_rows(
        [
            (
                row.id,
                row.lat,
                row.lon,
                radius_km,
                target.category_mask,
                row.daypart_mask or FULL_WEEK,
                alerts.get(row.author_id, 0),
            )
            for row in rows
        ]
    )
    return requests, candidates, target


def alerts_this_week(session: Session, user_ids: Iterable[int]) -> dict[int, int]:
    """How many new-match alerts each person got in the last 7 days (absent means 0).

    One grouped count over just these people, looked up by recipient (so
    ix_notifications_recipient_read serves it). The ids go in as ONE parameter (a JSON
    array on SQLite, an array on PostgreSQL): thousands of bound parameters would cost
    more to build than the query takes.
    """
    since = utcnow() - timedelta(days=7)
    ids = [int(user_id) for user_id in user_ids]
    if not ids:
        return {}
    if session.get_bind().dialect.name == "postgresql":
        among = Notification.recipient_id == func.any(
            bindparam("ids", ids, type_=postgresql.ARRAY(Integer))
        )
    else:
        among = Notification.recipient_id.in_(
            select(column("value")).select_from(func.json_each(bindparam("ids", json.dumps(ids))))
        )
    rows = session.execute(
        select(Notification.recipient_id, func.count())
        .where(among)
        .where(Notification.kind == NotificationKind.NEW_MATCH)
        .where(Notification.created_at >= since)
        .group_by(Notification.recipient_id)
    ).all()
    return {recipient_id: count for recipient_id, count in rows}
