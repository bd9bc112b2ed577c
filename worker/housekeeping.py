"""Beat tasks: re-publish what the outbox relay could not, and expire old postings."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from sqlalchemy import select, update

from marketplace import outbox
from marketplace.extensions import db
from marketplace.matching.models import MatchRequest
from marketplace.notifications.models import Notification, NotificationStatus
from marketplace.postings.services import expire_due_postings
from marketplace.timestamps import utcnow
from worker.locks import beat_lock

# Rows younger than this are probably still on their way through the broker.
SWEEP_GRACE = timedelta(minutes=2)
SWEEP_BATCH = 500


@shared_task(name="housekeeping.sweep_outbox")
def sweep_outbox() -> int:
    """Publish again every outbox row still pending after the grace period."""
    with beat_lock("sweep_outbox") as acquired:
        if not acquired:
            return 0
        cutoff = utcnow() - SWEEP_GRACE
        notification_ids = db.session.scalars(
            select(Notification.id)
            .where(Notification.status == NotificationStatus.PENDING)
            .where(Notification.created_at < cutoff)
            .order_by(Notification.id)
            .limit(SWEEP_BATCH)
        ).all()
        match_ids = db.session.scalars(
            select(MatchRequest.id)
            .where(MatchRequest.completed_at.is_(None))
            .where(MatchRequest.requested_at < cutoff)
            .order_by(MatchRequest.id)
            .limit(SWEEP_BATCH)
        ).all()
        db.session.rollback()
        for notification_id in notification_ids:
            outbox.publish("notifications.deliver_notification", notification_id)
        for match_id in match_ids:
            outbox.publish("matching.match_posting", match_id)
        if match_ids:
            db.session.execute(
                update(MatchRequest)
                .where(MatchRequest.id.in_(match_ids))
                .values(attempts=MatchRequest.attempts + 1, published_at=utcnow())
            )
            db.session.commit()
        return len(notification_ids) + len(match_ids)


@shared_task(name="housekeeping.expire_postings")
def expire_postings() -> int:
    with beat_lock("expire_postings") as acquired:
        if not acquired:
            return 0
        count = expire_due_postings(db.session, utcnow().date())
        db.session.commit()
        return count
