from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.models import User
    from marketplace.postings.models import Posting


class MatchSuggestion(Model):
    """Worker output: this posting fits this person, with the reasons shown to them.

    For a request or vacancy the person is a volunteer; for an offer it is the author of an
    open request (``related_posting_id``) that the offer could serve.
    """

    __tablename__ = "match_suggestions"
    __table_args__ = (UniqueConstraint("posting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    related_posting_id: Mapped[int | None] = mapped_column(
        ForeignKey("postings.id", ondelete="CASCADE")
    )
    score: Mapped[float]
    distance_km: Mapped[float]
    # {"distance_km": 1.2, "categories": ["boodschappen"], "slots": [["tue", "morning"]]}
    reasons: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    posting: Mapped[Posting] = relationship(foreign_keys=[posting_id])
    related_posting: Mapped[Posting | None] = relationship(foreign_keys=[related_posting_id])
    user: Mapped[User] = relationship()


class MatchRequest(Model):
    """Outbox row: "match this posting". Written in the transaction that published it."""

    __tablename__ = "match_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id", ondelete="CASCADE"))
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
