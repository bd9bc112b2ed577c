"""The dashboard's aggregate SQL: every figure comes from a few GROUP BY queries.

The postings carry their own milestones (submitted, published, matched, first response,
help done; see responses/milestones.py), so counts per kind/category/wijk and per month come
from one pass over the postings of the period and the median waiting times from one more;
the volunteers placed on vacancies come from the applications. Then today's unanswered
requests, the active volunteers, the list of wijken and the categories. Nothing loads a row
per posting or per person into Python; each query returns a few thousand grouped rows at
most. The queries do not depend on each other: services.compute_figures runs them side by
side (see side_by_side.py).

Some things differ between the databases and are written once for each: whole seconds
between two timestamps, grouping one pass several ways (GROUPING SETS on
PostgreSQL), and the median (PostgreSQL's ``percentile_cont``; on SQLite the middle one or
two rows by window functions). Both give the same numbers for the same data, because
durations are whole seconds on both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    and_,
    case,
    cast,
    func,
    null,
    or_,
    select,
    text,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session

from marketplace.categories import Category
from marketplace.organisations.models import Application, VolunteerHours
from marketplace.postings.models import Posting, PostingKind, PostingStatus
from marketplace.profiles.models import Profile
from marketplace.responses.models import Response
from marketplace.timestamps import LOCAL_TIME, local_midnight

# Event names in the counts; one row per posting (``filled``: per accepted vacancy response).
POSTED = "posted"
APPROVED = "approved"
MATCHED = "matched"
DONE = "done"
FILLED = "filled"

# Median names.
TO_APPROVAL = "to_approval"
TO_FIRST_RESPONSE = "to_first_response"
TO_MATCH = "to_match"

UNANSWERED_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class Scope:
    """Which activity counts: ``start <= moment < end`` (aware UTC), in one wijk or all."""

    start: datetime
    end: datetime
    neighbourhood: str | None = None


@dataclass(frozen=True)
class CountRow:
    kind: str
    category_id: int
    neighbourhood: str
    event: str
    count: int


@dataclass(frozen=True)
class MonthRow:
    kind: str
    event: str
    month: str  # "2026-03"
    count: int


@dataclass(frozen=True)
class MedianRow:
    name: str
    kind: str
    seconds: float
    count: int


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _seconds_between(dialect: str, earlier: Any, later: Any) -> ColumnElement[Any]:
    """Whole seconds from ``earlier`` to ``later`` (fractions dropped on both databases)."""
    if dialect == "postgresql":
        # date_part gives a float8, far cheaper than extract's numeric; whole seconds are
        # exact in it.
        return func.date_part(
            "epoch", func.date_trunc("second", later) - func.date_trunc("second", earlier)
        )
    return cast(func.strftime("%s", later), Integer) - cast(func.strftime("%s", earlier), Integer)


def _month_ends(scope: Scope) -> list[tuple[str, datetime]]:
    """Each calendar month (Rotterdam time) the period touches, as "2026-03", with the
    moment it ends within the period (UTC)."""
    months = []
    day = scope.start.astimezone(LOCAL_TIME).date().replace(day=1)
    while True:
        following = (day + timedelta(days=32)).replace(day=1)
        end = min(local_midnight(following), scope.end)
        months.append((day.strftime("%Y-%m"), end))
        if end >= scope.end:
            return months
        day = following


def _month(moment: Any, scope: Scope) -> ColumnElement[int]:
    """Which month of the period (Rotterdam time) a moment falls in, counted from 0 (see
    ``_month_ends``); NULL outside the period. A CASE over the month boundaries gives the
    same months on both databases, in local time; a number groups faster than a text."""
    whens: list[tuple[ColumnElement[bool], Any]] = [(moment < scope.start, null())]
    whens += [(moment < end, index) for index, (_, end) in enumerate(_month_ends(scope))]
    return case(*whens, else_=null())


def _in_period(column: Any, scope: Scope) -> ColumnElement[bool]:
    return and_(column >= scope.start, column < scope.end)


def _in_neighbourhood(scope: Scope) -> list[ColumnElement[bool]]:
    return [] if scope.neighbourhood is None else [Posting.neighbourhood == scope.neighbourhood]


def counts_and_months(session: Session, scope: Scope) -> tuple[list[CountRow], list[MonthRow]]:
    """Per kind, category and wijk: posted, approved, matched, done; and per kind and
    calendar month: posted, matched and done. One pass over the postings.

    PostgreSQL groups the same rows four ways at once (GROUPING SETS); SQLite, which has
    no grouping sets, gets the four GROUP BYs as one UNION ALL. Either way a row is told
    apart by which of its grouped columns are filled in.
    """
    dialect = _dialect(session)
    events = (Posting.submitted_at, Posting.published_at, Posting.matched_at, Posting.helped_at)
    # Per posting, once: in which month of the period it was sent in, matched and helped,
    # and whether each event fell in the period. Grouping then only counts.
    facts = (
        select(
            Posting.kind,
            Posting.category_id,
            Posting.neighbourhood,
            *(_month(events[i], scope).label(f"month_{i}") for i in (0, 2, 3)),
            *(_in_period(moment, scope).label(f"in_{i}") for i, moment in enumerate(events)),
        )
        .where(or_(*(_in_period(moment, scope) for moment in events)), *_in_neighbourhood(scope))
        .subquery("facts")
    )
    f = facts.c
    place = (f.category_id, f.neighbourhood)
    in_month = (f.month_0, f.month_2, f.month_3)  # sent in, matched, helped
    counted = [func.count().filter(flag) for flag in (f.in_0, f.in_1, f.in_2, f.in_3)]
    groupings: list[tuple[Any, ...]] = [(f.kind, *place)]
    groupings += [(f.kind, month) for month in in_month]

    if dialect == "postgresql":
        query: Any = select(f.kind, *place, *in_month, *counted).group_by(
            func.grouping_sets(*(tuple_(*columns) for columns in groupings))
        )
    else:
        parts = []
        for columns in groupings:
            shown = [c if _among(c, columns) else null() for c in (*place, *in_month)]
            parts.append(select(f.kind, *shown, *counted).group_by(*columns))
        query = union_all(*parts)

    month_names = [name for name, _ in _month_ends(scope)]
    counts: list[CountRow] = []
    months: list[MonthRow] = []
    for (
        kind,
        category_id,
        neighbourhood,
        *month_numbers,
        posted,
        approved,
        matched,
        done,
    ) in session.execute(query):
        if category_id is not None:
            numbers = (posted, approved, matched, done)
            for event, n in zip((POSTED, APPROVED, MATCHED, DONE), numbers, strict=True):
                if n:
                    counts.append(CountRow(kind, category_id, neighbourhood, event, n))
            continue
        for event, month, n in zip(
            (POSTED, MATCHED, DONE), month_numbers, (posted, matched, done), strict=True
        ):
            if month is not None and n:
                months.append(MonthRow(kind, event, month_names[month], n))
    return counts, months


def _among(column: Any, columns: tuple[Any, ...]) -> bool:
    return any(column is other for other in columns)  # not ==, which builds SQL


def placed_on_vacancies(session: Session, scope: Scope) -> list[CountRow]:
    """Per category and wijk: volunteers placed on a vacancy in the period (moved to
    "placed" in the organisation's pipeline, or accepted in the conversation, which places
    them too)."""
    query = (
        select(Posting.kind, Posting.category_id, Posting.neighbourhood, func.count())
        .select_from(Application)
        .join(Response, Response.id == Application.response_id)
        .join(Posting, Posting.id == Response.posting_id)
        .where(
            _in_period(Application.placed_at, scope),
            Posting.kind == PostingKind.VACANCY,  # always so; lets the planner start there
            *_in_neighbourhood(scope),
        )
        .group_by(Posting.kind, Posting.category_id, Posting.neighbourhood)
    )
    return [CountRow(k, c, n, FILLED, count) for k, c, n, count in session.execute(query)]


# Each waiting time: its name, when it started and when it ended.
_WAITS = (
    (TO_APPROVAL, Posting.submitted_at, Posting.published_at),
    (TO_FIRST_RESPONSE, Posting.published_at, Posting.first_response_at),
    (TO_MATCH, Posting.published_at, Posting.matched_at),
)


def medians(session: Session, scope: Scope) -> list[MedianRow]:
    """Per kind: the median of each waiting time that ended in the period, and how many."""
    dialect = _dialect(session)
    wijk = _in_neighbourhood(scope)
    if dialect == "postgresql":
        columns = []
        for _, earlier, later in _WAITS:
            ended = and_(earlier.is_not(None), _in_period(later, scope))
            seconds = cast(_seconds_between(dialect, earlier, later), Float)
            columns += [
                func.percentile_cont(0.5).within_group(seconds).filter(ended),
                func.count().filter(ended),
            ]
        rows = session.execute(select(Posting.kind, *columns).where(*wijk).group_by(Posting.kind))
        return [
            MedianRow(name, kind, float(numbers[2 * i]), numbers[2 * i + 1])
            for kind, *numbers in rows
            for i, (name, _, _) in enumerate(_WAITS)
            if numbers[2 * i + 1]
        ]
    return [
        MedianRow(name, kind, float(seconds), total)
        for name, earlier, later in _WAITS
        for kind, seconds, total in session.execute(_sqlite_median(scope, earlier, later, wijk))
    ]


def _sqlite_median(
    scope: Scope, earlier: Any, later: Any, wijk: list[ColumnElement[bool]]
) -> Select[Any]:
    """The middle row, or the mean of the middle two: what percentile_cont(0.5) gives."""
    seconds = _seconds_between("sqlite", earlier, later)
    ranked = (
        select(
            Posting.kind,
            seconds.label("seconds"),
            func.row_number().over(partition_by=Posting.kind, order_by=seconds).label("position"),
            func.count().over(partition_by=Posting.kind).label("total"),
        )
        .where(earlier.is_not(None), _in_period(later, scope), *wijk)
        .subquery()
    )
    return (
        select(ranked.c.kind, func.avg(cast(ranked.c.seconds, Float)), func.max(ranked.c.total))
        .where(
            or_(
                ranked.c.position == (ranked.c.total + 1) // 2,
                ranked.c.position == (ranked.c.total + 2) // 2,
            )
        )
        .group_by(ranked.c.kind)
    )


def prepare_for_reading(session: Session) -> None:
    """Settings for the rest of the dashboard's read-only transaction (PostgreSQL only)."""
    if _dialect(session) == "postgresql":
        # With the default 4 MB the median sorts of a city's year spill to disk.
        session.execute(text("SET LOCAL work_mem = '32MB'"))


def unanswered_requests(session: Session, scope: Scope, now: datetime) -> dict[str, int]:
    """Per wijk: open requests published at least 7 days ago without any response since
    (the same rule as the escalation list welfare staff work from). Today's state,
    whatever the period."""
    answered = select(Response.id).where(
        Response.posting_id == Posting.id, Response.created_at >= Posting.published_at
    )
    query = (
        select(Posting.neighbourhood, func.count())
        .where(
            Posting.kind == PostingKind.REQUEST,
            Posting.status == PostingStatus.PUBLISHED,
            Posting.is_hidden.is_(False),
            Posting.published_at <= now - UNANSWERED_AFTER,
            # Most never had a response at all; only the others are looked up, one by one
            # through the index, instead of hashing every response of the city.
            or_(Posting.first_response_at.is_(None), ~answered.exists()),
            *_in_neighbourhood(scope),
        )
        .group_by(Posting.neighbourhood)
    )
    return {neighbourhood: n for neighbourhood, n in session.execute(query)}


def active_volunteers(session: Session, scope: Scope) -> dict[str, int]:
    """Per home wijk: people who want to help and, in the period, responded to a posting
    (offered help, applied to a vacancy), sent in an offer of help or had hours logged
    for them. Each person counts once: those who responded, plus those who only offered,
    plus those who only logged hours."""
    responded = (
        select(Response.id)
        .where(Response.responder_id == Profile.user_id, _in_period(Response.created_at, scope))
        .exists()
    )
    offered = (
        select(Posting.id)
        .where(
            Posting.author_id == Profile.user_id,
            Posting.kind == PostingKind.OFFER,
            _in_period(Posting.submitted_at, scope),
        )
        .exists()
    )
    logged = (
        select(VolunteerHours.id)
        .join(Application, Application.id == VolunteerHours.application_id)
        .join(Response, Response.id == Application.response_id)
        .where(
            Response.responder_id == Profile.user_id,
            _in_period(VolunteerHours.created_at, scope),
        )
        .exists()
    )
    home = func.coalesce(Profile.neighbourhood, "")
    volunteers: list[ColumnElement[bool]] = [Profile.wants_to_help.is_(True)]
    if scope.neighbourhood is not None:
        volunteers.append(Profile.neighbourhood == scope.neighbourhood)
    # Two semi-joins rather than one OR of two IN lists: PostgreSQL runs those several
    # times faster over a city's year of responses.
    query = union_all(
        select(home, func.count()).where(*volunteers, responded).group_by(home),
        select(home, func.count()).where(*volunteers, ~responded, offered).group_by(home),
        select(home, func.count()).where(*volunteers, ~responded, ~offered, logged).group_by(home),
    )
    totals: Counter[str] = Counter()
    for neighbourhood, n in session.execute(query):
        totals[neighbourhood] += n
    return dict(totals)


def neighbourhoods(session: Session) -> list[str]:
    """Every wijk that occurs in a posting, in alphabetical order."""
    query = select(Posting.neighbourhood).distinct().order_by(Posting.neighbourhood)
    return [name for name in session.scalars(query) if name]


def has_neighbourhood(session: Session, name: str) -> bool:
    """Whether any posting was placed in this wijk."""
    in_wijk = select(Posting.id).where(Posting.neighbourhood == name)
    return bool(session.scalar(select(in_wijk.exists())))


def categories(session: Session) -> Sequence[Category]:
    return list(session.scalars(select(Category).order_by(Category.position, Category.id)))
