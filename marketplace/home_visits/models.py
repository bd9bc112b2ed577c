"""Home visits: yearly rounds to residents aged 75+, their addresses, the people who may
visit, the visits and their reports.

Who lives where, how they are doing and their loneliness scale answers are for the
responsible organisation's staff only (and the visitor, for her own visits). Those columns
are encrypted at rest (``EncryptedText``); they cannot be searched in SQL, so the import
recognises an address it already has by ``resident_key`` (``encryption.lookup_key``, a keyed hash).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.encryption import EncryptedText
from marketplace.enum_columns import enum_type
from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.memberships import Organisation
    from marketplace.accounts.models import User


class Daypart(StrEnum):
    """Visits to older residents happen by day; evenings are not planned."""

    MORNING = "morning"
    AFTERNOON = "afternoon"


class VisitStatus(StrEnum):
    PLANNED = "planned"
    VISITED = "visited"
    NOT_HOME = "not_home"  # nobody opened: try again (up to MAX_ATTEMPTS)
    NOT_REACHED = "not_reached"  # nobody opened, MAX_ATTEMPTS times
    DECLINED = "declined"


class Wish(StrEnum):
    """What a resident would like; stored as bits of ``VisitReport.wish_mask``."""

    COMPANY = "company"
    SHOPPING = "shopping"
    ACTIVITIES = "activities"
    PRACTICAL = "practical"
    INFORMATION = "information"

    @property
    def bit(self) -> int:
        return 1 << list(Wish).index(self)


class VisitRound(Model):
    """One organisation's yearly round through a wijk."""

    __tablename__ = "visit_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    wijk: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(120))
    year: Mapped[int]
    starts_on: Mapped[date | None] = mapped_column(Date)  # the first day visits are planned
    # Set when the coordinator closes the round; retention counts from it.
    ended_on: Mapped[date | None] = mapped_column(Date)
    planned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()


class RoundAddress(Model):
    """One resident on a round's list, as the municipality's export gave it: only what is
    needed to find the door and to address a letter."""

    __tablename__ = "visit_round_addresses"
    __table_args__ = (UniqueConstraint("round_id", "resident_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("visit_rounds.id", ondelete="CASCADE"))
    resident_key: Mapped[str] = mapped_column(String(64))  # HMAC of the normalised row
    last_name: Mapped[str] = mapped_column(EncryptedText())
    first_name: Mapped[str] = mapped_column(EncryptedText())
    address: Mapped[str] = mapped_column(EncryptedText())  # street and number
    postcode: Mapped[str] = mapped_column(EncryptedText())  # "3011 AB"
    # The postcode's area and its centre: enough to plan, not enough to find the house.
    pc4: Mapped[str] = mapped_column(String(4))
    lat: Mapped[float]
    lon: Mapped[float]
    birth_year: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    round: Mapped[VisitRound] = relationship()


class VisitorQualification(Model):
    """A volunteer an organisation lets visit: her VOG and training, with the date the
    training stops counting. Staff of the organisation visit without one."""

    __tablename__ = "visitor_qualifications"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    vog_on: Mapped[date] = mapped_column(Date)  # the date on the VOG
    trained_on: Mapped[date] = mapped_column(Date)
    training_expires_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organisation: Mapped[Organisation] = relationship()


class HomeVisit(Model):
    """A planned visit to one address, by one visitor, and how it went."""

    __tablename__ = "home_visits"
    __table_args__ = (
        Index("ix_home_visits_visitor_id_planned_on", "visitor_id", "planned_on"),
        Index("ix_home_visits_round_id_status", "round_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int | None] = mapped_column(ForeignKey("visit_rounds.id", ondelete="CASCADE"))
    # Retention erases the address; the visit stays as a number in the progress figures.
    address_id: Mapped[int | None] = mapped_column(
        ForeignKey("visit_round_addresses.id", ondelete="SET NULL"), unique=True
    )
    visitor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    planned_on: Mapped[date] = mapped_column(Date)
    daypart: Mapped[str] = mapped_column(enum_type(Daypart, name="daypart", length=10))
    status: Mapped[str] = mapped_column(
        enum_type(VisitStatus, name="status", length=12), default=VisitStatus.PLANNED
    )
    attempts: Mapped[int] = mapped_column(default=0)  # times someone rang the bell
    result_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    round: Mapped[VisitRound | None] = relationship()
    address: Mapped[RoundAddress | None] = relationship()
    visitor: Mapped[User | None] = relationship()
    organisation: Mapped[Organisation] = relationship()
    report: Mapped[VisitReport | None] = relationship(back_populates="visit", uselist=False)


class VisitReport(Model):
    """What the visitor wrote down after talking with the resident."""

    __tablename__ = "visit_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(
        ForeignKey("home_visits.id", ondelete="CASCADE"), unique=True
    )
    how_doing: Mapped[str] = mapped_column(EncryptedText(), default="")
    wish_mask: Mapped[int] = mapped_column(default=0)  # bits of Wish
    # The six answers of the De Jong Gierveld scale, only with the resident's consent.
    scale_consent: Mapped[bool] = mapped_column(default=False)
    scale_answers: Mapped[str | None] = mapped_column(EncryptedText())
    loneliness_emotional: Mapped[int | None]  # 0-3
    loneliness_social: Mapped[int | None]  # 0-3
    loneliness_total: Mapped[int | None]  # 0-6
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    visit: Mapped[HomeVisit] = relationship(back_populates="report")

    @property
    def wishes(self) -> list[Wish]:
        return [wish for wish in Wish if self.wish_mask & wish.bit]
