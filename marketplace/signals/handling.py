"""Working on signals: the queue, status changes, assigning, notes, merging and closing.

Every service takes the acting person and checks they may handle the signal (a coordinator
or "signalen" member of staff of an organisation it went to; the helpdesk for a signal no
organisation handles), else SignalNotFound: to anyone else a signal does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import Session, selectinload

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import Role, User
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, notify_address, page_path
from marketplace.signals.errors import (
    CloseFirst,
    InvalidSignal,
    NotADuplicate,
    NotAHandler,
    NotCoordinator,
    OutcomeNeeded,
    SignalClosed,
    SignalNotFound,
)
from marketplace.signals.models import (
    ERASED_SIGNAL_VALUES,
    OPEN_STATUSES,
    Signal,
    SignalNote,
    SignalOutcome,
    SignalRoute,
    SignalStatus,
    SignalStatusChange,
)
from marketplace.signals.staff import coordinator_ids, handler_ids, is_coordinator, may_handle
from marketplace.signals.status_links import status_link_path
from marketplace.timestamps import utcnow

DUPLICATE_WINDOW = timedelta(days=90)
NOTE_MAX = 2000
CLOSING_OUTCOMES = tuple(o for o in SignalOutcome if o != SignalOutcome.MERGED)
OVERDUE_BATCH = 200


def is_helpdesk(user: User | None) -> bool:
    return user is not None and user.is_authenticated and user.has_role(Role.MODERATOR)


def may_see_signal(session: Session, user: User | None, signal: Signal) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if not signal.routes:
        return is_helpdesk(user)
    return any(may_handle(session, user, route.organisation_id) for route in signal.routes)


def signal_for(session: Session, user: User | None, signal_id: int) -> Signal:
    """The signal, if ``user`` may handle it. Raises SignalNotFound."""
    signal = session.get(Signal, signal_id)
    if signal is None or not may_see_signal(session, user, signal):
        raise SignalNotFound
    return signal


def _overdue(now: datetime) -> ColumnElement[bool]:
    return and_(Signal.first_contact_at.is_(None), Signal.first_contact_due_at < now)


def queue_query(
    organisation_id: int | None,
    now: datetime,
    *,
    closed: bool = False,
    assigned_to_id: int | None = None,
    wijk: str | None = None,
) -> Select:
    """Open signals of an organisation (None: those no organisation handles): overdue
    first, then those still waiting for first contact by due time, then the rest.
    ``assigned_to_id`` and ``wijk`` narrow the list."""
    query = select(Signal).options(selectinload(Signal.assigned_to))
    if assigned_to_id is not None:
        query = query.where(Signal.assigned_to_id == assigned_to_id)
    if wijk:
        query = query.where(Signal.wijk == wijk)
    if organisation_id is None:
        query = query.where(~Signal.routes.any())
    else:
        query = query.join(SignalRoute).where(SignalRoute.organisation_id == organisation_id)
    if closed:
        return query.where(Signal.status == SignalStatus.CLOSED).order_by(
            Signal.closed_at.desc(), Signal.id.desc()
        )
    return query.where(Signal.status.in_(OPEN_STATUSES)).order_by(
        case((_overdue(now), 0), (Signal.first_contact_at.is_(None), 1), else_=2),
        Signal.first_contact_due_at,
        Signal.id,
    )


def likely_duplicates(session: Session, signals: list[Signal]) -> dict[int, list[int]]:
    """For each of ``signals``: the other signals for the same address made within 90 days
    of it (ids, oldest first)."""
    keys = {s.address_key for s in signals if s.address_key}  # "" once erased
    if not keys:
        return {s.id: [] for s in signals}
    rows = session.execute(
        select(Signal.id, Signal.address_key, Signal.created_at)
        .where(Signal.address_key.in_(keys))
        .order_by(Signal.created_at, Signal.id)
    ).all()
    found: dict[int, list[int]] = {}
    for signal in signals:
        found[signal.id] = [
            row.id
            for row in rows
            if signal.address_key
            and row.address_key == signal.address_key
            and row.id != signal.id
            and abs(_aware(row.created_at) - signal.created_at) <= DUPLICATE_WINDOW
        ]
    return found


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Clock:
    """How the first-contact clock stands, in whole hours."""

    hours: int
    overdue: bool
    done: bool


def clock(signal: Signal, now: datetime) -> Clock:
    if signal.first_contact_at is not None:
        return Clock(0, False, True)
    seconds = (signal.first_contact_due_at - now).total_seconds()
    if seconds >= 0:
        return Clock(int(seconds // 3600), False, False)
    return Clock(max(1, int(-seconds // 3600)), True, False)


def _record(session: Session, signal: Signal, actor: User, to: SignalStatus, now: datetime) -> None:
    session.add(
        SignalStatusChange(
            signal_id=signal.id,
            changed_by_id=actor.id,
            from_status=signal.status,
            to_status=to,
            changed_at=now,
        )
    )
    signal.status = to
    if to != SignalStatus.NEW and signal.first_contact_at is None:
        signal.first_contact_at = now


def _tell_reporter_visited(session: Session, signal: Signal, actor: User) -> None:
    """ "Er is iemand langs geweest": once, no details. To a reporter with an account in
    the app and by mail; to one without, by mail if they gave an address (kept under the
    handler who marked the visit, with the status link made as it goes out)."""
    if signal.reporter_id is not None:
        reporter = session.get(User, signal.reporter_id)
        if reporter is None or reporter.is_erased:
            return
        notify(
            session,
            reporter,
            NotificationKind.SIGNAL_VISITED,
            f"signal_visited:{signal.id}",
            link_path=page_path("signals.mine"),
        )
    elif signal.reporter_email and signal.status_key:
        notify_address(
            session,
            actor,
            signal.reporter_email,
            NotificationKind.SIGNAL_VISITED,
            f"signal_visited:{signal.id}",
            link_path=status_link_path(signal),
        )


def change_status(
    session: Session, actor: User, signal: Signal, to: SignalStatus, *, now: datetime | None = None
) -> Signal:
    """Move an open signal to ``to`` (not back to "nieuw"; closing is ``close_signal``).
    Raises SignalNotFound, SignalClosed."""
    now = now or utcnow()
    if not may_see_signal(session, actor, signal):
        raise SignalNotFound
    if not signal.is_open:
        raise SignalClosed
    if to not in (SignalStatus.IN_PROGRESS, SignalStatus.VISITED) or to == signal.status:
        return signal
    _record(session, signal, actor, to, now)
    if to == SignalStatus.VISITED:
        signal.visited_at = now
        _tell_reporter_visited(session, signal, actor)
    session.flush()
    return signal


def assignable(session: Session, signal: Signal) -> list[User]:
    """Who the signal can be given to: the handlers and coordinators of its organisations."""
    ids: set[int] = set()
    for route in signal.routes:
        ids.update(handler_ids(session, route.organisation_id))
        ids.update(coordinator_ids(session, route.organisation_id))
    if not ids:
        return []
    return list(session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)))


def assign(session: Session, actor: User, signal: Signal, assignee_id: int | None) -> Signal:
    """Give the signal to a colleague (None: to nobody). Raises SignalNotFound,
    SignalClosed, NotAHandler."""
    if not may_see_signal(session, actor, signal):
        raise SignalNotFound
    if not signal.is_open:
        raise SignalClosed
    if assignee_id is not None and assignee_id not in {u.id for u in assignable(session, signal)}:
        raise NotAHandler
    signal.assigned_to_id = assignee_id
    session.flush()
    return signal


def add_note(
    session: Session, actor: User, signal: Signal, body: str, *, now: datetime | None = None
) -> SignalNote:
    """Raises SignalNotFound, InvalidSignal (empty or too long)."""
    if not may_see_signal(session, actor, signal):
        raise SignalNotFound
    body = (body or "").strip()
    if not body:
        raise InvalidSignal("body", _l("Schrijf eerst een notitie."))
    if len(body) > NOTE_MAX:
        raise InvalidSignal(
            "body", _l("Maak de notitie korter: hooguit %(max)d tekens.", max=NOTE_MAX)
        )
    note = SignalNote(
        signal_id=signal.id, author_id=actor.id, body=body, created_at=now or utcnow()
    )
    session.add(note)
    session.flush()
    return note


def close_signal(
    session: Session,
    actor: User,
    signal: Signal,
    outcome: str | None,
    *,
    now: datetime | None = None,
) -> Signal:
    """Close with how it ended. Raises SignalNotFound, SignalClosed, OutcomeNeeded."""
    now = now or utcnow()
    if not may_see_signal(session, actor, signal):
        raise SignalNotFound
    if not signal.is_open:
        raise SignalClosed
    if outcome not in CLOSING_OUTCOMES:
        raise OutcomeNeeded
    was_visited = signal.status == SignalStatus.VISITED
    _record(session, signal, actor, SignalStatus.CLOSED, now)
    signal.outcome = outcome
    signal.closed_at = now
    if not was_visited:
        _tell_reporter_visited(session, signal, actor)
    session.flush()
    return signal


def merge_signal(
    session: Session, actor: User, duplicate: Signal, into: Signal, *, now: datetime | None = None
) -> Signal:
    """Close ``duplicate`` as part of ``into``, an open signal for the same address; its
    reporter then follows ``into``'s status. Raises SignalNotFound, SignalClosed,
    NotADuplicate."""
    now = now or utcnow()
    if not may_see_signal(session, actor, duplicate) or not may_see_signal(session, actor, into):
        raise SignalNotFound
    if not duplicate.is_open:
        raise SignalClosed
    if (
        into.id == duplicate.id
        or not into.is_open
        or into.address_key != duplicate.address_key
        or into.merged_into_id is not None
    ):
        raise NotADuplicate
    _record(session, duplicate, actor, SignalStatus.CLOSED, now)
    duplicate.outcome = SignalOutcome.MERGED
    duplicate.merged_into_id = into.id
    duplicate.closed_at = now
    session.flush()
    return duplicate


def for_person_concerned(session: Session, actor: User, signal: Signal) -> Signal:
    """The signal as a coordinator may give it to the person it is about, who asked what the
    organisation keeps (AVG art. 15). The page leaves out whatever could show who made it.
    Raises SignalNotFound, NotCoordinator."""
    if not may_see_signal(session, actor, signal):
        raise SignalNotFound
    if not any(is_coordinator(session, actor, oid) for oid in signal.organisation_ids):
        raise NotCoordinator
    return signal


def erase_signal(
    session: Session, actor: User, signal: Signal, *, now: datetime | None = None
) -> Signal:
    """The person concerned asked the organisation to erase their data: a coordinator
    erases a closed signal now, as the retention period would later (address, texts,
    reporter's details, notes). Raises SignalNotFound, NotCoordinator, CloseFirst."""
    now = now or utcnow()
    if not may_see_signal(session, actor, signal):
        raise SignalNotFound
    if not any(is_coordinator(session, actor, oid) for oid in signal.organisation_ids):
        raise NotCoordinator
    if signal.is_open:
        raise CloseFirst
    for note in list(signal.notes):
        session.delete(note)
    for name, value in ERASED_SIGNAL_VALUES.items():
        setattr(signal, name, value)
    signal.erased_at = now
    session.flush()
    return signal


def report_overdue_batch(
    session: Session, now: datetime, *, after_id: int = 0
) -> tuple[int, int | None]:
    """Tell the coordinators of each organisation about signals past their first-contact
    time with no contact yet, once per signal. Returns (how many signals, the last id or
    None when done). Idempotent: a reported signal is marked (and the key holds)."""
    signals = list(
        session.scalars(
            select(Signal)
            .where(
                Signal.id > after_id,
                # "in behandeling" too: a planned visit is not yet contact (signals.visits).
                Signal.status.in_((SignalStatus.NEW, SignalStatus.IN_PROGRESS)),
                _overdue(now),
                Signal.overdue_reported_at.is_(None),
            )
            .order_by(Signal.id)
            .limit(OVERDUE_BATCH)
        )
    )
    for signal in signals:
        for route in signal.routes:
            link = page_path("signals.queue", organisation_id=route.organisation_id)
            for user_id in coordinator_ids(session, route.organisation_id):
                user = session.get(User, user_id)
                if user is None or user.is_erased:
                    continue
                notify(
                    session,
                    user,
                    NotificationKind.SIGNAL_OVERDUE,
                    f"signal_overdue:{signal.id}:{user_id}",
                    link_path=link,
                    send_email=True,  # overdue work: mailed whatever the mail settings
                    wijk=signal.wijk,
                    organisation_name=route.organisation.name,
                )
        signal.overdue_reported_at = now
    session.flush()
    return len(signals), (signals[-1].id if len(signals) == OVERDUE_BATCH else None)


def open_count(session: Session, organisation: Organisation) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Signal)
            .join(SignalRoute)
            .where(SignalRoute.organisation_id == organisation.id, Signal.status.in_(OPEN_STATUSES))
        )
        or 0
    )
