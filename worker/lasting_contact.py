"""Beat task for lasting contacts: the reminders the day before and a few hours before each
meeting, and the
check-ins after 1, 6 and 13 weeks. Takes a beat lock (two runs never overlap) and commits
after each batch; idempotent by state (``reminded_for``, one check-in row per contact, week
and person) and by the notification keys."""

from __future__ import annotations

from celery import shared_task

from marketplace.extensions import db
from marketplace.lasting_contact.reminders import ask_check_ins, remind_batch, remind_soon
from marketplace.timestamps import utcnow
from worker.locks import beat_lock


@shared_task(name="lasting_contact.remind_and_check_in")
def remind_and_check_in() -> int:
    """Returns how many contacts were reminded plus how many questions were asked."""
    with beat_lock("lasting_contact_reminders") as acquired:
        if not acquired:
            return 0
        now = utcnow()
        total = remind_soon(db.session, now)  # first: a meeting this close gets only this one
        db.session.commit()
        while True:
            count = remind_batch(db.session, now)
            db.session.commit()
            total += count
            if count == 0:
                break
        while True:
            count = ask_check_ins(db.session, now)
            db.session.commit()
            total += count
            if count == 0:
                return total
