"""Writing notifications: the one way any feature tells a person something."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from marketplace.notifications.models import Notification, NotificationKind, NotificationStatus
from marketplace.notifications.unsubscribe import (
    UNSUBSCRIBE_PLACEHOLDER,
    ExpiredUnsubscribeToken,
    InvalidUnsubscribeToken,
    new_nonce,
    read_unsubscribe_token,
)
from marketplace.profiles.models import MailTopic, NotificationPreference, Profile
from marketplace.timestamps import utcnow

if TYPE_CHECKING:
    from marketplace.accounts.models import User

# Mail about the account itself: no in-app copy, and it must go out even when the person
# chose to receive no notifications.
ACCOUNT_MAIL = {
    NotificationKind.CONFIRM_EMAIL,
    NotificationKind.RESET_PASSWORD,
    NotificationKind.EMAIL_CHANGE,
    NotificationKind.EMAIL_CHANGED,
    NotificationKind.PASSWORD_CHANGED,
    NotificationKind.TWO_FACTOR_CHANGED,
    NotificationKind.DORMANT_ACCOUNT,
}


TOPIC_OF: dict[str, MailTopic] = {
    NotificationKind.NEW_MATCH: MailTopic.MATCHES,
    NotificationKind.DIGEST: MailTopic.MATCHES,
    NotificationKind.NEW_RESPONSE: MailTopic.MESSAGES,
    NotificationKind.RESPONSE_ACCEPTED: MailTopic.MESSAGES,
    NotificationKind.RESPONSE_DECLINED: MailTopic.MESSAGES,
    NotificationKind.NEW_MESSAGE: MailTopic.MESSAGES,
    NotificationKind.RESPONSE_WITHDRAWN: MailTopic.MESSAGES,
    NotificationKind.THANK_YOU: MailTopic.MESSAGES,
    NotificationKind.FOLLOW_UP: MailTopic.REMINDERS,
    NotificationKind.POSTING_EXPIRED: MailTopic.REMINDERS,
    NotificationKind.REQUEST_WIDENED: MailTopic.REMINDERS,
    NotificationKind.REQUEST_LISTED: MailTopic.REMINDERS,
    NotificationKind.REQUEST_CLAIMED: MailTopic.REMINDERS,
    NotificationKind.APPLICATION_STATUS: MailTopic.ORGANISATIONS,
    NotificationKind.REFERENCE_WRITTEN: MailTopic.ORGANISATIONS,
}
# Kinds in neither ACCOUNT_MAIL nor TOPIC_OF (a decision about one's own posting or
# organisation) follow only "how often": they stop when a person chose no e-mail at all.


def topic_of(kind: str) -> MailTopic | None:
    return TOPIC_OF.get(kind)


def wants_email(recipient: User, kind: NotificationKind, *, urgent: bool = False) -> bool:
    """E-mail follows the person's preference; account mail always goes out.

    Each kind of message can be switched off on its own (``MailTopic``). New matches for
    people on a daily or weekly digest wait for the digest, unless the match is ``urgent``
    (close by and soon: matching.urgency) and they kept urgent alerts on; everything else
    about their own postings and conversations is mailed unless they chose "off".
    """
    if kind in ACCOUNT_MAIL:
        return True
    profile = recipient.profile
    preference = profile.notification_preference if profile else NotificationPreference.INSTANT
    if preference == NotificationPreference.OFF:
        return False
    topic = topic_of(kind)
    if topic is not None and profile is not None and not profile.wants_mail_about(topic):
        return False
    if kind == NotificationKind.NEW_MATCH:
        return preference == NotificationPreference.INSTANT or bool(
            urgent and profile is not None and profile.urgent_alerts
        )
    return True


def page_path(endpoint: str, **values: Any) -> str:
    """The path of one of our pages (``url_for``), for a notification's link. Works where
    there is no request too (the worker, the command line): there it is built as if for a
    request to BASE_URL."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        return url_for(endpoint, **values)


def absolute_url(path: str) -> str:
    """A link for an e-mail: BASE_URL and a path (from ``page_path``, or a placeholder the
    worker replaces); works in the worker too, where there is no request."""
    return current_app.config["BASE_URL"] + path


def page_url(endpoint: str, **values: Any) -> str:
    """The full address of one of our pages, for the text of an e-mail."""
    return absolute_url(page_path(endpoint, **values))


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
            settings_link=page_url("profiles.notification_settings") if account else None,
            # The link itself is made when the mail goes out (notifications.delivery).
            unsubscribe_link=UNSUBSCRIBE_PLACEHOLDER
            if account and kind not in ACCOUNT_MAIL
            else None,
            **context,
        )
    return split_mail(text)


def split_mail(text: str) -> tuple[str, str]:
    """(subject, body) of a rendered ``templates/email/*.txt``: its first line is
    ``Onderwerp: ...``."""
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
        # An erased account has no address left to mail (marketplace.my_data.erasure).
        send_email=not recipient.is_erased
        and (wants_email(recipient, kind) if send_email is None else send_email),
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
        **pending_row(owner.id, kind, key, to_email, subject, body, link_path),
        send_email=send_email,
        show_in_app=show_in_app,
    )
    session.add(notification)
    session.flush()
    return notification


def pending_row(
    recipient_id: int,
    kind: NotificationKind,
    key: str,
    to_email: str,
    subject: str,
    body: str,
    link_path: str | None,
) -> dict[str, Any]:
    """The column values of a new, pending notification (``notify`` and ``write_many``)."""
    return {
        "recipient_id": recipient_id,
        "kind": kind,
        "idempotency_key": key,
        "to_email": to_email,
        "subject": subject,
        "body": body,
        "link_path": link_path,
        "status": NotificationStatus.PENDING,
    }


def write_many(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Write many notifications at once (``pending_row`` values plus ``send_email`` and
    ``show_in_app``); a row whose key exists already is left out. Returns the ids written
    now. For the digests, where one insert per person would be most of the work."""
    if not rows:
        return []
    now = utcnow()
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    # A Core insert with the rows as parameters: SQLAlchemy sends them in a few large
    # INSERT ... VALUES ... RETURNING statements ("insertmanyvalues") compiled once.
    table = Notification.metadata.tables[Notification.__tablename__]
    statement = (
        insert(table)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(table.c.id)
    )
    values = [{"attempts": 0, "created_at": now, **row} for row in rows]
    return [row[0] for row in session.execute(statement, values)]


def rewrite(
    session: Session, notification: Notification, template: str, **context: Any
) -> Notification:
    """Render ``notification`` again from ``templates/email/<template>.txt`` (subject and
    body, in the recipient's language), for news that grew while it waited: a mail not yet
    sent goes out with the new text, one already sent only changes in the app. Flushes."""
    recipient = notification.recipient
    notification.subject, notification.body = _render(
        template,  # type: ignore[arg-type]  # a template name, not a kind of its own
        recipient.locale,
        notification.link_path,
        recipient,
        context,
    )
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


# For the header badge on every page, so it must stay cheap: ix_notifications_recipient_read
# (recipient_id, read_at) finds the unread rows without reading the others.
def unread_count(recipient_id: ColumnElement[int]) -> ColumnElement[int]:
    """How many notifications the person has not read (the menu's ``unread_notifications``)."""
    return (
        select(func.count())
        .select_from(Notification)
        .where(Notification.recipient_id == recipient_id)
        .where(Notification.read_at.is_(None))
        .where(Notification.show_in_app.is_(True))
        .scalar_subquery()
    )


def person_for_unsubscribe(
    session: Session, token: str, secret_key: str
) -> tuple[User, MailTopic | None]:
    """The person a one-click unsubscribe link belongs to, and the kind of message it is
    about (None: a link from before there were kinds, which stops all notification mail).

    Raises InvalidUnsubscribeToken for a changed or forged link, or a person who is gone;
    ExpiredUnsubscribeToken for a link that is too old or was used already.
    """
    claim = read_unsubscribe_token(secret_key, token)
    profile = session.scalar(select(Profile).where(Profile.user_id == claim.user_id))
    if profile is None:
        raise InvalidUnsubscribeToken
    if claim.nonce != profile.unsubscribe_nonce:
        raise ExpiredUnsubscribeToken
    try:
        topic = MailTopic(claim.topic) if claim.topic else None
    except ValueError as error:
        raise InvalidUnsubscribeToken from error
    return profile.user, topic


def unsubscribe(session: Session, user: User, topic: MailTopic | None = None) -> Profile | None:
    """Switch e-mail about ``topic`` off for ``user`` (without a topic: all notification
    e-mail; account mail still goes out), and end every unsubscribe link made so far (a
    link works once). Flushes.
    """
    profile = user.profile
    if profile is not None:
        if topic is None:
            profile.notification_preference = NotificationPreference.OFF
        else:
            profile.set_mail_about(topic, on=False)
        profile.unsubscribe_nonce = new_nonce()
        session.flush()
    return profile
