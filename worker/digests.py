"""Beat task: build the daily or weekly digest e-mails, in batches, and queue their delivery."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from celery import shared_task
from flask import current_app

from marketplace import outbox
from marketplace.extensions import db
from marketplace.matching.digests import (
    build_digests,
    digest_recipients_after,
    digest_window,
)
from marketplace.timestamps import local_today
from worker.locks import beat_lock
from worker.notifications import DELIVERY_BATCH

log = logging.getLogger(__name__)

# People per batch: one suggestions query, one bulk insert and one commit each.
DIGEST_BATCH = 1000


@shared_task(name="digests.send_digests", acks_late=True)
def send_digests(period: str, today: str | None = None, batch_size: int = DIGEST_BATCH) -> int:
    """Write and queue the ``period`` ("daily"/"weekly") digest; returns how many were new.

    ``today`` (ISO date, Dutch time) defaults to now; pass an earlier one to catch up on a
    missed run. Safe to run twice: the idempotency key of each digest makes the second run
    write nothing, and the lock keeps two runs of the same period from overlapping.
    Each batch is committed before its delivery tasks are published, like the outbox
    relay does; a publish that fails leaves the rows pending for the sweep.
    """
    window = digest_window(period, date.fromisoformat(today) if today else local_today())
    config = dict(current_app.config)
    written = 0
    with beat_lock(f"send_digests:{period}", ttl=timedelta(minutes=30)) as acquired:
        if not acquired:
            return 0
        after = 0
        while True:
            user_ids = digest_recipients_after(db.session, period, after, batch_size)
            if not user_ids:
                break
            after = user_ids[-1]
            new_ids = build_digests(db.session, window, user_ids, config)
            db.session.commit()
            written += len(new_ids)
            if config["OUTBOX_RELAY_ENABLED"]:
                for start in range(0, len(new_ids), DELIVERY_BATCH):
                    outbox.publish_batch(
                        "notifications.deliver_batch", new_ids[start : start + DELIVERY_BATCH]
                    )
    log.info("%s digest for %s: %s e-mails queued", period, window.first_day, written)
    return written
