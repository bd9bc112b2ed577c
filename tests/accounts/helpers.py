"""Reading the account mails the services put in the outbox."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.notifications.models import Notification, NotificationKind


def mails_to(user: User, kind: NotificationKind) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.recipient_id == user.id, Notification.kind == kind)
            .order_by(Notification.id)
        )
    )


def link_in_last_mail(user: User, kind: NotificationKind) -> str:
    """The path the newest mail of ``kind`` links to, e.g. ``/bevestigen/<token>``."""
    mail = mails_to(user, kind)[-1]
    assert mail.link_path is not None
    return mail.link_path
