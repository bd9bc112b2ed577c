"""Task: carry out one ``MatchRequest`` outbox row: match a posting to the people it fits
(in circle 1, 2 or 3), or find the open postings that fit one person after their profile
changed."""

from __future__ import annotations

from celery import shared_task

from marketplace.extensions import db
from marketplace.matching.services import run_match_request
from marketplace.observability.metrics import MATCHING_DURATION


@shared_task(name="matching.match_posting", acks_late=True)
def match_posting(match_request_id: int) -> int:
    """Idempotent: a request already completed is skipped; suggestions are unique per
    (posting, person) and alerts per idempotency key."""
    try:
        with MATCHING_DURATION.time():
            count = run_match_request(db.session, match_request_id)
        db.session.commit()
        return count
    finally:
        db.session.remove()
