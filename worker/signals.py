"""Beat task for concern signals: tell coordinators about signals past their first-contact
time. Takes a beat lock (two runs never overlap) and commits after each batch; idempotent
by state (a reported signal is marked, and the notification keys hold)."""

from __future__ import annotations

from celery import shared_task

from marketplace.extensions import db
from marketplace.signals.handling import report_overdue_batch
from marketplace.timestamps import utcnow
from worker.locks import beat_lock


@shared_task(name="signals.report_overdue")
def report_overdue() -> int:
    """Returns how many overdue signals were reported."""
    with beat_lock("report_overdue_signals") as acquired:
        if not acquired:
            return 0
        now = utcnow()
        reported, last_id = 0, 0
        while True:
            count, next_id = report_overdue_batch(db.session, now, after_id=last_id)
            db.session.commit()
            reported += count
            if next_id is None:
                return reported
            last_id = next_id
