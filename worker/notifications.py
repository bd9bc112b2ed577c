"""Task: deliver one notification."""

from __future__ import annotations

from celery import shared_task
from flask import current_app

from marketplace.extensions import db
from marketplace.notifications.delivery import deliver_notification, record_failure
from marketplace.notifications.mailer import TransientMailError


@shared_task(
    name="notifications.deliver_notification",
    bind=True,
    max_retries=8,
    acks_late=True,
)
def deliver_notification_task(self, notification_id: int) -> str:  # type: ignore[no-untyped-def]
    try:
        status = deliver_notification(db.session, notification_id, current_app.config)
        db.session.commit()
        return status
    except TransientMailError as exc:
        db.session.rollback()
        final = self.request.retries >= self.max_retries
        record_failure(db.session, notification_id, str(exc), final=final)
        db.session.commit()
        if final:
            raise
        # Exponential backoff: 10 s, 20 s, 40 s ... up to about 20 minutes.
        raise self.retry(exc=exc, countdown=min(10 * 2**self.request.retries, 1200)) from exc
    finally:
        db.session.remove()
