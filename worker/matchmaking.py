"""Beat tasks for matchmakers: the reminder on the date a worker set in a case log, and the
daily mail to staff about requests that landed on "Hulp gezocht" in their wijken.

Both take a beat lock and are idempotent by state (``reminded_at``, notification keys): a
second run changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task

from marketplace.extensions import db
from marketplace.matchmaking.case_log import send_due_reminders
from marketplace.matchmaking.wijk_alerts import send_daily_mail
from marketplace.timestamps import local_today
from worker.locks import beat_lock


@shared_task(name="matchmaking.send_case_reminders")
def send_case_reminders() -> int:
    """Returns how many workers were reminded."""
    with beat_lock("send_case_reminders") as acquired:
        if not acquired:
            return 0
        today, total, last_id = local_today(), 0, 0
        while True:
            count, next_id = send_due_reminders(db.session, today, after_id=last_id)
            db.session.commit()
            if next_id is None:
                return total
            total, last_id = total + count, next_id


@shared_task(name="matchmaking.send_unanswered_mail")
def send_unanswered_mail() -> int:
    """Yesterday's requests on "Hulp gezocht", one mail per member of staff; returns how
    many mails were written."""
    with beat_lock("send_unanswered_mail") as acquired:
        if not acquired:
            return 0
        written = send_daily_mail(db.session, local_today() - timedelta(days=1))
        db.session.commit()
        return written
