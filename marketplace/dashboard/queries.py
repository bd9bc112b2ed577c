"""The dashboard's aggregate SQL: every figure comes from five GROUP BY queries.

``activity`` is the big one: postings and responses are read once into per-posting facts,
and counts per kind/category/wijk, counts per month and the median waiting times are all
grouped from those facts in one statement. Then today's unanswered requests, the active
volunteers, the list of wijken and the categories. Nothing loads a row per posting or per
person into Python; each query returns a few thousand grouped rows at most.

Two things differ between the databases and are written once for each: whole seconds
between two timestamps, and the median (PostgreSQL's ``percentile_cont``; on SQLite the
middle one or two rows by window functions). Both give the same numbers for the same data,
because durations are whole seconds on both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session

from marketplace.matching.models import MatchSuggestion
from marketplace.postings.models import Category, Posting, PostingKind, PostingStatus
from marketplace.profiles.models import Profile
from marketplace.responses.models import Response, ResponseStatus

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


def _month(dialect: str, moment: Any) -> tuple[ColumnElement[Any], ColumnElement[str]]:
    """(what to group by, the month as "2026-03") for a moment. PostgreSQL groups by the
    truncated timestamp and formats only the few groups, not every row."""
    if dialect == "postgresql":
        month = func.date_trunc("month", moment)
        return month, func.to_char(month, "YYYY-MM")
    month = func.strftime("%Y-%m", moment)
    return month, month


def _in_period(column: Any, scope: Scope) -> ColumnElement[bool]:
    return and_(column >= scope.start, column < scope.end)


def _in_neighbourhood(scope: Scope) -> list[ColumnElement[bool]]:
    return [] if scope.neighbourhood is None else [Posting.neighbourhood == scope.neighbourhood]


@dataclass(frozen=True)
class Activity:
    counts: list[CountRow]
    months: list[MonthRow]
    medians: list[MedianRow]


def _responses_in_neighbourhood(scope: Scope) -> list[ColumnElement[bool]]:
    if scope.neighbourhood is None:
        return []
    in_wijk = select(Posting.id).where(Posting.neighbourhood == scope.neighbourhood)
    return [Response.posting_id.in_(in_wijk)]


def _facts(scope: Scope) -> Any:
    """One row per posting (in the wijk) with the moments the figures are about.

    Responses are read once, grouped per posting: the first response, the first time help
    was marked done, and how many applicants a vacancy accepted in the period. A posting is
    done when help on it was first marked done, or when it was closed after a match.
    """
    per_posting = (
        select(
            Response.posting_id,
            func.min(Response.created_at).label("first_response_at"),
            func.min(Response.completed_at).label("first_completed_at"),
            func.sum(
                case(
                    (
                        and_(
                            Response.status == ResponseStatus.ACCEPTED,
                            _in_period(Response.decided_at, scope),
                        ),
                        1,
                    ),
                    else_=0,
                )
            ).label("accepted"),
        )
        .where(*_responses_in_neighbourhood(scope))
        .group_by(Response.posting_id)
        .subquery("per_posting")
    )
    done_at = func.coalesce(
        per_posting.c.first_completed_at,
        case((Posting.matched_at.is_not(None), Posting.closed_at)),
    )
    return (
        select(
            Posting.kind,
            Posting.category_id,
            Posting.neighbourhood,
            Posting.submitted_at,
            Posting.published_at,
            Posting.matched_at,
            done_at.label("done_at"),
            per_posting.c.first_response_at,
            case((Posting.kind == PostingKind.VACANCY, per_posting.c.accepted), else_=0).label(
                "filled"
            ),
        )
        .outerjoin(per_posting, per_posting.c.posting_id == Posting.id)
        .where(*_in_neighbourhood(scope))
        .cte("facts")
        .prefix_with("MATERIALIZED")  # read by several parts below; computed once
    )


def _happened(moment: Any, scope: Scope) -> ColumnElement[float]:
    """1 when ``moment`` falls in the period, else 0: summed per group it counts postings."""
    return case((_in_period(moment, scope), 1.0), else_=0.0)


def _counts_part(facts: Any, scope: Scope) -> Select[Any]:
    """Per kind, category and wijk: posted, approved, matched, done, filled (one pass)."""
    events = (
        facts.c.submitted_at,
        facts.c.published_at,
        facts.c.matched_at,
        facts.c.done_at,
    )
    return select(
        literal("count", String).label("part"),
        facts.c.kind,
        facts.c.category_id,
        facts.c.neighbourhood.label("label"),
        *(cast(func.sum(_happened(moment, scope)), Float) for moment in events),
        cast(func.sum(facts.c.filled), Float),
    ).group_by(facts.c.kind, facts.c.category_id, facts.c.neighbourhood)


def _month_parts(facts: Any, scope: Scope, dialect: str) -> list[Select[Any]]:
    """Per kind and calendar month (UTC): posted, matched and done, each in its own column."""
    parts = []
    for position, moment in enumerate((facts.c.submitted_at, facts.c.matched_at, facts.c.done_at)):
        month, label = _month(dialect, moment)
        values: list[ColumnElement[float]] = [literal(0.0, Float)] * 5
        values[position] = cast(func.count(), Float)
        parts.append(
            select(literal("month", String), facts.c.kind, cast(null(), Integer), label, *values)
            .where(_in_period(moment, scope))
            .group_by(facts.c.kind, month)
        )
    return parts


def _median_part(
    facts: Any, scope: Scope, dialect: str, name: str, earlier: Any, later: Any
) -> Select[Any]:
    """Per kind: the median of one waiting time that ended in the period, and how many."""
    seconds = _seconds_between(dialect, earlier, later)
    happened = (earlier.is_not(None), _in_period(later, scope))
    padding = [literal(0.0, Float)] * 3
    if dialect == "postgresql":
        return (
            select(
                literal("median", String),
                facts.c.kind,
                cast(null(), Integer),
                literal(name, String),
                func.percentile_cont(0.5).within_group(cast(seconds, Float)),
                cast(func.count(), Float),
                *padding,
            )
            .where(*happened)
            .group_by(facts.c.kind)
        )
    # The middle row, or the mean of the middle two: what percentile_cont(0.5) gives.
    ranked = (
        select(
            facts.c.kind,
            seconds.label("seconds"),
            func.row_number().over(partition_by=facts.c.kind, order_by=seconds).label("position"),
            func.count().over(partition_by=facts.c.kind).label("total"),
        )
        .where(*happened)
        .subquery()
    )
    return (
        select(
            literal("median", String),
            ranked.c.kind,
            cast(null(), Integer),
            literal(name, String),
            func.avg(cast(ranked.c.seconds, Float)),
            cast(func.max(ranked.c.total), Float),
            *padding,
        )
        .where(
            or_(
                ranked.c.position == (ranked.c.total + 1) // 2,
                ranked.c.position == (ranked.c.total + 2) // 2,
            )
        )
        .group_by(ranked.c.kind)
    )


def activity(session: Session, scope: Scope) -> Activity:
    """Counts per kind, category and wijk; counts per month; median waiting times.

    One statement: postings and responses are read once (into ``facts``) and every part
    is a GROUP BY over those facts, returned together and told apart by their first column
    (part, kind, category_id, label, and five numbers whose meaning depends on the part).
    """
    dialect = _dialect(session)
    if dialect == "postgresql":
        # The default 4 MB makes the per-month and median sorts of a city's year spill to
        # disk; this transaction only reads, so a little more memory is safe.
        session.execute(text("SET LOCAL work_mem = '32MB'"))
    facts = _facts(scope)
    f = facts.c
    query = union_all(
        _counts_part(facts, scope),
        *_month_parts(facts, scope, dialect),
        _median_part(facts, scope, dialect, TO_APPROVAL, f.submitted_at, f.published_at),
        _median_part(facts, scope, dialect, TO_FIRST_RESPONSE, f.published_at, f.first_response_at),
        _median_part(facts, scope, dialect, TO_MATCH, f.published_at, f.matched_at),
    )
    result = Activity([], [], [])
    month_events = (POSTED, MATCHED, DONE)
    for part, kind, category_id, label, *numbers in session.execute(query):
        if part == "count":
            for event, n in zip((POSTED, APPROVED, MATCHED, DONE, FILLED), numbers, strict=True):
                if n:
                    result.counts.append(CountRow(kind, category_id, label, event, int(n)))
        elif part == "month":
            for event, n in zip(month_events, numbers, strict=False):
                if n:
                    result.months.append(MonthRow(kind, event, label, int(n)))
        else:
            result.medians.append(MedianRow(label, kind, float(numbers[0]), int(numbers[1])))
    return result


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
            ~answered.exists(),
            *_in_neighbourhood(scope),
        )
        .group_by(Posting.neighbourhood)
    )
    return {neighbourhood: n for neighbourhood, n in session.execute(query)}


def active_volunteers(session: Session, scope: Scope) -> dict[str, int]:
    """Per home wijk: people who want to help and responded to a posting or were suggested
    one in the period. Each person counts once."""
    responded = select(Response.responder_id).where(_in_period(Response.created_at, scope))
    suggested = select(MatchSuggestion.user_id).where(_in_period(MatchSuggestion.created_at, scope))
    home = func.coalesce(Profile.neighbourhood, "")
    # Two IN lists rather than one UNION of ids: the database keeps a set of the (few
    # thousand) people per list instead of sorting every response and suggestion.
    query = (
        select(home, func.count())
        .where(
            Profile.wants_to_help.is_(True),
            or_(Profile.user_id.in_(responded), Profile.user_id.in_(suggested)),
        )
        .group_by(home)
    )
    if scope.neighbourhood is not None:
        query = query.where(Profile.neighbourhood == scope.neighbourhood)
    return {neighbourhood: n for neighbourhood, n in session.execute(query)}


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
