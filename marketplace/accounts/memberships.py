"""Organisations and who works for them: the core's part of organisations.

Postings, responses and the features ask "is this person staff of this organisation" of
these rows. Everything else about organisations (their pages, invitations, logos, vacancies
and the applications pipeline) is the feature ``marketplace.organisations``.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.enum_columns import enum_type
from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.models import User


class OrganisationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class MembershipRole(StrEnum):
    COORDINATOR = "coordinator"
    STAFF = "staff"


class Organisation(Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    neighbourhoods: Mapped[str | None] = mapped_column(String(500))  # comma-separated names
    status: Mapped[str] = mapped_column(
        enum_type(OrganisationStatus, name="status", length=10), default=OrganisationStatus.PENDING
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    # Random file name under instance/uploads/organisations/<id>/, e.g. "3f9c...a1.png".
    logo_filename: Mapped[str | None] = mapped_column(String(80))

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )

    @property
    def is_approved(self) -> bool:
        return self.status == OrganisationStatus.APPROVED

    @property
    def neighbourhood_list(self) -> list[str]:
        return [name.strip() for name in (self.neighbourhoods or "").split(",") if name.strip()]


class Membership(Model):
    __tablename__ = "memberships"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(
        enum_type(MembershipRole, name="role", length=12), default=MembershipRole.STAFF
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(back_populates="memberships")
