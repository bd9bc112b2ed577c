"""Changing the e-mail address: the new address only counts once its owner clicks the link.

``request_email_change`` mails a link to the new address; ``confirm_email_change`` makes the
change and tells both the old and the new address. The new address waits on the account
(``User.pending_email``) until then; the link carries only the user id and a fingerprint
(``mail_links.email_change_fingerprint``), so it works once, for 24 hours, and only for the
latest request. It is made as the mail goes out and never stored (``accounts.mail_links``).
"""

from __future__ import annotations

import hmac
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts import mail_links, tokens
from marketplace.accounts.errors import EmailAlreadyRegistered, InvalidEmail, InvalidToken
from marketplace.accounts.models import User
from marketplace.email_addresses import normalise_email
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.notifications.services import notify, notify_address
from marketplace.security_log import log_security_event
from marketplace.timestamps import utcnow


class SameEmail(InvalidEmail):
    """The new address is the one the account has already."""


def _in_use(session: Session, address: str) -> bool:
    return bool(session.scalar(select(func.count()).select_from(User).where(User.email == address)))


def request_email_change(session: Session, user: User, new_email: str) -> Notification:
    """Mail a confirmation link to ``new_email``; the address stays as it is until then.

    Raises InvalidEmail, SameEmail, EmailAlreadyRegistered.
    """
    address = normalise_email(new_email)
    if address == user.email:
        raise SameEmail(address)
    if _in_use(session, address):
        raise EmailAlreadyRegistered
    # Kept here, not in the link: a newer request replaces it (and kills older links).
    user.pending_email = address
    session.flush()
    # The token is made by the worker as the mail goes out (accounts.mail_links): the
    # outbox row holds a placeholder, never a working link.
    kind = NotificationKind.EMAIL_CHANGE
    return notify_address(
        session,
        user,
        address,
        kind,
        # A double click is one mail; a new request a minute later is a new one.
        f"{kind}:{user.id}:{address}:{utcnow():%Y%m%d%H%M}",
        link_path=mail_links.placeholder_path(kind),
        name=user.display_name,
        valid_hours=mail_links.valid_hours(kind),
    )


def confirm_email_change(session: Session, token: str) -> User:
    """Give the account the new address from ``token`` (confirmed: its owner clicked) and
    mail the old and the new address that it changed. Flushes.

    Raises ExpiredToken, InvalidToken (also when used before), EmailAlreadyRegistered.
    """
    payload = tokens.read_token(tokens.CHANGE_EMAIL, token)
    user_id, fingerprint = payload.get("user_id"), payload.get("fp")
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if (
        user is None
        or user.is_blocked
        or not user.pending_email
        or not isinstance(fingerprint, str)
    ):
        raise InvalidToken
    if not hmac.compare_digest(fingerprint, mail_links.email_change_fingerprint(user)):
        raise InvalidToken
    old, new = user.email, user.pending_email
    if _in_use(session, new):
        raise EmailAlreadyRegistered
    user.email = new
    user.pending_email = None
    user.email_confirmed_at = utcnow()
    session.flush()
    key = f"{NotificationKind.EMAIL_CHANGED}:{user.id}:{tokens.token_digest(token)}"
    context: dict[str, Any] = {"name": user.display_name, "old_email": old, "new_email": new}
    notify_address(session, user, old, NotificationKind.EMAIL_CHANGED, key + ":old", **context)
    notify(session, user, NotificationKind.EMAIL_CHANGED, key + ":new", **context)
    log_security_event("account.email_changed", user_id=user.id)
    return user
