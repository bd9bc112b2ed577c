"""Beat tasks for the sociale kaart: ask organisations to confirm services not checked for
six months, and welfare workers how a referral of a week ago went. Each takes a beat lock
and commits after each batch; idempotent by state (a reminded service or asked referral is
marked, and the notification keys hold)."""

from __future__ import annotations

from celery import shared_task

from marketplace.extensions import db
from marketplace.sociale_kaart.referrals import ask_outcomes
from marketplace.sociale_kaart.upkeep import send_reminders
from marketplace.timestamps import local_today, utcnow
from worker.locks import beat_lock


@shared_task(name="sociale_kaart.send_reminders")
def send_service_reminders() -> int:
    """Returns how many services were asked about."""
    with beat_lock("sociale_kaart_reminders") as acquired:
        if not acquired:
            return 0
        total = 0
        while True:
            count = send_reminders(db.session, local_today(), utcnow())
            db.session.commit()
            total += count
            if count == 0:
                return total


@shared_task(name="sociale_kaart.ask_referral_outcomes")
def ask_referral_outcomes() -> int:
    """A week after a referral, ask the worker how it went. Returns how many were asked."""
    with beat_lock("sociale_kaart_referral_outcomes") as acquired:
        if not acquired:
            return 0
        total = 0
        while True:
            count = ask_outcomes(db.session, utcnow())
            db.session.commit()
            total += count
            if count == 0:
                return total
