"""Keeping a posting's milestones (``first_response_at``, ``helped_at``) in step.

The municipality's dashboard counts, per period, the postings that got their first response
or on which help was done. Reading those moments from the responses table would aggregate
every response of a city's year on each page view; stored on the posting they cost nothing
to read. Whatever adds a response, marks help done or closes a matched posting (services,
demo data, test factories) goes through a session flush, so a listener keeps them there, in
the same transaction. Both only ever move earlier: a milestone, once reached, stays reached
(reopening a posting does not undo help that was given).

Writes that bypass the ORM (the bench's COPY, the migration's backfill) set them in SQL.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session, UOWTransaction

from marketplace.listeners import listen_once
from marketplace.postings.models import Posting
from marketplace.responses.models import Response
from marketplace.timestamps import utcnow


def _earliest(current: datetime | None, candidate: datetime | None) -> datetime | None:
    if current is None or (candidate is not None and candidate < current):
        return candidate
    return current


def _record_milestones(posting: Posting, response: Response | None = None) -> None:
    """Move the posting's milestones earlier where ``response`` or its own state says so.

    Help counts as done when a response is marked done, or when the posting is closed after
    a match (the author ends it without marking a response)."""
    first_response, helped = posting.first_response_at, posting.helped_at
    if response is not None:
        first_response = _earliest(first_response, response.created_at)
        helped = _earliest(helped, response.completed_at)
    if posting.matched_at is not None:
        helped = _earliest(helped, posting.closed_at)
    # Assigned only when they moved, so an untouched posting is not written again.
    if first_response != posting.first_response_at:
        posting.first_response_at = first_response
    if helped != posting.helped_at:
        posting.helped_at = helped


def init_app(app: Flask) -> None:
    listen_once(Session, "before_flush", _keep_milestones)


def _keep_milestones(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    with session.no_autoflush:
        for obj in (*session.new, *session.dirty):
            if isinstance(obj, Response):
                if obj.created_at is None:  # the column default would give the same moment
                    obj.created_at = utcnow()
                if obj.posting is not None:
                    _record_milestones(obj.posting, obj)
            elif isinstance(obj, Posting):
                _record_milestones(obj)
