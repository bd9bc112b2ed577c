"""The private status link of a reporter without an account.

The signal keeps a random ``status_key``; the link is that key followed by a keyed digest
of it (HMAC with SECRET_KEY). So the link cannot be guessed, and a copy of the database
alone does not give a working link. The link shows the status only, never details.

Mailed to a reporter who gave an e-mail address, the link is written to the outbox as a
placeholder naming the signal (``[zorgstatus-12]``) and made as the mail goes out
(``fill_status_link``, registered in ``notifications.secret_links``), as intake does for
its invitations: the notifications table holds no working link.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.notifications.models import NotificationKind
from marketplace.notifications.secret_links import LinkNotNeeded
from marketplace.notifications.services import page_path
from marketplace.signals.models import Signal

KEY_LENGTH = 22  # secrets.token_urlsafe(16)
DIGEST_LENGTH = 22


def new_status_key() -> str:
    return secrets.token_urlsafe(16)


def _digest(key: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"signal-status:{key}".encode(), hashlib.sha256).hexdigest()[
        :DIGEST_LENGTH
    ]


def status_token(signal: Signal) -> str | None:
    if signal.status_key is None:
        return None
    return signal.status_key + _digest(signal.status_key)


def signal_for_token(session: Session, token: str) -> Signal | None:
    """The signal the link belongs to, or None for a wrong or changed link."""
    key, digest = token[:KEY_LENGTH], token[KEY_LENGTH:]
    if len(key) != KEY_LENGTH or not hmac.compare_digest(digest, _digest(key)):
        return None
    return session.scalar(select(Signal).where(Signal.status_key == key))


# Not characters a token uses, so a placeholder is never mistaken for (part of) one.
_PLACEHOLDER = re.compile(r"\[zorgstatus-(\d+)\]")


def status_placeholder(signal: Signal) -> str:
    return f"[zorgstatus-{signal.id}]"


def status_link_path(signal: Signal) -> str:
    """The link's path with the placeholder in it (url_for would escape its brackets)."""
    return page_path("signals.status", token="-").removesuffix("-") + status_placeholder(signal)


def fill_status_link(
    session: Session, kind: str, recipient_id: int, to_email: str, text: str
) -> str:
    """The filler signals registers in ``notifications.secret_links``. Raises LinkNotNeeded
    when the signal or its link is gone (erased after its retention period)."""
    if kind not in (NotificationKind.SIGNAL_STATUS_LINK, NotificationKind.SIGNAL_VISITED):
        return text

    def token_for(match: re.Match[str]) -> str:
        signal = session.get(Signal, int(match.group(1)))
        token = status_token(signal) if signal is not None else None
        if token is None:
            raise LinkNotNeeded
        return token

    return _PLACEHOLDER.sub(token_for, text)
