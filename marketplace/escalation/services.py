"""Nobody left unanswered: what happens to a request that nobody responds to.

A published request without a response since it was published goes, one step per run of
the beat task, through:

- day 3: matched again with a wider circle (volunteers up to twice their radius away);
- day 5: wider still (volunteers with fitting interests who gave no availability);
- day 7: on the list for the welfare organisations serving its neighbourhood and for
  moderators, where one of them notes "wij bellen rond" before phoning volunteers.

The author is told each step in plain words. Each step happens once per publication: the
``Escalation`` row records it, and the notification keys name the posting, the
publication and the step, so running the task twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, false, func, or_, select
from sqlalchemy.orm import Session, joinedload

from marketplace import events
from marketplace.accounts.memberships import Organisation, OrganisationStatus
from marketplace.accounts.models import User
from marketplace.escalation.errors import AlreadyClaimed, NotClaimedByYou, NotOnList
from marketplace.escalation.models import Escalation, EscalationStep
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, page_path
from marketplace.permissions import staff_organisations, told_about
from marketplace.postings.models import Posting, PostingKind, PostingStatus
from marketplace.responses.models import Response, ResponseStatus
from marketplace.timestamps import utcnow

# How long after publication each step is due.
STEP_DUE = {
    EscalationStep.WIDER: timedelta(days=3),
    EscalationStep.WIDEST: timedelta(days=5),
    EscalationStep.LISTED: timedelta(days=7),
}
# The matching circle each widening step asks for (events.posting_widened; matching's circles).
STEP_CIRCLE = {EscalationStep.WIDER: 2, EscalationStep.WIDEST: 3}
BATCH_SIZE = 200


def _no_response_since_publication() -> ColumnElement[bool]:
    """No response since the posting went up, other than withdrawn ones: a helper who
    withdrew her "Ik help" leaves the request as unanswered as before."""
    return ~exists().where(
        Response.posting_id == Posting.id,
        Response.created_at >= Posting.published_at,
        Response.status != ResponseStatus.WITHDRAWN,
    )


def _open_requests() -> list[ColumnElement[bool]]:
    return [
        Posting.kind == PostingKind.REQUEST,
        Posting.status == PostingStatus.PUBLISHED,
        Posting.is_hidden.is_(False),
        Posting.published_at.is_not(None),
        _no_response_since_publication(),
    ]


# -- the beat task's work ---------------------------------------------------------------------


def escalate_batch(
    session: Session, now: datetime, after_posting_id: int = 0, limit: int | None = None
) -> tuple[int, int | None]:
    """Take the next step, where one is due, for up to ``limit`` unanswered requests with an
    id above ``after_posting_id`` (the task walks all of them batch by batch).

    Returns (how many took a step, the last posting id looked at or None when done). At most
    one step per request per call, so a request that waited unseen for a week still goes
    through the steps in order. ``limit`` defaults to BATCH_SIZE. Flushes; the task commits
    after each batch.
    """
    postings = session.scalars(
        select(Posting)
        .outerjoin(Escalation, Escalation.posting_id == Posting.id)
        .options(joinedload(Posting.author))
        .where(*_open_requests())
        .where(Posting.published_at <= now - STEP_DUE[EscalationStep.WIDER])
        .where(Posting.id > after_posting_id)
        .where(
            or_(
                Escalation.id.is_(None),
                Escalation.step < EscalationStep.LISTED,
                Escalation.published_at != Posting.published_at,
            )
        )
        .order_by(Posting.id)
        .limit(limit or BATCH_SIZE)
    ).all()
    if not postings:
        return 0, None
    escalations = {
        e.posting_id: e
        for e in session.scalars(
            select(Escalation).where(Escalation.posting_id.in_([p.id for p in postings]))
        )
    }
    stepped = 0
    for posting in postings:
        if _take_next_step(session, posting, escalations.get(posting.id), now):
            stepped += 1
    session.flush()
    return stepped, postings[-1].id


def _take_next_step(
    session: Session, posting: Posting, escalation: Escalation | None, now: datetime
) -> bool:
    assert posting.published_at is not None  # filtered in the query
    if escalation is None:
        escalation = Escalation(
            posting_id=posting.id, published_at=posting.published_at, step=EscalationStep.NONE
        )
        session.add(escalation)
    elif escalation.published_at != posting.published_at:
        _start_over(escalation, posting.published_at)
    if escalation.step >= EscalationStep.LISTED:
        return False
    step = EscalationStep(escalation.step + 1)
    if now < posting.published_at + STEP_DUE[step]:
        return False
    escalation.step = step
    if step == EscalationStep.LISTED:
        escalation.listed_at = now
        _tell_author_listed(session, posting)
        events.posting_listed.send(posting, session=session)  # matchmaking tells wijk staff
    else:
        if step == EscalationStep.WIDER:
            escalation.widened_at = now
        else:
            escalation.widened_further_at = now
        events.posting_widened.send(posting, session=session, circle=STEP_CIRCLE[step])
        _tell_author(session, posting, NotificationKind.REQUEST_WIDENED, step)
    return True


def _start_over(escalation: Escalation, published_at: datetime) -> None:
    escalation.published_at = published_at
    escalation.step = EscalationStep.NONE
    escalation.widened_at = escalation.widened_further_at = escalation.listed_at = None
    escalation.claimed_at = None
    escalation.claimed_by_organisation_id = escalation.claimed_by_user_id = None


def _key(posting: Posting, step: int) -> str:
    assert posting.published_at is not None
    return f"escalation:{posting.id}:{posting.published_at.isoformat()}:{step}"


def _tell_author(
    session: Session, posting: Posting, kind: NotificationKind, step: int, **context: Any
) -> None:
    notify(
        session,
        told_about(posting),
        kind,
        _key(posting, step),
        link_path=page_path("postings.detail", posting_id=posting.id),
        posting_title=posting.title,
        step=int(step),
        **context,
    )


def _tell_author_listed(session: Session, posting: Posting) -> None:
    organisations = organisations_serving(session, posting.neighbourhood)
    _tell_author(
        session,
        posting,
        NotificationKind.REQUEST_LISTED,
        EscalationStep.LISTED,
        organisation_names=[o.name for o in organisations],
    )


def organisations_serving(session: Session, neighbourhood: str | None) -> list[Organisation]:
    """Approved organisations whose ``neighbourhoods`` name this one (case-insensitive).

    There are tens of organisations, not thousands, so the comma-separated lists are read
    and compared here rather than in SQL, where a LIKE would also match part of a name.
    """
    wanted = (neighbourhood or "").strip().casefold()
    if not wanted:
        return []
    return [
        organisation
        for organisation in session.scalars(
            select(Organisation)
            .where(Organisation.status == OrganisationStatus.APPROVED)
            .where(Organisation.neighbourhoods.is_not(None))
            .order_by(Organisation.name)
        )
        if wanted in {name.casefold() for name in organisation.neighbourhood_list}
    ]


# -- the list for organisations and moderators ------------------------------------------------


def may_see_unanswered(session: Session, user: User) -> bool:
    """Moderators, and staff of an approved organisation, may open the list."""
    return user.has_role("moderator") or bool(
        staff_organisations(session, user, approved_only=True)
    )


def _served_neighbourhoods(session: Session, user: User) -> set[str]:
    return {
        name.casefold()
        for organisation in staff_organisations(session, user, approved_only=True)
        for name in organisation.neighbourhood_list
    }


def unanswered_query(session: Session, viewer: User) -> Select[Escalation]:
    """Requests on the list the viewer may see, oldest first: everything for a moderator,
    the neighbourhoods their organisations serve for staff."""
    query = (
        select(Escalation)
        .join(Posting, Posting.id == Escalation.posting_id)
        .options(
            joinedload(Escalation.posting).joinedload(Posting.category),
            joinedload(Escalation.posting).joinedload(Posting.organisation),
            joinedload(Escalation.claimed_by_organisation),
            joinedload(Escalation.claimed_by_user).joinedload(User.profile),
        )
        .where(*_open_requests())
        .where(Escalation.step == EscalationStep.LISTED)
        .where(Escalation.published_at == Posting.published_at)
        .order_by(Posting.published_at, Posting.id)
    )
    if not viewer.has_role("moderator"):
        names = _served_neighbourhoods(session, viewer)
        query = query.where(
            func.lower(Posting.neighbourhood).in_(sorted(names)) if names else false()
        )
    return query


@dataclass(frozen=True)
class UnansweredRow:
    """One line of the list, with everything decided so the template only shows it."""

    escalation: Escalation
    posting: Posting
    days_waiting: int
    claimed_by_name: str | None
    claimed_by_organisation: str | None
    claimed_at: datetime | None
    claimed_by_viewer: bool
    may_release: bool


def describe_unanswered(
    escalations: Sequence[Escalation], viewer: User, now: datetime
) -> list[UnansweredRow]:
    rows = []
    for escalation in escalations:
        posting = escalation.posting
        claimer = escalation.claimed_by_user
        claimed = escalation.claimed_at is not None
        mine = claimed and claimer is not None and claimer.id == viewer.id
        assert posting.published_at is not None
        rows.append(
            UnansweredRow(
                escalation=escalation,
                posting=posting,
                days_waiting=(now - posting.published_at).days,
                claimed_by_name=(
                    claimer.profile.display_name if claimer and claimer.profile else None
                ),
                claimed_by_organisation=(
                    escalation.claimed_by_organisation.name
                    if escalation.claimed_by_organisation
                    else None
                ),
                claimed_at=escalation.claimed_at,
                claimed_by_viewer=mine,
                may_release=claimed and (mine or viewer.has_role("moderator")),
            )
        )
    return rows


def _listed_for(session: Session, viewer: User, posting_id: int) -> Escalation:
    escalation = session.scalar(
        unanswered_query(session, viewer).where(Escalation.posting_id == posting_id)
    )
    if escalation is None:
        raise NotOnList()
    return escalation


def claim_unanswered(
    session: Session, actor: User, posting_id: int, now: datetime | None = None
) -> Escalation:
    """Note "wij bellen rond" for a listed request, for the actor's organisation serving its
    neighbourhood (none for a moderator without one), and tell the author.

    Raises NotOnList (not on the actor's list), AlreadyClaimed (someone else claimed it).
    """
    escalation = _listed_for(session, actor, posting_id)
    if escalation.claimed_at is not None:
        if escalation.claimed_by_user_id == actor.id:
            return escalation
        raise AlreadyClaimed()
    posting = escalation.posting
    wanted = posting.neighbourhood.casefold()
    organisation = next(
        (
            o
            for o in staff_organisations(session, actor, approved_only=True)
            if wanted in {name.casefold() for name in o.neighbourhood_list}
        ),
        None,
    )
    escalation.claimed_at = now or utcnow()
    escalation.claimed_by_user_id = actor.id
    escalation.claimed_by_organisation_id = organisation.id if organisation else None
    session.flush()
    notify(
        session,
        told_about(posting),
        NotificationKind.REQUEST_CLAIMED,
        f"{_key(posting, EscalationStep.LISTED)}:claimed:{actor.id}",
        link_path=page_path("postings.detail", posting_id=posting.id),
        posting_title=posting.title,
        organisation_name=organisation.name if organisation else None,
    )
    return escalation


def release_claim(session: Session, actor: User, posting_id: int) -> Escalation:
    """Undo "wij bellen rond", so someone else can take it on: by whoever claimed it, or a
    moderator. Raises NotOnList, NotClaimedByYou."""
    escalation = _listed_for(session, actor, posting_id)
    if escalation.claimed_at is None:
        return escalation
    if escalation.claimed_by_user_id != actor.id and not actor.has_role("moderator"):
        raise NotClaimedByYou()
    escalation.claimed_at = None
    escalation.claimed_by_user_id = escalation.claimed_by_organisation_id = None
    session.flush()
    return escalation
