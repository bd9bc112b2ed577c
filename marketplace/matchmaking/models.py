"""Invitations to volunteers, the case log per request, volunteers' credentials and the
credentials a category of requests needs.

A case note is free text about someone's life: kept encrypted at rest (``EncryptedText``).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.encryption import EncryptedText
from marketplace.enum_columns import enum_type
from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.memberships import Organisation
    from marketplace.accounts.models import User
    from marketplace.categories import Category
    from marketplace.postings.models import Posting


class InvitationKind(StrEnum):
    INVITED = "invited"  # "Wilt u deze oproep oppakken?": the volunteer answers
    PHONED = "phoned"  # she agreed on the phone; staff recorded it


class InvitationStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"  # yes: a response the author (or staff) can accept
    DECLINED = "declined"  # no: recorded, the matchmaker sees it
    ASSIGNED = "assigned"  # agreed on the phone: an accepted response


class MatchmakerInvitation(Model):
    """A matchmaker asked this volunteer to take this request."""

    __tablename__ = "matchmaker_invitations"
    __table_args__ = (UniqueConstraint("posting_id", "volunteer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id", ondelete="CASCADE"))
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(enum_type(InvitationKind, name="kind", length=10))
    status: Mapped[str] = mapped_column(
        enum_type(InvitationStatus, name="status", length=10), default=InvitationStatus.PENDING
    )
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    posting: Mapped[Posting] = relationship()
    volunteer: Mapped[User] = relationship(foreign_keys=[volunteer_id])
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
    organisation: Mapped[Organisation | None] = relationship()


class CaseNoteKind(StrEnum):
    NOTE = "note"
    CALL = "call"  # "gebeld, neemt niet op"


class CaseNote(Model):
    """One line of an organisation's case log for a request, with an optional reminder."""

    __tablename__ = "case_notes"
    __table_args__ = (
        Index("ix_case_notes_posting_id_organisation_id", "posting_id", "organisation_id"),
        Index("ix_case_notes_remind_on_reminded_at", "remind_on", "reminded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(enum_type(CaseNoteKind, name="kind", length=10))
    body: Mapped[str] = mapped_column(EncryptedText())
    remind_on: Mapped[date | None] = mapped_column(Date)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    posting: Mapped[Posting] = relationship()
    author: Mapped[User | None] = relationship()


class CredentialKind(StrEnum):
    VOG = "vog"  # Verklaring Omtrent het Gedrag
    HOME_VISITS = "home_visits"  # training huisbezoeken
    DEMENTIA = "dementia"  # training dementie


class Credential(Model):
    """A volunteer's VOG or training, recorded by staff of an organisation."""

    __tablename__ = "credentials"
    __table_args__ = (Index("ix_credentials_user_id_kind", "user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(enum_type(CredentialKind, name="kind", length=12))
    issued_on: Mapped[date] = mapped_column(Date)  # the date on the VOG or certificate
    expires_on: Mapped[date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    organisation: Mapped[Organisation] = relationship()


class CredentialRequirement(Model):
    """Staff flagged this request: only volunteers with this credential are offered it."""

    __tablename__ = "credential_requirements"
    __table_args__ = (UniqueConstraint("posting_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(enum_type(CredentialKind, name="kind", length=12))
    flagged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CredentialRule(Model):
    """Every request in this category needs this credential (set by admins on
    ``/koppelen/beheer/bewijs-per-soort``; who changed it is in the audit log)."""

    __tablename__ = "credential_rules"
    __table_args__ = (UniqueConstraint("category_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(enum_type(CredentialKind, name="kind", length=12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    category: Mapped[Category] = relationship()
