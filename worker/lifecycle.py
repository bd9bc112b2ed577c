"""Beat tasks around matching: widen unanswered requests, and ask "Is het gelukt?".

Both take a beat lock, so two runs never overlap, and work in batches with a commit after
each, so a long run holds no long transaction and a killed run keeps what it finished. Both
are idempotent by state (an ``Escalation`` step, a ``FollowUp`` row, notification keys):
running them twice changes nothing the second time.
"""

from __future__ import annotations

from celery import shared_task

from marketplace.escalation.services import escalate_batch
from marketplace.extensions import db
from marketplace.followups.services import FIRST, SECOND, ask_batch
from marketplace.timestamps import utcnow
from worker.locks import beat_lock


@shared_task(name="lifecycle.escalate_unanswered")
def escalate_unanswered() -> int:
    """Take the next due step for every request nobody responded to; returns how many did."""
    with beat_lock("escalate_unanswered") as acquired:
        if not acquired:
            return 0
        now = utcnow()
        stepped, last_id = 0, 0
        while True:
            count, next_id = escalate_batch(db.session, now, after_posting_id=last_id)
            db.session.commit()
            if next_id is None:
                return stepped
            stepped, last_id = stepped + count, next_id


@shared_task(name="lifecycle.send_followups")
def send_followups() -> int:
    """Ask both sides of agreed help "Is het gelukt?"; returns how many questions went out."""
    with beat_lock("send_followups") as acquired:
        if not acquired:
            return 0
        now = utcnow()
        asked = 0
        for round_ in (FIRST, SECOND):
            last_id = 0
            while True:
                count, next_id = ask_batch(db.session, round_, now, after_response_id=last_id)
                db.session.commit()
                if next_id is None:
                    break
                asked, last_id = asked + count, next_id
        return asked
