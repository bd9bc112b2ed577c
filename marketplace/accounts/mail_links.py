"""Secret links in account mail are made when the mail goes out, never stored.

A confirmation or password-reset mail is written to the outbox (the notifications table)
with TOKEN_PLACEHOLDER where the token goes. The worker puts in a freshly signed token just
before it hands the mail to the mail server (``fill_secret_link``), in memory only. So the
table, its backups and a person's data export never hold a link that works, and someone
who can read the database cannot reset anybody's password with it.

The token is made from the account as it is at that moment and carries only the user id and
a keyed fingerprint (``tokens.account_fingerprint``), never an address: a reset link the
current password's (it works once, and only until the password changes), a confirmation
link the current address's, an address-change link one of the current and the pending
address, the password hash and the moment the address was last confirmed (so it works once,
also when the address later goes back to what it was). When the mail is no longer right (the address
changed since, the address is confirmed already, the account is blocked or gone), it is
not sent at all: LinkNotNeeded.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from marketplace.accounts import tokens
from marketplace.accounts.models import User
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.secret_links import LinkNotNeeded

# Not a character a token uses, so it can never be mistaken for (part of) one.
TOKEN_PLACEHOLDER = "[link-bij-verzenden]"

# Kind of mail -> (token purpose, the link's path in accounts/views.py)
SECRET_LINKS = {
    NotificationKind.CONFIRM_EMAIL: (tokens.CONFIRM_EMAIL, "/bevestigen/"),
    NotificationKind.RESET_PASSWORD: (tokens.RESET_PASSWORD, "/wachtwoord-herstellen/"),
    # security_views.py; the mail goes to the new address, before the account has it
    NotificationKind.EMAIL_CHANGE: (tokens.CHANGE_EMAIL, "/account/e-mailadres/bevestigen/"),
}


def placeholder_path(kind: NotificationKind) -> str:
    """The link path to store: the real path, with the placeholder for its token."""
    return SECRET_LINKS[kind][1] + TOKEN_PLACEHOLDER


def valid_hours(kind: NotificationKind) -> int:
    return int(tokens.MAX_AGE[SECRET_LINKS[kind][0]].total_seconds() // 3600)


def confirm_fingerprint(user: User) -> str:
    """What a confirmation link depends on: the address it confirms."""
    return tokens.account_fingerprint("confirm", user.id, user.email)


def email_change_fingerprint(user: User) -> str:
    """What an address-change link depends on. ``email_confirmed_at`` is set anew at every
    change, so a used link does not work again after the address went A -> B -> A."""
    confirmed = user.email_confirmed_at.isoformat() if user.email_confirmed_at else ""
    return tokens.account_fingerprint(
        "change-email", user.id, user.email, user.pending_email, user.password_hash, confirmed
    )


def mint_token(session: Session, kind: str, recipient_id: int, to_email: str) -> str:
    """A fresh token for the mail of ``kind`` to ``to_email``. Raises LinkNotNeeded."""
    user = session.get(User, recipient_id)
    if user is None or user.is_blocked:
        raise LinkNotNeeded
    if kind == NotificationKind.EMAIL_CHANGE:
        # Only for the address the person asked for last (kept on the account, not in the
        # link); once the address changed, or a newer change was asked, it stops working.
        if user.pending_email != to_email or user.email == to_email:
            raise LinkNotNeeded
        return tokens.make_token(
            tokens.CHANGE_EMAIL, {"user_id": user.id, "fp": email_change_fingerprint(user)}
        )
    if user.email != to_email:
        raise LinkNotNeeded
    if kind == NotificationKind.CONFIRM_EMAIL:
        if user.is_email_confirmed:
            raise LinkNotNeeded
        return tokens.make_token(
            tokens.CONFIRM_EMAIL, {"user_id": user.id, "em": confirm_fingerprint(user)}
        )
    if kind == NotificationKind.RESET_PASSWORD:
        return tokens.make_token(
            tokens.RESET_PASSWORD,
            {"user_id": user.id, "pw": tokens.password_fingerprint(user.password_hash)},
        )
    raise ValueError(f"no secret link for {kind}")


def fill_secret_link(
    session: Session, kind: str, recipient_id: int, to_email: str, text: str
) -> str:
    """``text`` with its placeholder replaced by a fresh token; other text as it is.

    Needs an app context (the token is signed with SECRET_KEY). Raises LinkNotNeeded.
    """
    if kind not in SECRET_LINKS or TOKEN_PLACEHOLDER not in text:
        return text
    return text.replace(TOKEN_PLACEHOLDER, mint_token(session, kind, recipient_id, to_email))
