"""Writing notifications: the one way any feature tells a person something."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.notifications.models import Notification, NotificationKind, NotificationStatus
from marketplace.notifications.unsubscribe import (
    InvalidUnsubscribeToken,
    read_unsubscribe_token,
    unsubscribe_url,
)
from marketplace.profiles.models import NotificationPreference, Profile
from marketplace.timestamps import utcnow

# Mail about the account itself: no in-app copy, and it must go out even when the person
# chose to receive no notifications.
ACCOUNT_MAIL = {NotificationKind.CONFIRM_EMAIL, NotificationKind.RESET_PASSWORD}


def wants_email(recipient: User, kind: NotificationKind) -> bool:
    """E-mail follows the person's preference; account mail always goes out.

    New matches for people on a daily or weekly digest wait for the digest; everything
    else about their own postings and conversations is mailed unless they chose "off".
    """
    if kind in ACCOUNT_MAIL:
        return True
    preference = recipient.profile.notification_preference if recipient.profile else "instant"
    if preference == NotificationPreference.OFF:
        return False
    if kind == NotificationKind.NEW_MATCH:
        return preference == NotificationPreference.INSTANT
    return True


def absolute_url(path: str) -> str:
    """A link for an e-mail; works in the worker too, where there is no request."""
    return current_app.config["BASE_URL"] + path


def _render(
    kind: NotificationKind,
    locale: str | None,
    link_path: str | None,
    account: User | None,
    context: dict[str, Any],
) -> tuple[str, str]:
    """(subject, body) from ``templates/email/<kind>.txt``; its first line is
    ``Onderwerp: ...``. Mail to an ``account`` carries its settings and unsubscribe links
    (not account mail: confirm and reset must always arrive)."""
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = render_template(
            f"email/{kind}.txt",
            recipient=account,
            link=absolute_url(link_path) if link_path else None,
            settings_link=absolute_url("/profiel/meldingen") if account else None,
            unsubscribe_link=unsubscribe_url(current_app.config, account.id)
            if account and kind not in ACCOUNT_MAIL
            else None,
            **context,
        )
    subject, _, body = text.strip().partition("\n")
    return subject.split(":", 1)[-1].strip()[:200], body.strip()


def notify(
    session: Session,
    recipient: User,
    kind: NotificationKind,
    key: str,
    *,
    link_path: str | None = None,
    send_email: bool | None = None,
    **context: Any,
) -> Notification:
    """Add a notification for ``recipient``, rendered in their language.

    ``send_email`` defaults to the recipient's preference (``wants_email``).
    ``key`` makes it idempotent: a second call with the same key returns the first row.
    Delivery happens after commit, through the outbox relay.
    """
    return _write(
        session,
        owner=recipient,
        to_email=recipient.email,
        account=recipient,
        kind=kind,
        key=key,
        link_path=link_path,
        send_email=wants_email(recipient, kind) if send_email is None else send_email,
        show_in_app=kind not in ACCOUNT_MAIL,
        context=context,
    )


def notify_address(
    session: Session,
    sender: User,
    address: str,
    kind: NotificationKind,
    key: str,
    *,
    link_path: str | None = None,
    **context: Any,
) -> Notification:
    """Mail someone who has no account here (yet), such as a person being invited.

    A notification row needs an owner: it is kept under ``sender``, in their language, but
    mailed to ``address`` and never shown in the sender's own list. The mail has no
    settings or unsubscribe link: there is no account to set. Idempotent by ``key``.
    """
    return _write(
        session,
        owner=sender,
        to_email=address,
        account=None,
        kind=kind,
        key=key,
        link_path=link_path,
        send_email=True,
        show_in_app=False,
        context=context,
    )


def _write(
    session: Session,
    *,
    owner: User,
    to_email: str,
    account: User | None,
    kind: NotificationKind,
    key: str,
    link_path: str | None,
    send_email: bool,
    show_in_app: bool,
    context: dict[str, Any],
) -> Notification:
    """The outbox row, unless one with this key exists already (then that one)."""
    existing = session.scalar(select(Notification).where(Notification.idempotency_key == key))
    if existing is not None:
        return existing
    subject, body = _render(kind, owner.locale, link_path, account, context)
    notification = Notification(
        recipient_id=owner.id,
        kind=kind,
        idempotency_key=key,
        to_email=to_email,
        subject=subject,
        body=body,
        link_path=link_path,
        send_email=send_email,
        show_in_app=show_in_app,
        status=NotificationStatus.PENDING,
    )
    session.add(notification)
    session.flush()
    return notification


def mark_read(session: Session, recipient: User, notification_id: int) -> Notification | None:
    """Mark one of the recipient's notifications read; None when it is not theirs."""
    notification = session.get(Notification, notification_id)
    if notification is None or notification.recipient_id != recipient.id:
        return None
    if notification.read_at is None:
        notification.read_at = utcnow()
        session.flush()
    return notification


def mark_all_read(session: Session, recipient: User) -> int:
    """Mark every unread notification of ``recipient`` read; returns how many. Flushes."""
    result = session.execute(
        update(Notification)
        .where(Notification.recipient_id == recipient.id)
        .where(Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def notifications_for(recipient_id: int) -> Select[Notification]:
    """The in-app list: newest first."""
    return (
        select(Notification)
        .where(Notification.recipient_id == recipient_id)
        .where(Notification.show_in_app.is_(True))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def unread_count(session: Session, recipient_id: int) -> int:
    """For the header badge on every page, so it must stay cheap: ix_notifications_recipient_read
    (recipient_id, read_at) finds the unread rows without reading the others."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.recipient_id == recipient_id)
            .where(Notification.read_at.is_(None))
            .where(Notification.show_in_app.is_(True))
        )
        or 0
    )


def person_for_unsubscribe(session: Session, token: str, secret_key: str) -> User:
    """The person a one-click unsubscribe link belongs to.

    Raises InvalidUnsubscribeToken for a changed or forged link, or a person who is gone.
    """
    user = session.get(User, read_unsubscribe_token(secret_key, token))
    if user is None:
        raise InvalidUnsubscribeToken
    return user


def unsubscribe(session: Session, user: User) -> Profile | None:
    """Switch all notification e-mail off for ``user`` (account mail still goes out).

    Doing it twice changes nothing. Flushes.
    """
    profile = user.profile
    if profile is not None and profile.notification_preference != NotificationPreference.OFF:
        profile.notification_preference = NotificationPreference.OFF
        session.flush()
    return profile
