from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, ForeignKey, Index, String, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.enum_columns import enum_type
from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.models import User


class NotificationPreference(StrEnum):
    INSTANT = "instant"
    DAILY = "daily"
    WEEKLY = "weekly"
    OFF = "off"


class MailTopic(StrEnum):
    """The kinds of message a person can switch e-mail off for, one at a time (the settings
    page, and the unsubscribe link in a mail of that kind: notifications.services.TOPIC_OF
    says which mail is which). Each has a column ``Profile.mail_<topic>``."""

    MATCHES = "matches"  # new requests that fit: alerts and digests
    MESSAGES = "messages"  # responses and messages in conversations
    REMINDERS = "reminders"  # reminders and follow-ups about one's own requests
    ORGANISATIONS = "organisations"  # news from organisations one applied to


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
    # The person chose to show their wijk on their profile page (the name is always shown).
    shows_neighbourhood: Mapped[bool] = mapped_column(default=False, server_default=false())
    phone: Mapped[str | None] = mapped_column(String(30))
    wants_to_help: Mapped[bool] = mapped_column(default=False)
    # Bit i is set when the person likes helping with the category whose ``bit`` is i.
    interest_mask: Mapped[int] = mapped_column(BigInteger, default=0)
    availability_mask: Mapped[int] = mapped_column(default=0)  # see marketplace.dayparts
    radius_km: Mapped[int] = mapped_column(default=5)
    languages: Mapped[str | None] = mapped_column(String(60))
    notification_preference: Mapped[str] = mapped_column(
        enum_type(NotificationPreference, name="notification_preference", length=10),
        default=NotificationPreference.INSTANT,
    )
    weekly_alert_cap: Mapped[int] = mapped_column(default=5)
    # On a daily or weekly digest, an e-mail straight away all the same for a request close
    # by and soon (matching.urgency). Off for people who chose before this existed.
    urgent_alerts: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Per kind of message a switch (notifications.services.MailTopic); the unsubscribe link
    # in a mail switches off its own kind only.
    mail_matches: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_messages: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_reminders: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_organisations: Mapped[bool] = mapped_column(default=True, server_default=true())
    alerts_paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Signed into every unsubscribe link (notifications.unsubscribe); a new one makes all
    # earlier links stop working, e.g. once a link has been used.
    unsubscribe_nonce: Mapped[str] = mapped_column(String(32), default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(back_populates="profile")

    @classmethod
    def for_new_person(cls, display_name: str) -> Profile:
        """The profile of someone who signs up now: a daily digest of new requests, with an
        e-mail straight away only for a request close by and soon."""
        return cls(
            display_name=display_name,
            notification_preference=NotificationPreference.DAILY,
            urgent_alerts=True,
        )

    def wants_mail_about(self, topic: MailTopic) -> bool:
        return bool(getattr(self, f"mail_{topic.value}"))

    def set_mail_about(self, topic: MailTopic, *, on: bool) -> None:
        setattr(self, f"mail_{topic.value}", on)

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lon is not None
