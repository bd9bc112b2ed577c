"""Beat task for the wijkagenda: the reminder the day before a date someone signed up for.
Takes a beat lock (two runs never overlap) and commits after each batch; idempotent by
state (``reminded_at``) and by the notification key."""

from __future__ import annotations

from celery import shared_task

from marketplace.agenda.reminders import remind_batch
from marketplace.extensions import db
from marketplace.timestamps import utcnow
from worker.locks import beat_lock


@shared_task(name="agenda.send_reminders")
def send_reminders() -> int:
    """Returns how many sign-ups were handled."""
    with beat_lock("send_activity_reminders") as acquired:
        if not acquired:
            return 0
        now, total = utcnow(), 0
        while True:
            count = remind_batch(db.session, now)
            db.session.commit()
            total += count
            if count == 0:
                return total
