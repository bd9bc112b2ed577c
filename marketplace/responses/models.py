from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.enum_columns import enum_type
from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.models import User
    from marketplace.postings.models import Posting


class ResponseStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class Response(Model):
    """Someone reacts to a posting ("Ik help!"); also a volunteer applying to a vacancy."""

    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("posting_id", "responder_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id"), index=True)
    responder_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(
        enum_type(ResponseStatus, name="status", length=10), default=ResponseStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    posting: Mapped[Posting] = relationship(back_populates="responses")
    responder: Mapped[User] = relationship()
    messages: Mapped[list[Message]] = relationship(
        back_populates="response", order_by="Message.created_at"
    )
    thank_you_notes: Mapped[list[ThankYouNote]] = relationship(
        back_populates="response", order_by="ThankYouNote.created_at"
    )


class Message(Model):
    """A message in the conversation between a posting's author and one responder."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    response: Mapped[Response] = relationship(back_populates="messages")
    sender: Mapped[User] = relationship()


class ThankYouNote(Model):
    """A short thank-you after the help was done: at most one from each side of a response
    (``from_responder``: the helper's side, or the posting's side). Plain text."""

    __tablename__ = "thank_you_notes"
    __table_args__ = (UniqueConstraint("response_id", "from_responder"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    from_responder: Mapped[bool]
    body: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    response: Mapped[Response] = relationship(back_populates="thank_you_notes")
    sender: Mapped[User] = relationship()
