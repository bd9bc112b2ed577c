"""Delivering a notification: idempotent by its status, so a retried task sends nothing twice."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from marketplace.notifications.mailer import (
    IDEMPOTENCY_HEADER,
    build_message,
    send_message,
)
from marketplace.notifications.models import Notification, NotificationStatus
from marketplace.timestamps import utcnow

MAX_ATTEMPTS = 10


def deliver_notification(session: Session, notification_id: int, config: dict[str, Any]) -> str:
    """Send one pending notification and mark it sent. Returns the resulting status.

    Idempotent by status: a notification that is no longer pending is left alone.
    Raises TransientMailError (worth a retry) or PermanentMailError from the mailer; the
    caller then rolls back and calls ``record_failure``. The caller commits.
    """
    # Claim the row before sending. The UPDATE takes the row lock on PostgreSQL and the
    # write lock on SQLite, so a second worker with the same notification waits here until
    # the first commits, then finds it no longer pending: only one of them ever sends.
    claimed = session.execute(
        update(Notification)
        .where(Notification.id == notification_id)
        .where(Notification.status == NotificationStatus.PENDING)
        .values(attempts=Notification.attempts + 1)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    notification = session.get(Notification, notification_id, populate_existing=True)
    if notification is None:
        return "missing"
    if not claimed:
        return notification.status  # already done by an earlier run
    if notification.send_email:
        headers = {IDEMPOTENCY_HEADER: notification.idempotency_key}
        headers.update(unsubscribe_headers(notification, config))
        message = build_message(
            config["MAIL_FROM"],
            notification.to_email,
            notification.subject,
            notification.body,
            headers,
        )
        send_message(config, message, file_stem=f"{utcnow():%Y%m%d-%H%M%S}-{notification.id}")
    notification.status = NotificationStatus.SENT
    notification.sent_at = utcnow()
    notification.last_error = None
    return notification.status


def record_failure(session: Session, notification_id: int, error: str, final: bool) -> None:
    notification = session.get(Notification, notification_id)
    if notification is None:
        return
    notification.attempts += 1  # the attempt itself was rolled back with the failed send
    notification.last_error = error[:2000]
    if final or notification.attempts >= MAX_ATTEMPTS:
        notification.status = NotificationStatus.FAILED


def unsubscribe_headers(notification: Notification, config: dict[str, Any]) -> dict[str, str]:
    """Every e-mail points to the notification settings (one-click unsubscribe: issue 4)."""
    return {"List-Unsubscribe": f"<{config['BASE_URL']}/profiel/meldingen>"}
