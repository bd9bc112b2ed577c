"""The link in a client's invitation is made when the mail goes out, never stored.

``invite_client`` writes the mail to the outbox with a placeholder that names only the
invitation's id (``[uitnodiging-12]``). The notification worker replaces it with a freshly
signed token just before it hands the mail to the mail server (``fill_invite_link``), in
memory only, as it does for reset and confirmation links (accounts.mail_links). So the
notifications table, its backups and the sender's data export hold no working link.

The token carries the invitation's id and a digest of the address, never the address
itself: a token is signed, not encrypted, and anybody who sees the link can read it.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from sqlalchemy.orm import Session

from marketplace.accounts.tokens import make_token
from marketplace.intake.models import ClientInvite
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.secret_links import LinkNotNeeded
from marketplace.timestamps import utcnow

INVITE_PURPOSE = "client-invite"
INVITE_MAX_AGE = timedelta(days=30)

# Not characters a token uses, so a placeholder is never mistaken for (part of) one.
_PLACEHOLDER = re.compile(r"\[uitnodiging-(\d+)\]")


def invite_placeholder(invite_id: int) -> str:
    return f"[uitnodiging-{invite_id}]"


def email_digest(email: str) -> str:
    """A short digest of the address: the token can check it without holding it."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def invite_token(invite: ClientInvite) -> str:
    return make_token(INVITE_PURPOSE, {"invite": invite.id, "e": email_digest(invite.email)})


def fill_invite_link(session: Session, text: str) -> str:
    """``text`` with each invitation placeholder replaced by a fresh token.

    Raises LinkNotNeeded when the invitation was used, withdrawn or has expired.
    """

    def token_for(match: re.Match[str]) -> str:
        invite = session.get(ClientInvite, int(match.group(1)))
        if (
            invite is None
            or invite.accepted_at is not None
            or invite.created_at < utcnow() - INVITE_MAX_AGE
        ):
            raise LinkNotNeeded
        return invite_token(invite)

    return _PLACEHOLDER.sub(token_for, text)


def fill_client_invite_link(
    session: Session, kind: str, recipient_id: int, to_email: str, text: str
) -> str:
    """The filler intake registers in ``notifications.secret_links``."""
    return fill_invite_link(session, text) if kind == NotificationKind.CLIENT_INVITE else text
