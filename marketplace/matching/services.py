"""Matching: asking the worker to match a posting, running that, and what a person sees.

The worker side (``run_match_request``) is idempotent by state: a completed request is
skipped, suggestions are upserted (one per posting and person) and alerts carry an
idempotency key, so running it twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, cast

import numpy as np
from flask import current_app
from flask_babel import force_locale
from sqlalchemy import Select, Table, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, contains_eager, selectinload

from marketplace import volunteer_candidates
from marketplace.accounts.blocks import blocked_either_way, no_block_between
from marketplace.accounts.models import User
from marketplace.categories import Category
from marketplace.dayparts import DAYS, FULL_WEEK, PARTS, slot_bit
from marketplace.geo import bounding_box
from marketplace.i18n import current_language
from marketplace.matching.candidates import (
    alerts_this_week,
    find_requests_for_offer,
    find_volunteers,
    target_for,
)
from marketplace.matching.errors import PostingNotPublished, SuggestionNotFound
from marketplace.matching.models import MatchRequest, MatchSuggestion, VolunteerReach
from marketplace.matching.reach import clamp_radius
from marketplace.matching.reasons import reason_phrases
from marketplace.matching.scoring import Candidates, Ranking, rank
from marketplace.matching.urgency import is_close_by_and_soon
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, page_path, wants_email
from marketplace.postings.models import Posting, PostingKind, PostingStatus
from marketplace.profiles.models import Profile
from marketplace.profiles.services import language_mask
from marketplace.timestamps import local_today, utcnow

# Suggestions stored per posting; the best MATCH_NOTIFY_TOP_N of them get an alert.
MAX_SUGGESTIONS = 50
# A changed profile alerts about at most this many open postings (suggested: all that fit).
REMATCH_MAX_ALERTS = 3
CIRCLES = (1, 2, 3)
# Every week slot with its bit, worked out once: reasons are built for every suggestion.
_SLOTS = [(day, part, slot_bit(day, part)) for day in DAYS for part in PARTS]


@dataclass(frozen=True)
class Match:
    """One person a posting fits, best first in a list."""

    user_id: int
    score: float
    distance_km: float
    alerts_this_week: int
    reasons: dict[str, Any] = field(default_factory=dict)
    related_posting_id: int | None = None


def request_matching(session: Session, posting: Posting, circle: int = 1) -> MatchRequest:
    """Ask the worker to match ``posting``: an outbox row, published after commit.

    ``circle`` 1 is the ordinary match; 2 doubles every volunteer's radius and 3 also lets
    in people who gave no availability (for a request nobody answered). One request per
    publication and circle (the key holds ``published_at`` and the circle), so calling it
    twice returns the same row. Raises PostingNotPublished without ``published_at``,
    ValueError for a circle other than 1-3.
    """
    if posting.published_at is None:
        raise PostingNotPublished(f"posting {posting.id} has no published_at")
    if circle not in CIRCLES:
        raise ValueError(f"circle must be one of {CIRCLES}, not {circle}")
    key = f"match:{posting.id}:{posting.published_at.isoformat()}"
    if circle > 1:
        key += f":circle{circle}"
    existing = session.scalar(select(MatchRequest).where(MatchRequest.idempotency_key == key))
    if existing is not None:
        return existing
    match_request = MatchRequest(posting_id=posting.id, circle=circle, idempotency_key=key)
    session.add(match_request)
    session.flush()  # the id is what the relay publishes
    return match_request


def request_profile_matching(session: Session, user: User) -> MatchRequest:
    """Ask the worker to look for open postings that fit ``user`` now (call it after their
    profile changed: interests, radius, availability, postcode, wants_to_help).

    While one such request is still waiting, it is returned instead of adding another, so
    saving a profile five times in a minute costs one run. Flushes.
    """
    session.flush()  # the profile and its reach rows first, so the worker reads them
    waiting = session.scalar(
        select(MatchRequest)
        .where(MatchRequest.user_id == user.id)
        .where(MatchRequest.completed_at.is_(None))
        .order_by(MatchRequest.id)
        .limit(1)
    )
    if waiting is not None:
        return waiting
    key = f"rematch:{user.id}:{utcnow().isoformat()}"
    match_request = MatchRequest(user_id=user.id, idempotency_key=key)
    session.add(match_request)
    session.flush()
    return match_request


def request_requirements_matching(session: Session, posting: Posting) -> MatchRequest | None:
    """What a volunteer must hold for ``posting`` changed (``events.requirements_changed``):
    drop at once the suggestions to people who no longer qualify, and ask the worker to match
    it again (an outbox row), in the widest circle it reached, so people who now qualify
    are found and alerted. While such a request is still waiting it is reused. A posting
    that is not published asks for nothing (None). Flushes."""
    drop_unqualified(session, posting)
    if posting.published_at is None or posting.status != PostingStatus.PUBLISHED:
        return None
    waiting = session.scalar(
        select(MatchRequest)
        .where(MatchRequest.posting_id == posting.id)
        .where(MatchRequest.idempotency_key.startswith(f"requirements:{posting.id}:"))
        .where(MatchRequest.completed_at.is_(None))
        .order_by(MatchRequest.id)
        .limit(1)
    )
    if waiting is not None:
        return waiting
    reached = session.scalar(
        select(func.max(MatchRequest.circle))
        .where(MatchRequest.posting_id == posting.id)
        .where(
            MatchRequest.idempotency_key.startswith(
                f"match:{posting.id}:{posting.published_at.isoformat()}"
            )
        )
    )
    match_request = MatchRequest(
        posting_id=posting.id,
        circle=int(reached or 1),
        idempotency_key=f"requirements:{posting.id}:{utcnow().isoformat()}",
    )
    session.add(match_request)
    session.flush()
    return match_request


def drop_unqualified(session: Session, posting: Posting) -> int:
    """Remove the suggestions of ``posting`` to volunteers who do not hold what it needs
    (``volunteer_candidates.holders``), alerted or not: it leaves their list. Returns how
    many went."""
    if posting.kind == PostingKind.OFFER:
        return 0
    suggested = session.scalars(
        select(MatchSuggestion.user_id).where(MatchSuggestion.posting_id == posting.id)
    ).all()
    if not suggested:
        return 0
    held = volunteer_candidates.holders(session, posting, suggested)
    if held is None:
        return 0
    gone = [user_id for user_id in suggested if user_id not in held]
    if not gone:
        return 0
    session.execute(
        delete(MatchSuggestion)
        .where(MatchSuggestion.posting_id == posting.id)
        .where(MatchSuggestion.user_id.in_(gone))
    )
    session.flush()
    return len(gone)


def run_match_request(
    session: Session, match_request_id: int, notify_top_n: int | None = None
) -> int:
    """Carry out one MatchRequest; returns how many suggestions were stored.

    For a posting: match it (in the request's circle) and alert the best people. For a
    person: suggest the open postings that fit them now (see ``rematch_person``).
    Skips (returns 0) a request that is missing or completed, and completes without work
    one whose posting is no longer open (closed, matched, expired, hidden).
    ``notify_top_n`` defaults to the MATCH_NOTIFY_TOP_N setting. Flushes; the task commits.
    """
    match_request = session.scalar(
        # The row lock makes a second worker with the same request wait, then skip it.
        select(MatchRequest).where(MatchRequest.id == match_request_id).with_for_update()
    )
    if match_request is None or match_request.completed_at is not None:
        return 0
    count = 0
    if match_request.posting_id is not None:
        posting = session.get(Posting, match_request.posting_id)
        if posting is not None and is_open(posting):
            drop_unqualified(session, posting)  # what it needs may have changed meanwhile
            matches = match_posting(session, posting, match_request.circle or 1)
            if notify_top_n is None:
                notify_top_n = current_app.config["MATCH_NOTIFY_TOP_N"]
            _alert_best(session, posting, matches, notify_top_n, match_request.circle or 1)
            count = len(matches)
    elif match_request.user_id is not None:
        user = session.get(User, match_request.user_id)
        if user is not None:
            count = rematch_person(session, user)
    match_request.completed_at = utcnow()
    session.flush()
    return count


def is_open(posting: Posting) -> bool:
    """Still looking for help: published, not hidden, not past its end date."""
    return (
        posting.status == PostingStatus.PUBLISHED
        and not posting.is_hidden
        and (posting.ends_on is None or posting.ends_on >= local_today())
    )


def match_posting(session: Session, posting: Posting, circle: int = 1) -> list[Match]:
    """Find, score and store the people ``posting`` fits, best first; sends nothing.

    This is what the benchmark times: retrieval, scoring and storing the suggestions.
    """
    if posting.kind == PostingKind.OFFER:
        matches = _requests_for_offer(session, posting)
    else:
        matches = _volunteers_for(session, posting, circle)
    blocked = blocked_either_way(session, posting.author_id)  # "geen contact meer"
    matches = [match for match in matches if match.user_id not in blocked]
    if posting.kind != PostingKind.OFFER:
        matches = with_credentials(session, posting, matches)
    _store_suggestions(session, [(posting.id, match) for match in matches])
    return matches


def with_credentials(session: Session, posting: Posting, matches: list[Match]) -> list[Match]:
    """Only those who hold what ``posting`` needs (``volunteer_candidates.holders``: a VOG,
    a training), with that among their reasons ("credentials"); all of them when it needs
    nothing."""
    held = volunteer_candidates.holders(session, posting, [match.user_id for match in matches])
    if held is None:
        return matches
    return [
        replace(match, reasons={**match.reasons, "credentials": held[match.user_id]})
        for match in matches
        if match.user_id in held
    ]


def _volunteers_for(session: Session, posting: Posting, circle: int = 1) -> list[Match]:
    target = target_for(posting, circle)
    candidates = find_volunteers(session, posting, circle, top_n=MAX_SUGGESTIONS)
    ranking = rank(candidates, target, top_n=MAX_SUGGESTIONS)
    return _matches(candidates, ranking, posting)


def _matches(candidates: Candidates, ranking: Ranking, posting: Posting) -> list[Match]:
    matches = []
    for index, score, distance in zip(
        ranking.indices, ranking.scores, ranking.distances_km, strict=True
    ):
        shared = int(candidates.availability_mask[index]) & posting.daypart_mask
        reasons = _reasons(distance, posting.category, shared)
        spoken = 0 if candidates.language_mask is None else int(candidates.language_mask[index])
        if posting.language and spoken & language_mask([posting.language]):
            reasons["languages"] = [posting.language]
        matches.append(
            Match(
                user_id=int(candidates.ids[index]),
                score=float(score),
                distance_km=round(float(distance), 2),
                alerts_this_week=int(candidates.alerts_this_week[index]),
                reasons=reasons,
            )
        )
    return matches


# --- Rematching one person after their profile changed ------------------------------------


def rematch_person(session: Session, user: User) -> int:
    """Suggest to ``user`` the open requests and vacancies that fit them now, and alert them
    about the best few (at most REMATCH_MAX_ALERTS, and never past their weekly cap or a
    pause). Suggestions that no longer fit and were neither sent nor dismissed are removed.
    Returns how many suggestions they have now from this run.
    """
    profile = user.profile
    fitting: list[tuple[Posting, Match]] = []
    if (
        profile is not None
        and is_ready_for_suggestions(user)
        and not user.is_blocked
        and user.email_confirmed_at is not None
    ):
        blocked = blocked_either_way(session, user.id)  # "geen contact meer"
        fitting = [
            (posting, checked[0])
            for posting, match in _open_postings_for(session, user, profile)
            if posting.author_id not in blocked
            and (checked := with_credentials(session, posting, [match]))
        ]
    kept = {posting.id for posting, _ in fitting}
    stale = (
        delete(MatchSuggestion)
        .where(MatchSuggestion.user_id == user.id)
        .where(MatchSuggestion.related_posting_id.is_(None))
        .where(MatchSuggestion.notified_at.is_(None))
        .where(MatchSuggestion.dismissed_at.is_(None))
    )
    if kept:
        stale = stale.where(MatchSuggestion.posting_id.not_in(kept))
    session.execute(stale)
    _store_suggestions(session, [(posting.id, match) for posting, match in fitting])
    _alert_person(session, user, fitting)
    session.flush()
    return len(fitting)


def _open_postings_for(
    session: Session, user: User, profile: Profile
) -> list[tuple[Posting, Match]]:
    radius_km = clamp_radius(profile.radius_km)
    assert profile.lat is not None and profile.lon is not None
    min_lat, max_lat, min_lon, max_lon = bounding_box(profile.lat, profile.lon, radius_km)
    interests = int(profile.interest_mask or 0)
    category_ids = [
        category.id for category in session.scalars(select(Category)) if interests & category.mask
    ]
    postings = session.scalars(
        select(Posting)
        # ix_postings_lat_lon: only postings in the box of this person's own radius.
        .where(Posting.lat.between(min_lat, max_lat))
        .where(Posting.lon.between(min_lon, max_lon))
        .where(Posting.status == PostingStatus.PUBLISHED)
        .where(Posting.is_hidden.is_(False))
        .where(Posting.kind != PostingKind.OFFER)
        .where(Posting.category_id.in_(category_ids))
        .where(Posting.author_id != user.id)
        .options(selectinload(Posting.category))
        .order_by(Posting.id)
    ).all()
    learned = {
        row.category_bit: row
        for row in session.execute(
            select(
                VolunteerReach.category_bit,
                VolunteerReach.dismissals,
                VolunteerReach.comfort_km,
            ).where(VolunteerReach.user_id == user.id)
        )
    }
    alerts = alerts_this_week(session, [user.id]).get(user.id, 0)
    person = Candidates.from_rows(
        [
            (
                user.id,
                profile.lat,
                profile.lon,
                radius_km,
                interests,
                int(profile.availability_mask or 0),
                alerts,
            )
        ]
    )
    fitting: list[tuple[Posting, Match]] = []
    for posting in postings:
        if not is_open(posting):
            continue
        row = learned.get(posting.category.bit)
        comfort = row.comfort_km if row is not None and row.comfort_km is not None else -1.0
        scored = replace(
            person,
            dismissals=np.array([row.dismissals if row is not None else 0], dtype=np.int64),
            comfort_km=np.array([comfort], dtype=np.float64),
            language_mask=np.array([language_mask(profile.languages)], dtype=np.int64),
        )
        for match in _matches(scored, rank(scored, target_for(posting), top_n=1), posting):
            fitting.append((posting, match))
    fitting.sort(key=lambda pair: (-pair[1].score, pair[0].id))
    return fitting[:MAX_SUGGESTIONS]


def _alert_person(session: Session, user: User, fitting: list[tuple[Posting, Match]]) -> None:
    """Alert ``user`` about their best new fits, within REMATCH_MAX_ALERTS and their cap."""
    if not fitting:
        return
    suggestions = {
        suggestion.posting_id: suggestion
        for suggestion in session.scalars(
            select(MatchSuggestion)
            .where(MatchSuggestion.user_id == user.id)
            .where(MatchSuggestion.posting_id.in_([posting.id for posting, _ in fitting]))
            .execution_options(populate_existing=True)  # the upsert bypassed the session
        )
    }
    sent = 0
    for posting, match in fitting:
        if sent >= REMATCH_MAX_ALERTS:
            break
        suggestion = suggestions[posting.id]
        alerts = match.alerts_this_week + sent
        if suggestion.notified_at or suggestion.dismissed_at:
            continue
        if not _accepts_alert(user, replace(match, alerts_this_week=alerts)):
            break
        _send_alert(session, user, posting, match, suggestion)
        sent += 1


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
        "slots": [[day, part] for day, part, bit in _SLOTS if slot_mask & bit],
    }


def _store_suggestions(session: Session, pairs: list[tuple[int, Match]]) -> None:
    """Insert or update one suggestion per (posting id, person): a re-run updates, never
    duplicates.

    ON CONFLICT keeps this safe even when two workers match the same posting at once.
    Whether the person already dismissed or was alerted is kept as it was.
    """
    if not pairs:
        return
    now = utcnow()
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    table = cast(Table, MatchSuggestion.__table__)
    statement = insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=["posting_id", "user_id"],
        set_={
            "related_posting_id": statement.excluded.related_posting_id,
            "score": statement.excluded.score,
            "distance_km": statement.excluded.distance_km,
            "reasons": statement.excluded.reasons,
        },
    )
    # One statement, many parameter sets: compiled once and cached, unlike a VALUES list.
    session.connection().execute(
        statement,
        [
            {
                "posting_id": posting_id,
                "user_id": match.user_id,
                "related_posting_id": match.related_posting_id,
                "score": match.score,
                "distance_km": match.distance_km,
                "reasons": match.reasons,
                "created_at": now,
            }
            for posting_id, match in pairs
        ],
    )


def _alert_best(
    session: Session, posting: Posting, matches: list[Match], top_n: int, circle: int = 1
) -> None:
    """Alert the best ``top_n`` people, walking down the list past anyone who paused alerts,
    reached their weekly cap or dismissed the suggestion. People alerted about this posting
    before count towards ``top_n``, except in a wider circle: that run exists because those
    people did not answer, so it alerts ``top_n`` new people."""
    suggestions = {
        suggestion.user_id: suggestion
        for suggestion in session.scalars(
            select(MatchSuggestion)
            .where(MatchSuggestion.posting_id == posting.id)
            .options(selectinload(MatchSuggestion.related_posting))
            .execution_options(populate_existing=True)  # the upsert bypassed the session
        )
    }
    alerted = 0
    if circle == 1:
        alerted = sum(1 for suggestion in suggestions.values() if suggestion.notified_at)
    users = {
        user.id: user
        for user in session.scalars(
            select(User)
            .where(User.id.in_([match.user_id for match in matches]))
            .options(selectinload(User.profile))
        )
    }
    for match in matches:
        if alerted >= top_n:
            break
        suggestion = suggestions[match.user_id]
        user = users[match.user_id]
        if suggestion.notified_at or suggestion.dismissed_at or not _accepts_alert(user, match):
            continue
        _send_alert(session, user, posting, match, suggestion)
        alerted += 1
    session.flush()


def _send_alert(
    session: Session, user: User, posting: Posting, match: Match, suggestion: MatchSuggestion
) -> None:
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
        link_path=page_path("postings.detail", posting_id=posting.id),
        # People on a digest hear straight away only about a request close by and soon.
        send_email=wants_email(
            user,
            NotificationKind.NEW_MATCH,
            urgent=is_close_by_and_soon(posting, match.distance_km, local_today()),
        ),
        posting=posting,
        request_posting=related,
        reasons=phrases,
    )
    suggestion.notified_at = utcnow()


def _accepts_alert(user: User, match: Match) -> bool:
    profile = user.profile
    if profile is None:
        return True
    if profile.alerts_paused_until is not None and profile.alerts_paused_until > utcnow():
        return False
    return match.alerts_this_week < profile.weekly_alert_cap


def rank_for_matchmaker(
    session: Session, posting: Posting, limit: int
) -> list[volunteer_candidates.RankedVolunteer]:
    """The best ``limit`` volunteers for a request, for welfare staff who phone round
    (``volunteer_candidates.rank``): the widest circle, as for a request nobody answered;
    no blocks between them and the author, only those holding a needed credential; with
    the reasons in the words volunteers see. Stores and sends nothing."""
    matches = _volunteers_for(session, posting, circle=CIRCLES[-1])
    blocked = blocked_either_way(session, posting.author_id)
    matches = with_credentials(
        session, posting, [match for match in matches if match.user_id not in blocked]
    )[:limit]
    names = {posting.category.slug: posting.category.name(current_language())}
    return [
        volunteer_candidates.RankedVolunteer(
            user_id=match.user_id,
            score=match.score,
            distance_km=match.distance_km,
            phrases=reason_phrases(match.reasons, names),
        )
        for match in matches
    ]


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
        .where(no_block_between(MatchSuggestion.user_id, Posting.author_id))
        .options(
            # many-to-one: joined into the one query rather than one query each
            contains_eager(MatchSuggestion.posting).joinedload(Posting.category),
            contains_eager(MatchSuggestion.posting).joinedload(Posting.organisation),
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


def forget_suggestions_between(session: Session, one_id: int, other_id: int) -> int:
    """Remove the suggestions that put these two people in touch, both ways (one blocked
    the other). Returns how many went."""
    authored_by = {
        one_id: select(Posting.id).where(Posting.author_id == other_id),
        other_id: select(Posting.id).where(Posting.author_id == one_id),
    }
    removed = 0
    for user_id, postings in authored_by.items():
        removed += session.execute(
            delete(MatchSuggestion)
            .where(MatchSuggestion.user_id == user_id)
            .where(MatchSuggestion.posting_id.in_(postings))
        ).rowcount  # type: ignore[attr-defined]
    session.flush()
    return removed


def dismiss_suggestion(session: Session, user: User, suggestion_id: int) -> MatchSuggestion:
    """Hide a suggestion from the person's list, and learn a little from it (see
    ``learn_from_dismissal``). Raises SuggestionNotFound when it is not theirs. Dismissing
    twice keeps (and learns from) the first time."""
    suggestion = session.get(MatchSuggestion, suggestion_id)
    if suggestion is None or suggestion.user_id != user.id:
        raise SuggestionNotFound(suggestion_id)
    if suggestion.dismissed_at is None:
        suggestion.dismissed_at = utcnow()
        if suggestion.related_posting_id is None:  # about a volunteer's own interests
            learn_from_dismissal(session, user, suggestion.posting.category, suggestion.distance_km)
        session.flush()
    return suggestion


def learn_from_dismissal(
    session: Session, user: User, category: Category, distance_km: float
) -> None:
    """ "Niet voor mij" teaches two small things, both used by ``scoring.score``:

    - this category moves down a little for them (a counter on their reach row of that
      category; it counts up to three times);
    - when the posting was in the outer half of their radius, distance may have been the
      reason: their ``comfort_km`` becomes that distance (never larger than before), and
      postings further away than it score a little lower. Nearby dismissals say nothing
      about distance, so they leave it alone.
    """
    session.execute(
        update(VolunteerReach)
        .where(VolunteerReach.user_id == user.id)
        .where(VolunteerReach.category_bit == category.bit)
        .values(dismissals=VolunteerReach.dismissals + 1)
    )
    profile = user.profile
    if profile is None or distance_km <= clamp_radius(profile.radius_km) / 2:
        return
    session.execute(
        update(VolunteerReach)
        .where(VolunteerReach.user_id == user.id)
        .where((VolunteerReach.comfort_km.is_(None)) | (VolunteerReach.comfort_km > distance_km))
        .values(comfort_km=distance_km)
    )
