"""Task: match one posting (a ``MatchRequest`` outbox row) to the people it fits."""

from __future__ import annotations

from celery import shared_task

from marketplace.extensions import db
from marketplace.matching.services import run_match_request


@shared_task(name="matching.match_posting", acks_late=True)
def match_posting(match_request_id: int) -> int:
    """Idempotent: a request already completed is skipped; suggestions are unique per person."""
    try:
        count = run_match_request(db.session, match_request_id)
        db.session.commit()
        return count
    finally:
        db.session.remove()
