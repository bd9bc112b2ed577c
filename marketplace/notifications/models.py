from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.models import User


class NotificationKind(StrEnum):
    CONFIRM_EMAIL = "confirm_email"
    RESET_PASSWORD = "reset_password"
    NEW_MATCH = "new_match"
    NEW_RESPONSE = "new_response"
    RESPONSE_ACCEPTED = "response_accepted"
    RESPONSE_DECLINED = "response_declined"
    NEW_MESSAGE = "new_message"
    POSTING_APPROVED = "posting_approved"
    POSTING_REJECTED = "posting_rejected"
    POSTING_EXPIRED = "posting_expired"
    POSTING_HIDDEN = "posting_hidden"
    ORGANISATION_APPROVED = "organisation_approved"
    REQUEST_WIDENED = "request_widened"
    REQUEST_LISTED = "request_listed"
    REQUEST_CLAIMED = "request_claimed"
    FOLLOW_UP = "follow_up"
    DIGEST = "digest"
    ORGANISATION_INVITATION = "organisation_invitation"
    CLIENT_INVITE = "client_invite"
    APPLICATION_STATUS = "application_status"
    REFERENCE_WRITTEN = "reference_written"


class NotificationStatus(StrEnum):
    PENDING = "pending"
    # Claimed by a worker (``claimed_at``) and being sent. A worker killed after the claim
    # leaves the row here; the beat sweep puts it back to pending once the lease is over.
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class Notification(Model):
    """Outbox row for one message to one person.

    Written in the same transaction as the event, with its text already rendered in the
    recipient's language, so the worker only has to deliver it. ``status`` tracks e-mail
    delivery; rows with ``show_in_app`` appear in the person's notification list.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_status_created_at", "status", "created_at"),
        Index("ix_notifications_recipient_read", "recipient_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    to_email: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # plain text; the e-mail and the in-app text
    link_path: Mapped[str | None] = mapped_column(String(500))
    send_email: Mapped[bool] = mapped_column(default=True)
    show_in_app: Mapped[bool] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(String(10), default=NotificationStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    recipient: Mapped[User] = relationship()
