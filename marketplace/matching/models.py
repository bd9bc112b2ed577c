from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, SmallInteger, String, UniqueConstraint
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
    """Outbox row: "match this posting" (``posting_id``, in a wider ``circle`` 1-3), or
    "find open postings for this person" (``user_id``, after their profile changed).
    Written in the transaction that published the posting or saved the profile."""

    __tablename__ = "match_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int | None] = mapped_column(ForeignKey("postings.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    circle: Mapped[int] = mapped_column(SmallInteger, default=1)
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)


class VolunteerReach(Model):
    """Where one volunteer can help with one kind of help: a narrow copy of their profile,
    one row per (volunteer, interest category), kept in step by ``marketplace.matching.reach``
    whenever a profile or user changes. Matching reads only this table.

    Why a table of its own, with this index (PostGIS is not available, so plain B-trees):
    the question is "who lives within THEIR OWN radius of this point". A single box of the
    largest radius (25 km) around a point in a city holds nearly every volunteer. With
    ``radius_km`` in the index right after the category, the query asks one small box per
    radius (1 km people within 1 km, 2 km people within 2 km, ...); each box is one range
    scan on (category_bit, radius_km, lat) with lon checked inside the index, and the union
    of the boxes is a small part of the one big box. Grid cells would need a row per cell a
    person's circle covers (hundreds for 25 km); this needs one per interest.

    The index carries every column matching reads, so the table itself is never visited
    (SQLite: all in the key; PostgreSQL: an index-only scan after VACUUM).

    ``dismissals`` (this category) and ``comfort_km`` are learned from "niet voor mij" and
    survive profile edits; ``is_active`` is False for someone who cannot be suggested now
    (not helping, blocked, unconfirmed, no location or no longer this interest).
    """

    __tablename__ = "volunteer_reach"
    __table_args__ = (
        Index(
            "ix_volunteer_reach_lookup",
            "category_bit",
            "radius_km",
            "lat",
            "lon",
            "is_active",
            "availability_mask",
            "interest_count",
            "dismissals",
            "comfort_km",
            "language_mask",
            "user_id",
        ),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    category_bit: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    radius_km: Mapped[int] = mapped_column(SmallInteger)
    lat: Mapped[float]
    lon: Mapped[float]
    availability_mask: Mapped[int] = mapped_column(default=0)
    # How many interests the person ticked in all (scoring prefers the specialists).
    interest_count: Mapped[int] = mapped_column(SmallInteger, default=1)
    # "Niet voor mij" on a suggestion in this category, counted.
    dismissals: Mapped[int] = mapped_column(default=0)
    # Learned from dismissals: beyond this distance suggestions score lower (None: no limit
    # learned yet). The same on all of a person's rows.
    comfort_km: Mapped[float | None]
    # The languages the person speaks (``profiles.services.language_mask``): a posting that
    # names one of them prefers her.
    language_mask: Mapped[int] = mapped_column(default=0, server_default="0")
