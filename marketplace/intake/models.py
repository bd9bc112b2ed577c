"""Clients of an organisation, invitations to an own account, and hand-overs.

A client's phone number and notes are for the organisation's staff only. Volunteers see
the first name or initials and the neighbourhood, and the phone number only after a
hand-over the client agreed to.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.encryption import EncryptedText
from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.memberships import Organisation
    from marketplace.accounts.models import User
    from marketplace.postings.models import Posting
    from marketplace.responses.models import Response


class Client(Model):
    """Someone an organisation asks help for, usually without an account of their own."""

    __tablename__ = "clients"
    __table_args__ = (Index("ix_clients_organisation_id_name", "organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    # First name or initials only: this is what volunteers may see.
    name: Mapped[str] = mapped_column(String(80))
    postcode: Mapped[str] = mapped_column(String(7))
    neighbourhood: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(30))  # staff only, until a hand-over
    # Staff only, always; encrypted at rest (free text about someone's life).
    notes: Mapped[str | None] = mapped_column(EncryptedText())
    # Set once the client has an own account and accepted the invitation.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    linked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the client last agreed that the organisation keeps these details (the intake
    # asks every time; see marketplace.retention for how long they are kept).
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    postings: Mapped[list[Posting]] = relationship(
        primaryjoin="Client.id == foreign(Posting.client_id)",
        order_by="Posting.created_at.desc()",
        viewonly=True,
    )


class ClientInvite(Model):
    """An invitation for a client to link an own account. The link carries a signed token
    naming this row; it works once (``accepted_at``)."""

    __tablename__ = "client_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    client: Mapped[Client] = relationship()


class HandOver(Model):
    """A staff member shared the client's first name and phone number with the volunteer of
    an accepted response, with the client's consent. What was shared is kept as it was."""

    __tablename__ = "hand_overs"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), unique=True
    )
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    client_name: Mapped[str] = mapped_column(String(80))
    client_phone: Mapped[str | None] = mapped_column(String(30))
    consent_given: Mapped[bool] = mapped_column(default=False)
    handed_over_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    response: Mapped[Response] = relationship()
    client: Mapped[Client] = relationship()
    handed_over_by: Mapped[User | None] = relationship()
