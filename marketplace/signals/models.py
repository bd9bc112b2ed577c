"""A signal, its history and notes, and which organisation handles signals where.

Address, free text and notes are personal data of someone who did not ask to be in our
system: they are kept encrypted at rest (``EncryptedText``) and erased after
``SIGNAL_RETENTION_MONTHS`` once the signal is closed. ``address_key`` is a keyed digest of
postcode and house number, so a second signal for the same address is found without the
address itself being searchable.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.encryption import EncryptedText
from marketplace.enum_columns import enum_type
from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.memberships import Organisation
    from marketplace.accounts.models import User


class SignalStatus(StrEnum):
    NEW = "new"  # nieuw
    IN_PROGRESS = "in_progress"  # in behandeling
    VISITED = "visited"  # bezocht
    CLOSED = "closed"  # afgerond


OPEN_STATUSES = (SignalStatus.NEW, SignalStatus.IN_PROGRESS, SignalStatus.VISITED)


class SignalOutcome(StrEnum):
    NO_CONCERN = "no_concern"
    HELP_ARRANGED = "help_arranged"
    PROFESSIONAL_CARE = "professional_care"
    HELP_DECLINED = "help_declined"
    NOT_FOUND = "not_found"
    MERGED = "merged"  # closed as a duplicate of an open signal (``merged_into_id``)


class VisitDaypart(StrEnum):
    """When in the day the planned visit is (the parts of ``marketplace.dayparts``)."""

    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


class SignalSource(StrEnum):
    RESIDENT = "resident"  # the step-by-step form: a neighbour, with or without an account
    PARTNER = "partner"  # staff of an organisation (pharmacy, housing corporation...)
    PHONE = "phone"  # the helpdesk or a moderator, taking it by phone


class SignalSince(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    UNKNOWN = "unknown"


# What was noticed, and what the reporter already did: short checklists (comma-separated).
NOTICED_CHOICES = ("curtains", "post", "not_seen", "confused", "neglected", "other")
DID_CHOICES = ("rang_bell", "asked_neighbours", "called_family", "nothing")


# What an erased signal keeps of its personal data: nothing. Wijk, dates, status history
# and outcome stay for the figures (the retention purge and erasure on request use this).
ERASED_SIGNAL_VALUES: dict[str, str | None] = {
    "street": "",
    "house_number": "",
    "postcode": "",
    "address_key": "",
    "noticed_text": None,
    "reporter_did_text": None,
    "reporter_name": None,
    "reporter_phone": None,
    "reporter_email": None,
    "reporter_id": None,
    "status_key": None,
}


class Signal(Model):
    __tablename__ = "signals"
    __table_args__ = (
        Index("ix_signals_status_due", "status", "first_contact_due_at"),
        Index("ix_signals_address_key_created_at", "address_key", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    street: Mapped[str] = mapped_column(EncryptedText())
    house_number: Mapped[str] = mapped_column(EncryptedText())
    postcode: Mapped[str] = mapped_column(EncryptedText())
    # Where, without the address: for routing and the municipality's figures.
    pc4: Mapped[str] = mapped_column(String(4))
    wijk: Mapped[str] = mapped_column(String(120), index=True)
    address_key: Mapped[str] = mapped_column(String(64))
    noticed: Mapped[str] = mapped_column(String(200), default="")
    noticed_text: Mapped[str | None] = mapped_column(EncryptedText())
    since: Mapped[str] = mapped_column(
        enum_type(SignalSince, name="since", length=10), default=SignalSince.UNKNOWN
    )
    reporter_did: Mapped[str] = mapped_column(String(200), default="")
    reporter_did_text: Mapped[str | None] = mapped_column(EncryptedText())
    # How to reach the reporter (optional). Never shown to the person visited.
    reporter_name: Mapped[str | None] = mapped_column(EncryptedText())
    reporter_phone: Mapped[str | None] = mapped_column(EncryptedText())
    reporter_email: Mapped[str | None] = mapped_column(EncryptedText())
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(
        enum_type(SignalSource, name="source", length=10), default=SignalSource.RESIDENT
    )
    # The anonymous reporter's status link: the link holds this and a keyed digest of it
    # (marketplace.signals.status_links), so a copy of the database alone opens nothing.
    status_key: Mapped[str | None] = mapped_column(String(32), unique=True)
    status: Mapped[str] = mapped_column(
        enum_type(SignalStatus, name="status", length=12), default=SignalStatus.NEW
    )
    outcome: Mapped[str | None] = mapped_column(enum_type(SignalOutcome, name="outcome", length=20))
    assigned_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("signals.id", ondelete="SET NULL")
    )
    # The planned visit: the day and daypart someone goes to the door. Who goes is the
    # person the signal is assigned to (planning assigns it). Replanning replaces both.
    visit_planned_on: Mapped[date | None] = mapped_column(Date)
    visit_daypart: Mapped[str | None] = mapped_column(
        enum_type(VisitDaypart, name="visit_daypart", length=10)
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_contact_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    visited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # The coordinator was told it is overdue (once; marketplace.signals.handling).
    overdue_reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Past its retention period: address, texts, contact and notes are gone; wijk, dates
    # and outcome stay for the municipality's figures (marketplace.retention).
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    routes: Mapped[list[SignalRoute]] = relationship(
        back_populates="signal", cascade="all, delete-orphan"
    )
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    merged_into: Mapped[Signal | None] = relationship(remote_side=[id])
    history: Mapped[list[SignalStatusChange]] = relationship(
        back_populates="signal",
        cascade="all, delete-orphan",
        order_by="SignalStatusChange.changed_at, SignalStatusChange.id",
    )
    notes: Mapped[list[SignalNote]] = relationship(
        back_populates="signal",
        cascade="all, delete-orphan",
        order_by="SignalNote.created_at, SignalNote.id",
    )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def noticed_list(self) -> list[str]:
        return [code for code in self.noticed.split(",") if code]

    @property
    def reporter_did_list(self) -> list[str]:
        return [code for code in self.reporter_did.split(",") if code]

    @property
    def organisation_ids(self) -> list[int]:
        return [route.organisation_id for route in self.routes]

    @property
    def reporter_status(self) -> str:
        """All the reporter ever learns: "received" or "visited" (someone went to the
        door). A signal merged into another one follows that one."""
        signal: Signal = self
        while signal.outcome == SignalOutcome.MERGED and signal.merged_into is not None:
            signal = signal.merged_into
        if signal.status in (SignalStatus.VISITED, SignalStatus.CLOSED):
            return "visited"
        return "received"


class SignalRoute(Model):
    """A signal went to this organisation (one that handles signals for its wijk)."""

    __tablename__ = "signal_routes"

    signal_id: Mapped[int] = mapped_column(
        ForeignKey("signals.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    routed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    signal: Mapped[Signal] = relationship(back_populates="routes")
    organisation: Mapped[Organisation] = relationship()


class SignalStatusChange(Model):
    __tablename__ = "signal_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signals.id", ondelete="CASCADE"), index=True)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_status: Mapped[str | None] = mapped_column(
        enum_type(SignalStatus, name="from_status", length=12)
    )
    to_status: Mapped[str] = mapped_column(enum_type(SignalStatus, name="to_status", length=12))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    signal: Mapped[Signal] = relationship(back_populates="history")
    changed_by: Mapped[User | None] = relationship()


class SignalNote(Model):
    __tablename__ = "signal_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signals.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    signal: Mapped[Signal] = relationship(back_populates="notes")
    author: Mapped[User | None] = relationship()


class SignalArea(Model):
    """This organisation handles signals for this wijk (its coordinator sets it)."""

    __tablename__ = "signal_areas"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    wijk: Mapped[str] = mapped_column(String(120), primary_key=True, index=True)


class SignalHandler(Model):
    """The "signalen" role: this member of staff handles the organisation's signals."""

    __tablename__ = "signal_handlers"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
