"""Finding postings: the public browse page and the author's own list.

These build SELECT statements; the view pages through them with ``db.paginate``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from flask import Flask, current_app
from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session, joinedload

from marketplace.accounts.models import User
from marketplace.categories import Category
from marketplace.choice_memo import Memo
from marketplace.geo import bounding_box, distance_km
from marketplace.geo.distance import KM_PER_DEGREE_LAT
from marketplace.postings.models import Posting, PostingKind, PostingStatus
from marketplace.search import matching

SORT_RELEVANCE = "relevance"  # with search words; the newest first without
SORT_NEWEST = "newest"
SORT_NEAREST = "nearest"
MAX_SEARCH_WORDS = 8


@dataclass(frozen=True)
class Origin:
    """Where distances are measured from: a postcode centroid, never an address."""

    lat: float
    lon: float


@dataclass(frozen=True)
class VacancyFilters:
    """What a volunteer may ask of a vacancy's details; any of them shows only vacancies.

    ``needs_vog``: True only vacancies that ask for a VOG, False only those that do not;
    ``max_hours``: at most this many hours a week (vacancies that give no hours are left
    out); ``suits_newcomers``: only vacancies for people who are still learning Dutch.
    """

    needs_vog: bool | None = None
    max_hours: int | None = None
    suits_newcomers: bool = False

    def __bool__(self) -> bool:
        return self.needs_vog is not None or self.max_hours is not None or self.suits_newcomers


@dataclass
class BrowseFilters:
    kind: str | None = None
    category_slug: str | None = None
    words: list[str] = field(default_factory=list)
    origin: Origin | None = None
    max_km: int | None = None
    sort: str = SORT_RELEVANCE
    neighbourhood: str | None = None  # one wijk (in Rotterdam) or place, as postings store it
    vacancy: VacancyFilters = field(default_factory=VacancyFilters)


# The vacancy details belong to the organisations feature: it narrows the query for them
# (``register_vacancy_filter`` in its hooks), so this core module needs no feature's model.
VacancyNarrower = Callable[[Select[Posting], VacancyFilters], Select[Posting]]
_VACANCY_NARROWER = "postings.vacancy_narrower"


def register_vacancy_filter(app: Flask, narrower: VacancyNarrower) -> None:
    app.extensions[_VACANCY_NARROWER] = narrower


def _narrow_to_vacancies(query: Select[Posting], filters: VacancyFilters) -> Select[Posting]:
    query = query.where(Posting.kind == PostingKind.VACANCY)
    narrower: VacancyNarrower | None = current_app.extensions.get(_VACANCY_NARROWER)
    return narrower(query, filters) if narrower is not None else query


def search_words(text: str | None) -> list[str]:
    """The words to look for; a few, each of sensible length."""
    return [word[:50] for word in (text or "").split()][:MAX_SEARCH_WORDS]


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
    if filters.neighbourhood:
        query = query.where(Posting.neighbourhood == filters.neighbourhood)
    if filters.vacancy:
        query = _narrow_to_vacancies(query, filters.vacancy)
    found = matching(Posting, " ".join(filters.words)) if filters.words else None
    if found is not None:
        query = found.join(query)
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
    if filters.sort == SORT_RELEVANCE and found is not None:
        return query.order_by(found.rank.desc(), Posting.published_at.desc(), Posting.id.desc())
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


_neighbourhoods = Memo("neighbourhoods_with_postings", watch=("postings",))


def neighbourhoods_with_postings(session: Session, today: date) -> list[str]:
    """The neighbourhoods that have public postings now, A to Z (for the wijk filter); made
    once per process and day until a posting changes (marketplace.choice_memo)."""
    return list(
        _neighbourhoods.get(today, lambda: tuple(_neighbourhoods_with_postings(session, today)))
    )


def _neighbourhoods_with_postings(session: Session, today: date) -> list[str]:
    postings = browse_query(BrowseFilters(), today).order_by(None).subquery()
    return list(
        session.scalars(
            select(postings.c.neighbourhood).distinct().order_by(postings.c.neighbourhood)
        )
    )
