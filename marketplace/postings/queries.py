"""Finding postings: the public browse page and the author's own list.

These build SELECT statements; the view pages through them with ``db.paginate``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from marketplace.accounts.models import User
from marketplace.geo import bounding_box, distance_km
from marketplace.geo.distance import KM_PER_DEGREE_LAT
from marketplace.postings.models import Category, Posting, PostingStatus
from marketplace.responses.models import Response

SORT_NEWEST = "newest"
SORT_NEAREST = "nearest"
MAX_SEARCH_WORDS = 8


@dataclass(frozen=True)
class Origin:
    """Where distances are measured from: a postcode centroid, never an address."""

    lat: float
    lon: float


@dataclass
class BrowseFilters:
    kind: str | None = None
    category_slug: str | None = None
    words: list[str] = field(default_factory=list)
    origin: Origin | None = None
    max_km: int | None = None
    sort: str = SORT_NEWEST


def search_words(text: str | None) -> list[str]:
    """The words to look for; a few, each of sensible length."""
    return [word[:50] for word in (text or "").split()][:MAX_SEARCH_WORDS]


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _squared_degrees(origin: Origin) -> ColumnElement[float]:
    """Squared distance in degrees of latitude, longitude scaled by cos(latitude).

    Plain arithmetic, so SQLite and PostgreSQL both evaluate it; within a city it differs
    from the great-circle distance by far less than the rounding we show.
    """
    scale = math.cos(math.radians(origin.lat))
    dlat = Posting.lat - origin.lat
    dlon = (Posting.lon - origin.lon) * scale
    return dlat * dlat + dlon * dlon


def browse_query(filters: BrowseFilters, today: date) -> Select[Posting]:
    """Published, visible, not yet past their end date, narrowed by ``filters``."""
    query = (
        select(Posting)
        .options(joinedload(Posting.category), joinedload(Posting.organisation))
        .where(Posting.status == PostingStatus.PUBLISHED, Posting.is_hidden.is_(False))
        .where(or_(Posting.ends_on.is_(None), Posting.ends_on >= today))
    )
    if filters.kind:
        query = query.where(Posting.kind == filters.kind)
    if filters.category_slug:
        query = query.where(
            Posting.category_id.in_(
                select(Category.id).where(Category.slug == filters.category_slug)
            )
        )
    for word in filters.words:
        pattern = _like_pattern(word)
        query = query.where(
            or_(
                Posting.title.ilike(pattern, escape="\\"),
                Posting.description.ilike(pattern, escape="\\"),
            )
        )
    if filters.origin is not None and filters.max_km:
        # The box uses the (lat, lon) index; the distance test then trims its corners.
        min_lat, max_lat, min_lon, max_lon = bounding_box(
            filters.origin.lat, filters.origin.lon, filters.max_km
        )
        radius_degrees = filters.max_km / KM_PER_DEGREE_LAT
        query = query.where(
            and_(
                Posting.lat.between(min_lat, max_lat),
                Posting.lon.between(min_lon, max_lon),
                _squared_degrees(filters.origin) <= radius_degrees * radius_degrees,
            )
        )
    if filters.sort == SORT_NEAREST and filters.origin is not None:
        return query.order_by(_squared_degrees(filters.origin), Posting.id.desc())
    return query.order_by(Posting.published_at.desc(), Posting.id.desc())


def with_distances(
    postings: Iterable[Posting], origin: Origin | None
) -> list[tuple[Posting, float | None]]:
    """Each posting with its great-circle distance from ``origin`` (None without one)."""
    return [
        (
            posting,
            distance_km(origin.lat, origin.lon, posting.lat, posting.lon) if origin else None,
        )
        for posting in postings
    ]


def own_postings_query(author: User) -> Select[Posting]:
    return (
        select(Posting)
        .options(joinedload(Posting.category), joinedload(Posting.organisation))
        .where(Posting.author_id == author.id)
        .order_by(Posting.created_at.desc(), Posting.id.desc())
    )


def responses_for(session: Session, posting: Posting) -> list[Response]:
    """The responses the author sees, with each responder's name loaded."""
    return list(
        session.scalars(
            select(Response)
            .options(selectinload(Response.responder).selectinload(User.profile))
            .where(Response.posting_id == posting.id)
            .order_by(Response.created_at, Response.id)
        )
    )
