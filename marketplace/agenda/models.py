"""An activity in the wijkagenda and the sign-ups for one of its dates.

The place is public (the buurthuis, the library): its address is no personal data and is
shown. A series is ``rrule`` (RFC 5545, without DTSTART: that is ``starts_on`` and
``start_time``, in Rotterdam's time) with ``exdates`` (the dates it does not take place,
ISO dates, comma-separated).
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace import page_cache
from marketplace.enum_columns import enum_type
from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.memberships import Organisation
    from marketplace.accounts.models import User
    from marketplace.postings.models import Posting


class ActivityStatus(StrEnum):
    PENDING = "pending"  # a resident's, waiting for a moderator
    APPROVED = "approved"  # in the agenda
    REJECTED = "rejected"
    CANCELLED = "cancelled"  # the organiser stopped it


class ActivityKind(StrEnum):
    COFFEE = "coffee"  # koffieochtend, inloop
    MEAL = "meal"
    WALK = "walk"
    LANGUAGE = "language"  # taalcafé
    CREATIVE = "creative"
    EXERCISE = "exercise"
    GAMES = "games"
    INFORMATION = "information"
    OTHER = "other"


class Activity(Model):
    __tablename__ = "activities"
    __table_args__ = (Index("ix_activities_status_wijk", "status", "wijk"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(
        enum_type(ActivityStatus, name="status", length=12), default=ActivityStatus.PENDING
    )
    kind: Mapped[str] = mapped_column(enum_type(ActivityKind, name="kind", length=12))
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str] = mapped_column(String(200), default="")  # voor wie
    place_name: Mapped[str] = mapped_column(String(120))
    street: Mapped[str] = mapped_column(String(120))  # street and number of the public place
    postcode: Mapped[str] = mapped_column(String(7))
    wijk: Mapped[str] = mapped_column(String(80))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    accessible: Mapped[bool] = mapped_column(Boolean, default=False)  # wheelchair, no steps
    accessibility_note: Mapped[str] = mapped_column(String(300), default="")
    dementia_friendly: Mapped[bool] = mapped_column(Boolean, default=False)
    cost_cents: Mapped[int] = mapped_column(Integer, default=0)
    signup_required: Mapped[bool] = mapped_column(Boolean, default=False)
    places: Mapped[int | None] = mapped_column(Integer)  # per date; None: no limit
    contact: Mapped[str] = mapped_column(String(200), default="")
    # One optional photo (agenda.photos: re-encoded, random name) and what is on it.
    photo_filename: Mapped[str | None] = mapped_column(String(40))
    photo_alt: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    rrule: Mapped[str | None] = mapped_column(String(200))
    exdates: Mapped[str] = mapped_column(Text, default="")
    ends_on: Mapped[date | None] = mapped_column(Date)  # last possible date; None: open
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def is_free(self) -> bool:
        return self.cost_cents == 0

    @property
    def excluded_dates(self) -> set[date]:
        return {date.fromisoformat(d) for d in self.exdates.split(",") if d}


class ActivitySignup(Model):
    """Someone comes to one date of an activity. The organiser sees how many; a name only
    when that person chose to sign up by name (``share_name``).

    Either a person with an account (``user_id``) or an organisation's client, signed up by
    its staff (``client_id``, ``signed_up_by_id``: that staff member gets the reminder)."""

    __tablename__ = "activity_signups"
    __table_args__ = (
        UniqueConstraint("activity_id", "user_id", "occurs_on", name="uq_activity_signup"),
        UniqueConstraint("activity_id", "client_id", "occurs_on", name="uq_activity_client_signup"),
        Index("ix_activity_signups_day", "occurs_on", "reminded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    signed_up_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    occurs_on: Mapped[date] = mapped_column(Date)
    share_name: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    activity: Mapped[Activity] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    signed_up_by: Mapped[User | None] = relationship(foreign_keys=[signed_up_by_id])


class CompanionLink(Model):
    """ "Ga je mee?": a posting made from an activity. A request (someone wants company on
    ``occurs_on``) or an offer (a volunteer who goes anyway takes someone along; for a
    series ``occurs_on`` is None). The posting itself is the core's, handled like any."""

    __tablename__ = "activity_companions"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("postings.id", ondelete="CASCADE"), unique=True
    )
    occurs_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When both (the one who asked and the one who goes along) were reminded, the day before.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    activity: Mapped[Activity] = relationship()
    posting: Mapped[Posting] = relationship()


# An activity approved, changed or cancelled shows at once on the cached agenda pages.
page_cache.watch(Activity)
