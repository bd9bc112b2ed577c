"""Task: deliver one notification."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from flask import current_app

from marketplace.extensions import db
from marketplace.notifications.delivery import deliver_notification, record_failure
from marketplace.notifications.mailer import PermanentMailError, TransientMailError

log = logging.getLogger(__name__)


@shared_task(
    name="notifications.deliver_notification",
    bind=True,
    max_retries=8,
    acks_late=True,
)
def deliver_notification_task(self: Task, notification_id: int) -> str:
    try:
        status = deliver_notification(db.session, notification_id, current_app.config)
        db.session.commit()
        return status
    except PermanentMailError as exc:
        # Bad data (an address the server refuses): mark it failed so the sweep stops
        # re-sending it, and say so loudly in the log.
        db.session.rollback()
        record_failure(db.session, notification_id, str(exc), final=True)
        db.session.commit()
        log.error("notification %s refused by the mail server: %s", notification_id, exc)
        return "failed"
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
