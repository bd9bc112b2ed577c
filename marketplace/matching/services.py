"""Matching: asking the worker to match a posting, running that, and what a person sees.

The worker side (``run_match_request``) is idempotent by state: a completed request is
skipped, suggestions are upserted (one per posting and person) and alerts carry an
idempotency key, so running it twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import Select, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, contains_eager, selectinload

from marketplace.accounts.models import User
from marketplace.dayparts import FULL_WEEK, slots_from_mask
from marketplace.matching.candidates import find_requests_for_offer, find_volunteers, target_for
from marketplace.matching.errors import PostingNotPublished, SuggestionNotFound
from marketplace.matching.models import MatchRequest, MatchSuggestion
from marketplace.matching.reasons import reason_phrases
from marketplace.matching.scoring import rank
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify
from marketplace.postings.models import Category, Posting, PostingKind, PostingStatus
from marketplace.timestamps import utcnow

# Suggestions stored per posting; the best MATCH_NOTIFY_TOP_N of them get an alert.
MAX_SUGGESTIONS = 50


@dataclass(frozen=True)
class Match:
    """One person a posting fits, best first in a list."""

    user_id: int
    score: float
    distance_km: float
    alerts_this_week: int
    reasons: dict[str, Any] = field(default_factory=dict)
    related_posting_id: int | None = None


def request_matching(session: Session, posting: Posting) -> MatchRequest:
    """Ask the worker to match ``posting``: an outbox row, published after commit.

    One request per publication (the key holds ``published_at``), so calling it twice in
    one approval returns the same row. Raises PostingNotPublished without ``published_at``.
    """
    if posting.published_at is None:
        raise PostingNotPublished(f"posting {posting.id} has no published_at")
    key = f"match:{posting.id}:{posting.published_at.isoformat()}"
    existing = session.scalar(select(MatchRequest).where(MatchRequest.idempotency_key == key))
    if existing is not None:
        return existing
    match_request = MatchRequest(posting_id=posting.id, idempotency_key=key)
    session.add(match_request)
    session.flush()  # the id is what the relay publishes
    return match_request


def run_match_request(
    session: Session, match_request_id: int, notify_top_n: int | None = None
) -> int:
    """Match the posting of one MatchRequest; returns how many suggestions were stored.

    Skips (returns 0) a request that is missing or completed, and completes without work
    one whose posting is no longer published or is hidden. ``notify_top_n`` defaults to
    the MATCH_NOTIFY_TOP_N setting. Flushes; the task commits.
    """
    match_request = session.scalar(
        # The row lock makes a second worker with the same request wait, then skip it.
        select(MatchRequest).where(MatchRequest.id == match_request_id).with_for_update()
    )
    if match_request is None or match_request.completed_at is not None:
        return 0
    posting = session.get(Posting, match_request.posting_id)
    matches: list[Match] = []
    if posting is not None and posting.status == PostingStatus.PUBLISHED and not posting.is_hidden:
        if posting.kind == PostingKind.OFFER:
            matches = _requests_for_offer(session, posting)
        else:
            matches = _volunteers_for(session, posting)
        _store_suggestions(session, posting, matches)
        if notify_top_n is None:
            notify_top_n = current_app.config["MATCH_NOTIFY_TOP_N"]
        _alert_best(session, posting, matches, notify_top_n)
    match_request.completed_at = utcnow()
    session.flush()
    return len(matches)


def _volunteers_for(session: Session, posting: Posting) -> list[Match]:
    candidates = find_volunteers(session, posting)
    ranking = rank(candidates, target_for(posting), top_n=MAX_SUGGESTIONS)
    matches = []
    for index, score, distance in zip(
        ranking.indices, ranking.scores, ranking.distances_km, strict=True
    ):
        shared = int(candidates.availability_mask[index]) & posting.daypart_mask
        matches.append(
            Match(
                user_id=int(candidates.ids[index]),
                score=float(score),
                distance_km=round(float(distance), 2),
                alerts_this_week=int(candidates.alerts_this_week[index]),
                reasons=_reasons(distance, posting.category, shared),
            )
        )
    return matches


def _requests_for_offer(session: Session, offer: Posting) -> list[Match]:
    """An offer goes the other way: to the authors of open requests it could serve."""
    requests, candidates, target = find_requests_for_offer(session, offer)
    ranking = rank(candidates, target, top_n=len(requests))
    matches: list[Match] = []
    seen_authors: set[int] = set()
    for index, score, distance in zip(
        ranking.indices, ranking.scores, ranking.distances_km, strict=True
    ):
        request = requests[index]
        if request.author_id in seen_authors:  # one suggestion per person: their best request
            continue
        seen_authors.add(request.author_id)
        request_slots = int(candidates.availability_mask[index])
        if offer.daypart_mask:
            shared = offer.daypart_mask & request_slots
        else:
            shared = 0 if request_slots == FULL_WEEK else request_slots
        matches.append(
            Match(
                user_id=request.author_id,
                score=float(score),
                distance_km=round(float(distance), 2),
                alerts_this_week=int(candidates.alerts_this_week[index]),
                reasons=_reasons(distance, offer.category, shared),
                related_posting_id=request.posting_id,
            )
        )
        if len(matches) == MAX_SUGGESTIONS:
            break
    return matches


def _reasons(distance_km: float, category: Category, slot_mask: int) -> dict[str, Any]:
    return {
        "distance_km": round(float(distance_km), 1),
        "categories": [category.slug],
        "slots": [[day, part] for day, part in slots_from_mask(slot_mask)],
    }


def _store_suggestions(session: Session, posting: Posting, matches: list[Match]) -> None:
    """Insert or update one suggestion per person (a re-run updates, never duplicates).

    ON CONFLICT keeps this safe even when two workers match the same posting at once.
    Whether the person already dismissed or was alerted is kept as it was.
    """
    if not matches:
        return
    now = utcnow()
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(MatchSuggestion).values(
        [
            {
                "posting_id": posting.id,
                "user_id": match.user_id,
                "related_posting_id": match.related_posting_id,
                "score": match.score,
                "distance_km": match.distance_km,
                "reasons": match.reasons,
                "created_at": now,
            }
            for match in matches
        ]
    )
    statement = statement.on_conflict_do_update(
        index_elements=["posting_id", "user_id"],
        set_={
            "related_posting_id": statement.excluded.related_posting_id,
            "score": statement.excluded.score,
            "distance_km": statement.excluded.distance_km,
            "reasons": statement.excluded.reasons,
        },
    )
    session.execute(statement)


def _alert_best(session: Session, posting: Posting, matches: list[Match], top_n: int) -> None:
    """Alert the best ``top_n`` people, walking down the list past anyone who paused alerts,
    reached their weekly cap or dismissed the suggestion. People alerted about this posting
    before count towards ``top_n``."""
    suggestions = {
        suggestion.user_id: suggestion
        for suggestion in session.scalars(
            select(MatchSuggestion)
            .where(MatchSuggestion.posting_id == posting.id)
            .options(selectinload(MatchSuggestion.related_posting))
            .execution_options(populate_existing=True)  # the upsert bypassed the session
        )
    }
    alerted = sum(1 for suggestion in suggestions.values() if suggestion.notified_at)
    users = {
        user.id: user
        for user in session.scalars(
            select(User)
            .where(User.id.in_([match.user_id for match in matches]))
            .options(selectinload(User.profile))
        )
    }
    now = utcnow()
    for match in matches:
        if alerted >= top_n:
            break
        suggestion = suggestions[match.user_id]
        user = users[match.user_id]
        if suggestion.notified_at or suggestion.dismissed_at or not _accepts_alert(user, match):
            continue
        related = suggestion.related_posting
        locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
        with force_locale(locale):  # the reasons go into their e-mail, in their language
            phrases = reason_phrases(
                match.reasons,
                {posting.category.slug: posting.category.name(locale)},
                related.title if related else None,
            )
        notify(
            session,
            user,
            NotificationKind.NEW_MATCH,
            f"new_match:{posting.id}:{user.id}",
            link_path=f"/oproepen/{posting.id}",
            posting=posting,
            request_posting=related,
            reasons=phrases,
        )
        suggestion.notified_at = now
        alerted += 1
    session.flush()


def _accepts_alert(user: User, match: Match) -> bool:
    profile = user.profile
    if profile is None:
        return True
    if profile.alerts_paused_until is not None and profile.alerts_paused_until > utcnow():
        return False
    return match.alerts_this_week < profile.weekly_alert_cap


# --- What a person sees ---------------------------------------------------------------


def is_ready_for_suggestions(user: User) -> bool:
    """Suggestions need a home location, at least one interest and the "I want to help" tick."""
    profile = user.profile
    return bool(
        profile is not None
        and profile.has_location
        and profile.interest_mask
        and profile.wants_to_help
    )


def suggestions_for(user_id: int) -> Select[MatchSuggestion]:
    """The person's suggestions for postings still public, not dismissed, best first."""
    return (
        select(MatchSuggestion)
        .join(Posting, Posting.id == MatchSuggestion.posting_id)
        .where(MatchSuggestion.user_id == user_id)
        .where(MatchSuggestion.dismissed_at.is_(None))
        .where(Posting.status == PostingStatus.PUBLISHED)
        .where(Posting.is_hidden.is_(False))
        .options(
            contains_eager(MatchSuggestion.posting).selectinload(Posting.category),
            contains_eager(MatchSuggestion.posting).selectinload(Posting.organisation),
            selectinload(MatchSuggestion.related_posting),
        )
        .order_by(MatchSuggestion.score.desc(), MatchSuggestion.id)
    )


def describe_suggestions(
    suggestions: list[MatchSuggestion], category_names: Mapping[str, str]
) -> list[tuple[MatchSuggestion, list[str]]]:
    """Each suggestion with its reasons in words, in the current language."""
    return [
        (
            suggestion,
            reason_phrases(
                suggestion.reasons or {},
                category_names,
                suggestion.related_posting.title if suggestion.related_posting else None,
            ),
        )
        for suggestion in suggestions
    ]


def category_names(session: Session, locale: str) -> dict[str, str]:
    return {category.slug: category.name(locale) for category in session.scalars(select(Category))}


def dismiss_suggestion(session: Session, user: User, suggestion_id: int) -> MatchSuggestion:
    """Hide a suggestion from the person's list. Raises SuggestionNotFound when it is not
    theirs. Dismissing twice keeps the first time."""
    suggestion = session.get(MatchSuggestion, suggestion_id)
    if suggestion is None or suggestion.user_id != user.id:
        raise SuggestionNotFound(suggestion_id)
    if suggestion.dismissed_at is None:
        suggestion.dismissed_at = utcnow()
        session.flush()
    return suggestion
