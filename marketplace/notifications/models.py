from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.enum_columns import enum_type
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
    RESPONSE_WITHDRAWN = "response_withdrawn"
    THANK_YOU = "thank_you"
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
    # Account security (accounts.email_change, accounts.services)
    EMAIL_CHANGE = "email_change"
    EMAIL_CHANGED = "email_changed"
    PASSWORD_CHANGED = "password_changed"
    TWO_FACTOR_CHANGED = "two_factor_changed"
    # Retention (retention.services): a month before a dormant account is erased
    DORMANT_ACCOUNT = "dormant_account"
    # Concern signals (marketplace.signals): to handlers, coordinators and the reporter
    SIGNAL_NEW = "signal_new"
    SIGNAL_OVERDUE = "signal_overdue"
    SIGNAL_RECEIVED = "signal_received"
    SIGNAL_VISITED = "signal_visited"
    SIGNAL_STATUS_LINK = "signal_status_link"  # to a reporter without an account
    SIGNAL_VISIT_PLANNED = "signal_visit_planned"  # to the handler who will go
    # Sociale kaart (marketplace.sociale_kaart.upkeep): "klopt deze dienst nog?"
    SERVICE_CHECK = "service_check"
    SERVICE_REFERRAL = "service_referral"  # a warm hand-over, to the service's address
    REFERRAL_OUTCOME = "referral_outcome"  # a week later: how did it go? (to the referrer)
    # Wijkagenda (marketplace.agenda): the day before a date someone signed up for
    ACTIVITY_REMINDER = "activity_reminder"
    ACTIVITY_APPROVED = "activity_approved"  # to a resident whose activity a moderator approved
    ACTIVITY_REJECTED = "activity_rejected"
    # Matchmakers (marketplace.matchmaking)
    MATCHMAKER_INVITATION = "matchmaker_invitation"  # "Wilt u deze oproep oppakken?"
    INVITATION_ANSWERED = "invitation_answered"  # to the matchmaker: yes or no
    CASE_REMINDER = "case_reminder"  # the date a worker set in the case log
    UNANSWERED_NEARBY = "unanswered_nearby"  # in-app, to staff serving the wijk
    UNANSWERED_DIGEST = "unanswered_digest"  # the daily mail of those
    # Acting for someone (marketplace.carers): a carer asks; consent given, recorded or ended
    DELEGATION_REQUESTED = "delegation_requested"
    DELEGATION_CHANGED = "delegation_changed"
    # Lasting contact (marketplace.lasting_contact): the day before, "Gaat het goed?", and
    # a rhythm set, a contact ended or help asked (to the other side and the welfare staff)
    LASTING_REMINDER = "lasting_reminder"
    LASTING_CHECK_IN = "lasting_check_in"
    LASTING_CONTACT = "lasting_contact"


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
    kind: Mapped[str] = mapped_column(enum_type(NotificationKind, name="kind", length=30))
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    to_email: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # plain text; the e-mail and the in-app text
    link_path: Mapped[str | None] = mapped_column(String(500))
    send_email: Mapped[bool] = mapped_column(default=True)
    show_in_app: Mapped[bool] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(
        enum_type(NotificationStatus, name="status", length=10), default=NotificationStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    recipient: Mapped[User] = relationship()
