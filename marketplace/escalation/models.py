from __future__ import annotations

from datetime import datetime
from enum import IntEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime

if TYPE_CHECKING:
    from marketplace.accounts.memberships import Organisation
    from marketplace.accounts.models import User
    from marketplace.postings.models import Posting


class EscalationStep(IntEnum):
    """How far an unanswered request has gone; each step happens once per publication."""

    NONE = 0
    WIDER = 1  # day 3: volunteers up to twice their radius away
    WIDEST = 2  # day 5: also volunteers who gave no availability
    LISTED = 3  # day 7: on the list for the neighbourhood's organisations and moderators


class Escalation(Model):
    """Where one published request stands on the way from "nobody responded" to "someone
    phones around". ``published_at`` is the publication the steps belong to: when the
    request is published again (renewed, or back after "Is het gelukt? Nee") it starts over.
    """

    __tablename__ = "escalations"
    __table_args__ = (
        Index("ix_escalations_step_listed_at", "step", "listed_at"),
        # ck_escalations_step: one of EscalationStep's numbers, as for the string enums
        # (marketplace.enum_columns).
        CheckConstraint(f"step IN ({', '.join(str(int(s)) for s in EscalationStep)})", name="step"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("postings.id", ondelete="CASCADE"), unique=True
    )
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    step: Mapped[int] = mapped_column(default=EscalationStep.NONE)
    widened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    widened_further_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    listed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "Wij bellen rond": who took it on, so two people do not phone the same volunteers.
    claimed_by_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    claimed_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    posting: Mapped[Posting] = relationship()
    claimed_by_organisation: Mapped[Organisation | None] = relationship()
    claimed_by_user: Mapped[User | None] = relationship()
