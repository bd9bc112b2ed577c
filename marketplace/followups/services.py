""" "Is het gelukt?": a week after help was agreed, both sides are asked whether it happened.

For recurring help they are asked again after six weeks. Each question is a ``FollowUp``
row and a notification with a signed link that works without logging in. A "no" puts a
request back into matching. ``followup_outcomes`` gives the figures for organisations and
the municipality.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session, joinedload

from marketplace.accounts.errors import InvalidToken
from marketplace.accounts.models import User
from marketplace.accounts.tokens import make_token, read_token
from marketplace.followups.errors import AnswerFinal, InvalidAnswer
from marketplace.followups.models import FollowUp, FollowUpAnswer
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, page_path
from marketplace.permissions import told_about
from marketplace.postings.models import Posting, PostingKind, Timing
from marketplace.postings.services import reopen_request
from marketplace.responses.models import Response, ResponseStatus
from marketplace.timestamps import utcnow

FIRST, SECOND = 1, 2
# How long after the response was accepted each round is asked.
ROUND_AFTER = {FIRST: timedelta(days=7), SECOND: timedelta(days=42)}
# Help between neighbours; a vacancy placement is followed up by the organisation itself.
ASKED_KINDS = (PostingKind.REQUEST, PostingKind.OFFER)
PURPOSE = "follow-up"
LINK_MAX_AGE = timedelta(days=60)
BATCH_SIZE = 200


# -- asking (the beat task) --------------------------------------------------------------------


def follow_up_token(follow_up: FollowUp) -> str:
    return make_token(
        PURPOSE,
        {
            "user_id": follow_up.user_id,
            "response_id": follow_up.response_id,
            "round": follow_up.round,
        },
    )


def ask_batch(
    session: Session,
    round_: int,
    now: datetime,
    after_response_id: int = 0,
    limit: int | None = None,
) -> tuple[int, int | None]:
    """Ask both sides of up to ``limit`` accepted responses that are due for ``round_``.

    Due: accepted at least ``ROUND_AFTER[round_]`` ago, not marked done, a request or an
    offer, not asked this round yet; the second round only for recurring help. Returns (how
    many questions were asked, the last response id looked at or None when done). ``limit``
    defaults to BATCH_SIZE. Flushes.
    """
    query = (
        select(Response)
        .join(Posting, Posting.id == Response.posting_id)
        .options(
            joinedload(Response.posting).joinedload(Posting.author).joinedload(User.profile),
            joinedload(Response.posting).joinedload(Posting.organisation),
            joinedload(Response.responder).joinedload(User.profile),
        )
        .where(Response.status == ResponseStatus.ACCEPTED)
        .where(Response.completed_at.is_(None))
        .where(Response.decided_at <= now - ROUND_AFTER[round_])
        .where(Posting.kind.in_(ASKED_KINDS))
        .where(Response.id > after_response_id)
        .where(~exists().where(FollowUp.response_id == Response.id, FollowUp.round == round_))
        .order_by(Response.id)
        .limit(limit or BATCH_SIZE)
    )
    if round_ == SECOND:
        query = query.where(Posting.timing == Timing.RECURRING)
    responses = session.scalars(query).unique().all()
    if not responses:
        return 0, None
    asked = 0
    for response in responses:
        posting = response.posting
        asker = told_about(posting)  # a carer's request: the carer while her consent runs
        sides = ((response.responder, asker), (asker, response.responder))
        for user, other in sides:
            if user.is_blocked:
                continue
            _ask(session, response, user, other, round_, now)
            asked += 1
    session.flush()
    return asked, responses[-1].id


def _display_name(user: User) -> str:
    return user.profile.display_name if user.profile else ""


def _ask(
    session: Session, response: Response, user: User, other: User, round_: int, now: datetime
) -> None:
    follow_up = FollowUp(response_id=response.id, user_id=user.id, round=round_, asked_at=now)
    session.add(follow_up)
    session.flush()
    posting = response.posting
    other_name = (
        posting.organisation.name
        if other.id == posting.author_id and posting.organisation
        else _display_name(other)
    )
    notify(
        session,
        user,
        NotificationKind.FOLLOW_UP,
        f"follow_up:{response.id}:{user.id}:{round_}",
        link_path=page_path("followups.answer", token=follow_up_token(follow_up)),
        posting_title=posting.title,
        other_name=other_name,
        round=round_,
    )


# -- answering (the page behind the link) ------------------------------------------------------


def follow_up_for_token(session: Session, token: str) -> FollowUp:
    """The question a link is for.

    Raises ExpiredToken (older than 60 days) and InvalidToken (tampered, or no such
    question) from marketplace.accounts.errors.
    """
    payload = read_token(PURPOSE, token, max_age=LINK_MAX_AGE)
    values = (payload.get("user_id"), payload.get("response_id"), payload.get("round"))
    if not all(isinstance(value, int) for value in values):
        raise InvalidToken
    user_id, response_id, round_ = values
    follow_up = session.scalar(
        select(FollowUp)
        .options(joinedload(FollowUp.response).joinedload(Response.posting))
        .where(
            FollowUp.user_id == user_id,
            FollowUp.response_id == response_id,
            FollowUp.round == round_,
        )
    )
    if follow_up is None:
        raise InvalidToken
    return follow_up


@dataclass(frozen=True)
class FollowUpView:
    """What the answer page shows."""

    follow_up: FollowUp
    posting_id: int
    posting_title: str
    answer: str | None
    is_final: bool  # "no" was given: the request went back into matching


def describe_follow_up(follow_up: FollowUp) -> FollowUpView:
    return FollowUpView(
        follow_up=follow_up,
        posting_id=follow_up.response.posting_id,
        posting_title=follow_up.response.posting.title,
        answer=follow_up.answer,
        is_final=follow_up.answer == FollowUpAnswer.NO,
    )


def answer_follow_up(
    session: Session, token: str, answer: str, now: datetime | None = None
) -> FollowUp:
    """Store the answer given through a link; the answer may change ("not yet" -> "yes")
    until it is "no", which puts the request back into matching once.

    Raises ExpiredToken / InvalidToken (see ``follow_up_for_token``), InvalidAnswer,
    AnswerFinal (a different answer after "no").
    """
    follow_up = follow_up_for_token(session, token)
    if answer not in {choice.value for choice in FollowUpAnswer}:
        raise InvalidAnswer()
    if follow_up.answer == FollowUpAnswer.NO:
        if answer == FollowUpAnswer.NO:
            return follow_up
        raise AnswerFinal()
    now = now or utcnow()
    follow_up.answer = answer
    follow_up.answered_at = now
    if answer == FollowUpAnswer.NO:
        _back_to_matching(session, follow_up.response, now)
    session.flush()
    return follow_up


def _back_to_matching(session: Session, response: Response, now: datetime) -> None:
    """The help did not happen: the agreement ends, and a request looks for someone else."""
    if response.status == ResponseStatus.ACCEPTED:
        # ResponseStatus has no "did not work out"; withdrawn ends the agreement and the
        # conversation, and the FollowUp row keeps why.
        response.status = ResponseStatus.WITHDRAWN
    reopen_request(session, response.posting, now)


# -- figures -----------------------------------------------------------------------------------


def followup_outcomes(
    session: Session,
    since: datetime | date,
    until: datetime | date,
    neighbourhood: str | None = None,
) -> dict[str, int]:
    """How the questions asked in [since, until) were answered, per question (one per side
    per round), optionally for one neighbourhood of the posting.

    Keys: ``asked``, ``yes``, ``not_yet``, ``no``, ``unanswered``, and ``responses`` (how
    many agreements were asked about).
    """
    start, end = _as_datetime(since), _as_datetime(until)
    conditions = [FollowUp.asked_at >= start, FollowUp.asked_at < end]
    if neighbourhood:
        conditions.append(func.lower(Posting.neighbourhood) == neighbourhood.strip().lower())

    def asked(*columns: Any) -> Select[Any]:
        return (
            select(*columns)
            .select_from(FollowUp)
            .join(Response, Response.id == FollowUp.response_id)
            .join(Posting, Posting.id == Response.posting_id)
            .where(*conditions)
        )

    counts = {answer.value: 0 for answer in FollowUpAnswer} | {"unanswered": 0}
    for answer, count in session.execute(
        asked(FollowUp.answer, func.count()).group_by(FollowUp.answer)
    ):
        counts[answer or "unanswered"] = int(count)
    responses = session.scalar(asked(func.count(func.distinct(FollowUp.response_id))))
    return {"asked": sum(counts.values()), **counts, "responses": int(responses or 0)}


def _as_datetime(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=utcnow().tzinfo)
