"""Small fixtures with fixed timestamps: the first quarter of 2025, seen on 1 April 2025."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from marketplace.dashboard.services import Period
from marketplace.postings.models import Posting, PostingKind, PostingStatus
from marketplace.responses.models import Response, ResponseStatus
from marketplace.timestamps import LOCAL_TIME
from tests.factories import PostingFactory, ResponseFactory, category

Q1 = Period(date(2025, 1, 1), date(2025, 3, 31))
NOW = datetime(2025, 4, 1, 12, 0, tzinfo=UTC)


def at(day: str, hour: int = 12, minute: int = 0) -> datetime:
    """at("2025-01-10", 9) -> 10 January 2025, 09:00 UTC."""
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=UTC)


def local(day: str, hour: int, minute: int = 0) -> datetime:
    """local("2025-01-01", 0, 30) -> half past midnight on New Year's Day in Rotterdam."""
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=LOCAL_TIME)


def posting(
    submitted: datetime | None,
    published: datetime | None = None,
    matched: datetime | None = None,
    closed: datetime | None = None,
    kind: str = PostingKind.REQUEST,
    neighbourhood: str = "Stadsdriehoek",
    category_slug: str = "boodschappen",
    status: str | None = None,
) -> Posting:
    if status is None:
        status = PostingStatus.PENDING
        if published:
            status = PostingStatus.PUBLISHED
        if matched:
            status = PostingStatus.MATCHED
        if closed:
            status = PostingStatus.CLOSED
    return PostingFactory(
        kind=kind,
        status=status,
        category=category(category_slug),
        neighbourhood=neighbourhood,
        submitted_at=submitted,
        created_at=submitted or at("2025-01-01"),
        published_at=published,
        matched_at=matched,
        closed_at=closed,
    )


def response(
    to: Posting,
    created: datetime,
    status: str = ResponseStatus.PENDING,
    decided: datetime | None = None,
    completed: datetime | None = None,
    **fields: object,
) -> Response:
    return ResponseFactory(
        posting=to,
        created_at=created,
        status=status,
        decided_at=decided,
        completed_at=completed,
        **fields,
    )


def requests_posted(n: int, neighbourhood: str = "Stadsdriehoek") -> list[Posting]:
    """``n`` requests sent in on 10 January, approved an hour later."""
    return [
        posting(at("2025-01-10", 9), at("2025-01-10", 10), neighbourhood=neighbourhood)
        for _ in range(n)
    ]


def hours(n: float) -> timedelta:
    return timedelta(hours=n)
