from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.enum_columns import enum_type
from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.models import User
    from marketplace.postings.models import Posting
    from marketplace.responses.models import Response

CHECK_IN_WEEKS = (1, 6, 13)


class EndReason(StrEnum):
    ENDED = "ended"  # one of the two ended it
    CHECK_IN = "check_in"  # a check-in answered "het is gestopt"


class CheckInAnswer(StrEnum):
    GOOD = "good"  # goed
    STOPPED = "stopped"  # het is gestopt
    HELP = "help"  # we willen hulp


class LastingContact(Model):
    """A matched request for a lasting contact: the person (who asked, or for whom a carer
    asked) and the volunteer, with their weekly rhythm."""

    __tablename__ = "lasting_contacts"
    __table_args__ = (Index("ix_lasting_contacts_started_at", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id"), index=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), unique=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # The wijk, kept for the figures when the posting's content is anonymised.
    neighbourhood: Mapped[str] = mapped_column(String(120), default="")
    weekday: Mapped[int | None]  # 0 Monday .. 6 Sunday
    at_time: Mapped[time | None]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    end_reason: Mapped[str | None] = mapped_column(
        enum_type(EndReason, name="end_reason", length=10)
    )
    # The meeting day the last reminder was for (idempotency of the beat task).
    reminded_for: Mapped[date | None]

    posting: Mapped[Posting] = relationship()
    response: Mapped[Response] = relationship()
    volunteer: Mapped[User] = relationship(foreign_keys=[volunteer_id])
    check_ins: Mapped[list[CheckIn]] = relationship(
        back_populates="contact", order_by="CheckIn.id", cascade="all, delete-orphan"
    )

    @property
    def is_running(self) -> bool:
        return self.ended_at is None


class CheckIn(Model):
    """ "Gaat het goed?" to one of the two, after 1, 6 or 13 weeks."""

    __tablename__ = "lasting_check_ins"
    __table_args__ = (UniqueConstraint("contact_id", "week", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("lasting_contacts.id", ondelete="CASCADE"))
    week: Mapped[int]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer: Mapped[str | None] = mapped_column(enum_type(CheckInAnswer, name="answer", length=10))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    contact: Mapped[LastingContact] = relationship(back_populates="check_ins")
