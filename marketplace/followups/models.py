from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.enum_columns import enum_type
from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.models import User
    from marketplace.responses.models import Response


class FollowUpAnswer(StrEnum):
    YES = "yes"
    NOT_YET = "not_yet"
    NO = "no"


class FollowUp(Model):
    """One question "Is het gelukt?" to one side of an accepted response, in one round
    (1: a week after acceptance; 2: six weeks after, for recurring help)."""

    __tablename__ = "follow_ups"
    __table_args__ = (
        UniqueConstraint("response_id", "user_id", "round"),
        Index("ix_follow_ups_asked_at", "asked_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    round: Mapped[int] = mapped_column(default=1)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer: Mapped[str | None] = mapped_column(enum_type(FollowUpAnswer, name="answer", length=10))

    response: Mapped[Response] = relationship()
    user: Mapped[User] = relationship()
