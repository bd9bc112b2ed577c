"""Fetching the people (or requests) a posting could be matched with, through indexes.

Only plain columns are selected, no ORM objects: a busy neighbourhood can have thousands of
volunteers within 25 km, and NumPy needs numbers, not objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.dayparts import FULL_WEEK
from marketplace.geo import bounding_box
from marketplace.matching.scoring import Candidates, Target, haversine_km
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.postings.models import Posting, PostingKind, PostingStatus
from marketplace.profiles.models import Profile
from marketplace.timestamps import utcnow

# The largest travel radius a profile can choose. Every volunteer who could reach the
# posting lives inside the box of this radius around it; their own radius is checked after.
MAX_RADIUS_KM = 25
DEFAULT_OFFER_RADIUS_KM = 5
# Keep IN (...) lists well below SQLite's limit on bound parameters.
CHUNK = 5000


def target_for(posting: Posting) -> Target:
    return Target(
        lat=posting.lat,
        lon=posting.lon,
        category_mask=posting.category.mask,
        daypart_mask=posting.daypart_mask or 0,
    )


def find_volunteers(session: Session, posting: Posting) -> Candidates:
    """Volunteers who pass every hard filter for ``posting``, with their alerts this week.

    The database narrows by the cheap, indexed conditions; NumPy then checks the exact
    distance against each person's own radius.
    """
    target = target_for(posting)
    min_lat, max_lat, min_lon, max_lon = bounding_box(posting.lat, posting.lon, MAX_RADIUS_KM)
    query = (
        select(
            Profile.user_id,
            Profile.lat,
            Profile.lon,
            Profile.radius_km,
            Profile.interest_mask,
            Profile.availability_mask,
        )
        .join(User, User.id == Profile.user_id)
        # ix_profiles_lat_lon (lat, lon): the lat range is an index range scan and the lon
        # range is checked inside the index, so only profiles in the box are read at all.
        # A box is coarse (it includes the corners), which is why the exact check follows.
        .where(Profile.lat.between(min_lat, max_lat))
        .where(Profile.lon.between(min_lon, max_lon))
        .where(Profile.wants_to_help.is_(True))
        .where(Profile.interest_mask.op("&")(target.category_mask) != 0)
        .where(Profile.user_id != posting.author_id)
        .where(User.is_blocked.is_(False))
        .where(User.email_confirmed_at.is_not(None))
    )
    if target.daypart_mask:
        query = query.where(Profile.availability_mask.op("&")(target.daypart_mask) != 0)
    rows = session.execute(query).all()
    if not rows:
        return Candidates.from_rows([])

    lat = np.array([row.lat for row in rows], dtype=np.float64)
    lon = np.array([row.lon for row in rows], dtype=np.float64)
    radius = np.array([row.radius_km for row in rows], dtype=np.float64)
    near = haversine_km(lat, lon, target.lat, target.lon) <= radius
    kept = [row for row, keep in zip(rows, near, strict=True) if keep]
    alerts = alerts_this_week(session, [row.user_id for row in kept])
    return Candidates.from_rows(
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
            for row in kept
        ]
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
    target = target_for(offer)
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

    Looked up by recipient, so ix_notifications_recipient_read serves it.
    """
    since = utcnow() - timedelta(days=7)
    ids = list(user_ids)
    counts: dict[int, int] = {}
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(Notification.recipient_id, func.count())
            .where(Notification.recipient_id.in_(ids[start : start + CHUNK]))
            .where(Notification.kind == NotificationKind.NEW_MATCH)
            .where(Notification.created_at >= since)
            .group_by(Notification.recipient_id)
        ).all()
        counts.update({recipient_id: count for recipient_id, count in rows})
    return counts
