from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.memberships import MembershipRole, Organisation
from marketplace.enum_columns import enum_type
from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.models import User
    from marketplace.postings.models import Posting
    from marketplace.responses.models import Response


class Invitation(Model):
    """A coordinator asks someone, by e-mail address, to join the organisation's staff.

    Only a hash of the token is stored; the token itself is only in the e-mail's link.
    """

    __tablename__ = "organisation_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(
        enum_type(MembershipRole, name="role", length=12), default=MembershipRole.STAFF
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()


class VacancyDetails(Model):
    """What a volunteer wants to know about a vacancy besides the posting's own fields."""

    __tablename__ = "vacancy_details"

    posting_id: Mapped[int] = mapped_column(
        ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True
    )
    hours_per_week: Mapped[int | None]
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    needs_vog: Mapped[bool] = mapped_column(default=False, index=True)
    training: Mapped[str | None] = mapped_column(Text)
    accessibility: Mapped[str | None] = mapped_column(Text)
    suits_newcomers: Mapped[bool] = mapped_column(default=False, index=True)

    posting: Mapped[Posting] = relationship()


class ApplicationStatus(StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    INTAKE_PLANNED = "intake_planned"
    PLACED = "placed"
    NOT_SUITABLE = "not_suitable"
    WITHDRAWN = "withdrawn"


class Application(Model):
    """Where a volunteer's response to a vacancy is in the organisation's pipeline."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(
        enum_type(ApplicationStatus, name="status", length=16),
        default=ApplicationStatus.NEW,
        index=True,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    placed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    response: Mapped[Response] = relationship()
    notes: Mapped[list[ApplicationNote]] = relationship(
        back_populates="application",
        order_by="ApplicationNote.created_at",
        cascade="all, delete-orphan",
    )


class ApplicationNote(Model):
    """A note by the organisation's staff about an applicant; never shown to the applicant."""

    __tablename__ = "application_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="notes")
    author: Mapped[User | None] = relationship()


class VolunteerHours(Model):
    """Hours a placed volunteer worked, recorded by the organisation (optional)."""

    __tablename__ = "volunteer_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    worked_on: Mapped[date]
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    note: Mapped[str | None] = mapped_column(String(500))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Reference(Model):
    """A written reference for a placed volunteer; shown on their profile only if they want."""

    __tablename__ = "volunteer_references"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    is_shown: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    application: Mapped[Application] = relationship()
