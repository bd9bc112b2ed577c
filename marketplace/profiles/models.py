from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.models import User


class NotificationPreference(StrEnum):
    INSTANT = "instant"
    DAILY = "daily"
    WEEKLY = "weekly"
    OFF = "off"


class Profile(Model):
    """What a person tells about themselves; home is a postcode centroid, never an address."""

    __tablename__ = "profiles"
    # Matching asks "who lives near this point": a composite index on the coordinates
    # serves the bounding-box query on both SQLite and PostgreSQL.
    __table_args__ = (Index("ix_profiles_lat_lon", "lat", "lon"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    display_name: Mapped[str] = mapped_column(String(80))
    postcode: Mapped[str | None] = mapped_column(String(7))
    pc4: Mapped[str | None] = mapped_column(String(4))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    neighbourhood: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(30))
    wants_to_help: Mapped[bool] = mapped_column(default=False)
    # Bit i is set when the person likes helping with the category whose ``bit`` is i.
    interest_mask: Mapped[int] = mapped_column(BigInteger, default=0)
    availability_mask: Mapped[int] = mapped_column(default=0)  # see marketplace.dayparts
    radius_km: Mapped[int] = mapped_column(default=5)
    languages: Mapped[str | None] = mapped_column(String(60))
    notification_preference: Mapped[str] = mapped_column(
        String(10), default=NotificationPreference.INSTANT
    )
    weekly_alert_cap: Mapped[int] = mapped_column(default=5)
    alerts_paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(back_populates="profile")

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lon is not None
