"""Beat tasks: re-publish what the outbox relay could not, expire old postings, and remove
personal data that is past its retention period."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from sqlalchemy import select, update

from marketplace import outbox
from marketplace.extensions import db
from marketplace.matching.models import MatchRequest
from marketplace.notifications.delivery import (
    CLAIM_LEASE,
    due_for_delivery,
    release_stale_claims,
)
from marketplace.postings.services import expire_due_postings
from marketplace.retention.services import enforce_retention as enforce_retention_rules
from marketplace.timestamps import local_today, utcnow
from worker.locks import beat_lock
from worker.notifications import DELIVERY_BATCH

log = logging.getLogger(__name__)

# Rows younger than this are probably still on their way through the broker.
SWEEP_GRACE = timedelta(minutes=2)
SWEEP_BATCH = 500
# Notifications are cheap to publish in batches, and after a broker outage thousands may wait.
SWEEP_NOTIFICATION_LIMIT = 20_000


@shared_task(name="housekeeping.sweep_outbox")
def sweep_outbox(grace_seconds: float | None = None, lease_seconds: float | None = None) -> int:
    """The safety net under the outbox relay; returns how many rows it published.

    - Notifications claimed by a worker that died (``sending`` past the lease) go back
      to pending.
    - Pending notifications older than the grace period, and not tried within the lease,
      are published again in batches (``notifications.deliver_batch``), and so are match
      requests not completed.

    This is what makes "never lost" hold on every broker: kombu's SQLite transport marks a
    message invisible when a worker takes it and never hands it out again if that worker is
    killed, and Redis hands it out again only after the visibility timeout (an hour). A
    task published twice is harmless: the row's state decides who sends.
    ``grace_seconds``/``lease_seconds`` default to SWEEP_GRACE/CLAIM_LEASE; tests shorten them.
    """
    grace = SWEEP_GRACE if grace_seconds is None else timedelta(seconds=grace_seconds)
    lease = CLAIM_LEASE if lease_seconds is None else timedelta(seconds=lease_seconds)
    with beat_lock("sweep_outbox") as acquired:
        if not acquired:
            return 0
        now = utcnow()
        released = release_stale_claims(db.session, lease)
        db.session.commit()
        if released:
            log.warning("%s notifications were claimed by a worker that stopped", released)
        notification_ids = due_for_delivery(
            db.session, now - grace, now - lease, SWEEP_NOTIFICATION_LIMIT
        )
        match_ids = db.session.scalars(
            select(MatchRequest.id)
            .where(MatchRequest.completed_at.is_(None))
            .where(MatchRequest.requested_at < now - grace)
            .order_by(MatchRequest.id)
            .limit(SWEEP_BATCH)
        ).all()
        db.session.rollback()
        for start in range(0, len(notification_ids), DELIVERY_BATCH):
            outbox.publish_batch(
                "notifications.deliver_batch", notification_ids[start : start + DELIVERY_BATCH]
            )
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
        count = expire_due_postings(db.session, local_today())
        db.session.commit()
        return count


@shared_task(name="housekeeping.enforce_retention")
def enforce_retention() -> dict[str, int]:
    """Remove or anonymise what ``marketplace.retention.policy`` says is kept long enough;
    returns how many rows or files each rule changed. Locked, batched (a commit after every
    batch) and idempotent: a second run finds nothing to do."""
    with beat_lock("enforce_retention", ttl=timedelta(minutes=30)) as acquired:
        if not acquired:
            return {}
        return enforce_retention_rules(db.session, utcnow(), commit=db.session.commit)
