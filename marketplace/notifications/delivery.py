"""Delivering notifications: claimed with a lease, sent once, never stuck, never lost.

A row goes pending -> sending -> sent (or failed). The claim is an
``UPDATE ... WHERE status = 'pending'``, committed *before* the mail goes out, so:

- two workers handed the same row (a task published twice by relay and sweep, or
  re-delivered by the broker) never both send it: only one UPDATE matches;
- no database lock is held while we talk to the mail server (on SQLite the write lock
  would otherwise block the web for as long as the SMTP conversation takes);
- a worker killed between claim and "sent" leaves the row in ``sending`` with its
  ``claimed_at``; the beat sweep (``release_stale_claims``) puts it back to pending once the
  lease is over. Only a mail that was already handed to the server when the worker died can
  then go out twice: the one in flight at the kill.

Each "sent" is committed right after its own send for the same reason, and it is committed
whatever happens to the database connection meanwhile: a mail that went out is never put back
to pending. When the connection is lost at that moment (PostgreSQL restarted), the "sent" is
written again on a new connection until it holds (``_mark_sent``); before, the row went back
to pending on the next connection and the mail went out a second time. These functions
therefore commit, unlike services: they are the worker's delivery loop, not business rules.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import Counter, deque
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from marketplace.notifications.mailer import (
    IDEMPOTENCY_HEADER,
    Mailer,
    PermanentMailError,
    TransientMailError,
    compose,
    envelope_address,
)
from marketplace.notifications.models import Notification, NotificationStatus
from marketplace.notifications.secret_links import LinkNotNeeded
from marketplace.notifications.secret_links import fill as fill_secret_links
from marketplace.notifications.services import ACCOUNT_MAIL, topic_of
from marketplace.notifications.unsubscribe import UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url
from marketplace.profiles.models import Profile
from marketplace.timestamps import utcnow

# Claims (and tries) per row before it is marked failed. The sweep tries a row again at most
# once per lease, so with a 5 minute lease this is well over an hour of a broken mail server.
MAX_ATTEMPTS = 20
# A claim older than this belongs to a worker that died: far longer than one send takes.
CLAIM_LEASE = timedelta(minutes=5)

# How long "sent" is tried again after the database connection was lost (a restart): well
# within the lease, so the sweep never hands a row that went out to another worker.
MARK_SENT_PATIENCE = timedelta(minutes=2)

# Mail about the account itself is not a "notification" one can unsubscribe from.
_NO_UNSUBSCRIBE = ACCOUNT_MAIL


@dataclass(frozen=True)
class _Outgoing:
    id: int
    recipient_id: int
    kind: str
    idempotency_key: str
    to_email: str
    subject: str
    body: str
    send_email: bool
    attempts: int
    # Made as the mail goes out, never stored (see _with_links).
    unsubscribe_link: str | None = None


def deliver_notifications(
    session: Session,
    notification_ids: list[int],
    config: dict[str, Any],
    mailers: Sequence[Mailer],
    *,
    final_attempt: bool = False,
) -> Counter[str]:
    """Send every still-pending notification among ``notification_ids``; count the outcomes.

    Rows that are not pending (sent, being sent by another worker, gone) are skipped.
    Each of ``mailers`` (one open SMTP connection each) sends in a thread of its own, so
    the wait for one server reply overlaps the next mail and the database writes; this
    thread alone uses the session. A refused address marks that row failed and the rest
    carry on. Raises TransientMailError when the mail server is unreachable: the unsent
    rows are back to pending first (failed instead, on the ``final_attempt`` or after
    MAX_ATTEMPTS). Commits the claim and every single "sent", so at a kill only the mails
    in flight (at most one per connection) can go out again.
    """
    remaining = list(dict.fromkeys(notification_ids))
    # Claimed a few at a time, just ahead of the senders: a row's claimed_at is then close
    # to its send, so the sweep's lease only has to outlast a few mails, not a whole batch.
    chunk = 2 * len(mailers)
    claimed: list[_Outgoing] = []
    ready: deque[_Outgoing] = deque()  # claimed, not yet handed to a sender
    finished: set[int] = set()
    outcome: Counter[str] = Counter(skipped=0)
    todo: queue.SimpleQueue[_Outgoing | None] = queue.SimpleQueue()
    results: queue.SimpleQueue[tuple[_Outgoing, BaseException | bool | None]] = queue.SimpleQueue()
    stop = threading.Event()
    sender = envelope_address(config["MAIL_FROM"])

    def send_from_queue(mailer: Mailer) -> None:
        while (row := todo.get()) is not None:
            if stop.is_set():
                results.put((row, False))  # not attempted
                continue
            try:
                if row.send_email:
                    stem = f"{utcnow():%Y%m%d-%H%M%S}-{row.id}"
                    mailer.send_bytes(sender, row.to_email, _message(row, config), stem)
            except BaseException as exc:  # handed to the session's thread, which decides
                results.put((row, exc))
            else:
                results.put((row, None))

    def record(row: _Outgoing, error: BaseException | bool | None) -> BaseException | None:
        if error is None:
            finished.add(row.id)  # it went out: whatever happens next, never back to pending
            _mark_sent(session, row.id)
            outcome["sent"] += 1
        elif isinstance(error, PermanentMailError):
            _finish(session, [row.id], NotificationStatus.FAILED, error=str(error))
            outcome["failed"] += 1
        else:
            return error if isinstance(error, BaseException) else None
        finished.add(row.id)
        return None

    threads = [
        threading.Thread(target=send_from_queue, args=(mailer,), daemon=True) for mailer in mailers
    ]
    for thread in threads:
        thread.start()
    failure: BaseException | None = None
    # Mails handed to a sender whose outcome is not committed yet: at most one per
    # connection. These, and only these, can go out twice if the process is killed now.
    in_flight = 0
    try:
        while True:
            if not stop.is_set() and len(ready) < len(mailers) and remaining:
                ids, remaining = remaining[:chunk], remaining[chunk:]
                rows = _claim(session, ids, config)
                session.commit()
                outcome["skipped"] += len(ids) - len(rows)
                claimed.extend(rows)
                ready.extend(rows)
                continue
            while not stop.is_set() and ready and in_flight < len(mailers):
                todo.put(ready.popleft())
                in_flight += 1
            if in_flight == 0:
                if stop.is_set() or not (ready or remaining):
                    break
                continue
            row, error = results.get()
            in_flight -= 1
            problem = record(row, error)
            if problem is not None and failure is None:
                failure = problem
                stop.set()  # the others finish the mail they are on, then stop
    finally:
        stop.set()
        for _ in threads:
            todo.put(None)
        for thread in threads:
            thread.join()
        while not results.empty():  # only after an error here: mails sent while stopping
            row, error = results.get()
            if error is None:
                finished.add(row.id)
                with suppress(OperationalError, InterfaceError):  # left "sending": no resend
                    record(row, error)
        unsent = [row for row in claimed if row.id not in finished]
        if unsent:
            session.rollback()
            transient = isinstance(failure, TransientMailError)
            reason = str(failure) if failure else "interrupted"
            _release(session, unsent, reason, final_attempt and transient)
    if failure is not None:
        raise failure
    return outcome


def deliver_notification(
    session: Session,
    notification_id: int,
    config: dict[str, Any],
    mailer: Mailer,
    *,
    final_attempt: bool = False,
) -> str:
    """Deliver one notification; returns its status afterwards, or "missing"."""
    deliver_notifications(session, [notification_id], config, [mailer], final_attempt=final_attempt)
    status = session.scalar(select(Notification.status).where(Notification.id == notification_id))
    session.rollback()
    return status if status is not None else "missing"


def release_stale_claims(session: Session, lease: timedelta = CLAIM_LEASE) -> int:
    """Put rows claimed longer than ``lease`` ago (their worker died) back to pending.

    Flushes; the caller commits.
    """
    result = session.execute(
        update(Notification)
        .where(Notification.status == NotificationStatus.SENDING)
        .where(Notification.claimed_at < utcnow() - lease)
        .values(status=NotificationStatus.PENDING)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def due_for_delivery(
    session: Session, created_before: datetime, tried_before: datetime, limit: int
) -> list[int]:
    """Pending rows old enough that their task is probably lost, and not tried just now
    (a row whose mail server was down waits for its own retry first)."""
    return list(
        session.scalars(
            select(Notification.id)
            .where(Notification.status == NotificationStatus.PENDING)
            .where(Notification.created_at < created_before)
            .where(or_(Notification.claimed_at.is_(None), Notification.claimed_at < tried_before))
            .order_by(Notification.id)
            .limit(limit)
        )
    )


def unsubscribe_headers(link: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: a mail program POSTs ``List-Unsubscribe=One-Click``
    to the signed link, which switches this kind of e-mail off without logging in."""
    return {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _claim(
    session: Session, notification_ids: list[int], config: dict[str, Any]
) -> list[_Outgoing]:
    if not notification_ids:
        return []
    claimed_ids = list(
        session.scalars(
            update(Notification)
            .where(Notification.id.in_(notification_ids))
            .where(Notification.status == NotificationStatus.PENDING)
            .values(
                status=NotificationStatus.SENDING,
                claimed_at=utcnow(),
                attempts=Notification.attempts + 1,
            )
            .returning(Notification.id)
            .execution_options(synchronize_session=False)
        )
    )
    if not claimed_ids:
        return []
    rows = session.execute(
        select(
            Notification.id,
            Notification.recipient_id,
            Notification.kind,
            Notification.idempotency_key,
            Notification.to_email,
            Notification.subject,
            Notification.body,
            Notification.send_email,
            Notification.attempts,
        )
        .where(Notification.id.in_(claimed_ids))
        .order_by(Notification.id)
    )
    return _with_links(session, [_Outgoing(*row) for row in rows], config)


def _with_links(session: Session, rows: list[_Outgoing], config: dict[str, Any]) -> list[_Outgoing]:
    """Links with a secret are made now, in memory only, never stored: the token of a
    confirmation or reset mail (accounts registers it in notifications.secret_links) and the
    unsubscribe link of every other mail (notifications.unsubscribe). A mail whose secret link
    would no longer be right is marked failed instead of sent. Flushes; the claim's commit
    follows."""
    nonces = dict(
        session.execute(
            select(Profile.user_id, Profile.unsubscribe_nonce).where(
                Profile.user_id.in_({row.recipient_id for row in rows})
            )
        ).all()
    )
    ready: list[_Outgoing] = []
    not_needed: list[int] = []
    for row in rows:
        try:
            body = fill_secret_links(session, row.kind, row.recipient_id, row.to_email, row.body)
        except LinkNotNeeded:
            not_needed.append(row.id)
            continue
        link = None
        if row.kind not in _NO_UNSUBSCRIBE:
            topic = topic_of(row.kind)
            link = unsubscribe_url(
                config, row.recipient_id, nonces.get(row.recipient_id, ""), topic or ""
            )
            body = body.replace(UNSUBSCRIBE_PLACEHOLDER, link)
        ready.append(replace(row, body=body, unsubscribe_link=link))
    if not_needed:
        session.execute(
            update(Notification)
            .where(Notification.id.in_(not_needed))
            .values(
                status=NotificationStatus.FAILED,
                claimed_at=None,
                last_error="not sent: the link in it is no longer needed or no longer right",
            )
            .execution_options(synchronize_session=False)
        )
    return ready


def _message(row: _Outgoing, config: dict[str, Any]) -> bytes:
    headers = {IDEMPOTENCY_HEADER: row.idempotency_key}
    if row.unsubscribe_link:
        headers.update(unsubscribe_headers(row.unsubscribe_link))
    return compose(config["MAIL_FROM"], row.to_email, row.subject, row.body, headers)


def _finish(
    session: Session, ids: list[int], status: NotificationStatus, error: str | None = None
) -> None:
    values: dict[str, Any] = {"status": status, "claimed_at": None, "last_error": error}
    if status == NotificationStatus.SENT:
        values["sent_at"] = utcnow()
    else:
        values["last_error"] = (error or "")[:2000]
    session.execute(
        update(Notification)
        .where(Notification.id.in_(ids))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def _mark_sent(session: Session, notification_id: int) -> None:
    """Commit "sent" for a mail the server accepted, on a new connection if the old one is
    lost, for up to MARK_SENT_PATIENCE. The UPDATE may safely run twice (a commit whose reply
    was lost). Raises the database error after that; the row then stays ``sending`` and the
    sweep sends it again only after the lease."""
    give_up_at = time.monotonic() + MARK_SENT_PATIENCE.total_seconds()
    pause = 0.2
    while True:
        try:
            _finish(session, [notification_id], NotificationStatus.SENT)
            return
        except (OperationalError, InterfaceError):
            session.rollback()  # the pool drops the dead connection; the next try makes one
            if time.monotonic() + pause > give_up_at:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 5.0)


def _release(session: Session, rows: list[_Outgoing], error: str, final_attempt: bool) -> None:
    """Unsent claimed rows back to pending (``claimed_at`` stays: the time of this try)."""
    give_up = [row.id for row in rows if final_attempt or row.attempts >= MAX_ATTEMPTS]
    retry = [row.id for row in rows if row.id not in give_up]
    for ids, status in ((give_up, NotificationStatus.FAILED), (retry, NotificationStatus.PENDING)):
        if ids:
            session.execute(
                update(Notification)
                .where(Notification.id.in_(ids))
                .values(status=status, last_error=error[:2000])
                .execution_options(synchronize_session=False)
            )
    session.commit()
