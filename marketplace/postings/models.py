from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace import page_cache
from marketplace.categories import Category
from marketplace.enum_columns import enum_type
from marketplace.extensions import Model
from marketplace.search import register_fulltext
from marketplace.timestamps import UTCDateTime, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.memberships import Organisation
    from marketplace.accounts.models import User
    from marketplace.intake.models import Client
    from marketplace.responses.models import Response


class PostingKind(StrEnum):
    REQUEST = "request"
    OFFER = "offer"
    VACANCY = "vacancy"


class PostingStatus(StrEnum):
    DRAFT = "draft"
    PENDING = "pending"
    PUBLISHED = "published"
    MATCHED = "matched"
    CLOSED = "closed"
    EXPIRED = "expired"
    REJECTED = "rejected"


class Timing(StrEnum):
    ONCE = "once"  # one date and daypart
    RECURRING = "recurring"  # the same dayparts every week
    FLEXIBLE = "flexible"  # whenever suits


class LastingKind(StrEnum):
    """A request for a lasting contact (marketplace.lasting_contact): once matched, the pair
    keeps a weekly rhythm, with reminders and check-ins."""

    BUDDY = "buddy"  # een maatje
    WALK = "walk"  # a weekly walk
    PHONE = "phone"  # a telefoonmaatje: a call at a set time each week


class Posting(Model):
    __tablename__ = "postings"
    __table_args__ = (
        Index("ix_postings_status_published_at", "status", "published_at"),
        Index("ix_postings_lat_lon", "lat", "lon"),
        # The public list (bench.web): the wijk filter's choices come from the open postings
        # without reading every posting, and the distance filter's box is searched among the
        # open postings only, not among a city's years of closed ones.
        Index("ix_postings_status_neighbourhood", "status", "neighbourhood"),
        Index("ix_postings_status_lat_lon", "status", "lat", "lon"),
        # The municipality's dashboard: one wijk's figures, and the list of wijken.
        Index("ix_postings_neighbourhood", "neighbourhood"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(enum_type(PostingKind, name="kind", length=10))
    status: Mapped[str] = mapped_column(
        enum_type(PostingStatus, name="status", length=10), default=PostingStatus.DRAFT, index=True
    )
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    # First name or initials of a client a professional posts for; never an address.
    on_behalf_of: Mapped[str | None] = mapped_column(String(80))
    # The organisation's client record behind ``on_behalf_of`` (marketplace.intake); staff only.
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL"), index=True
    )
    # A carer (the author) posted this for someone who consented (accounts.delegations):
    # she, and carers she allows, manage it; the volunteer sees "namens" and her wijk.
    for_person_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    postcode: Mapped[str] = mapped_column(String(7))
    pc4: Mapped[str] = mapped_column(String(4))
    lat: Mapped[float]
    lon: Mapped[float]
    neighbourhood: Mapped[str] = mapped_column(String(120))
    # "Ik spreek Turks": a language (a code of profiles.services.LANGUAGES) the author would
    # like to speak with whoever helps; matching prefers people who speak it. Optional.
    language: Mapped[str | None] = mapped_column(String(3))

    timing: Mapped[str] = mapped_column(
        enum_type(Timing, name="timing", length=10), default=Timing.FLEXIBLE
    )
    once_on: Mapped[date | None]
    once_daypart: Mapped[str | None] = mapped_column(String(10))
    # Weekly slots the help is wanted in (see marketplace.dayparts); 0 means "flexible".
    daypart_mask: Mapped[int] = mapped_column(default=0)
    ends_on: Mapped[date | None]
    # A request for a lasting contact (LastingKind), or None for help once or now and then.
    lasting: Mapped[str | None] = mapped_column(enum_type(LastingKind, name="lasting", length=10))

    rejection_reason: Mapped[str | None] = mapped_column(Text)
    is_hidden: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    matched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Phone intake: the professional's note for whoever helps the client. Never public: the
    # organisation's staff see it, the volunteer once the client agreed to the hand-over.
    volunteer_note: Mapped[str | None] = mapped_column(Text)
    # Kept by responses/milestones.py for the dashboard: the first response, and the first
    # moment help was done (a response marked done, or closed after a match).
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    helped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set by the retention task (marketplace.retention) when it removed the personal content
    # of a posting that ended long ago; the figures for the dashboard stay.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    category: Mapped[Category] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    for_person: Mapped[User | None] = relationship(foreign_keys=[for_person_id])
    organisation: Mapped[Organisation | None] = relationship()
    client: Mapped[Client | None] = relationship()
    responses: Mapped[list[Response]] = relationship(
        back_populates="posting", order_by="Response.created_at"
    )

    @property
    def is_public(self) -> bool:
        return (
            self.status in (PostingStatus.PUBLISHED, PostingStatus.MATCHED) and not self.is_hidden
        )


# The postings list searches title and description in Dutch (marketplace/search); it shows
# published postings only, so only those are in SQLite's index.
register_fulltext(
    Posting,
    fields={"title": "A", "description": "B"},
    only_when={"status": [PostingStatus.PUBLISHED]},
)
# An approved, changed or closed posting shows at once on the cached public pages.
page_cache.watch(Posting)
