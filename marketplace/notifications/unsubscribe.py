"""One-click unsubscribe (RFC 8058): a signed link per person that works without logging in.

The token names the person, the purpose, the kind of message it switches off (that kind
only: a digest's link stops digests, not messages) and the person's current
``unsubscribe_nonce``;
its signature (the app's SECRET_KEY, with a salt of its own so no other token of ours can
pass for it) is the whole authentication. So that a link found later (a forwarded mail, an
old mailbox, a log) cannot be used for ever, a link

- expires MAX_AGE after it was made: every mail gets a fresh one when it is sent (the
  worker makes it: see notifications.delivery; the notifications table holds only
  UNSUBSCRIBE_PLACEHOLDER), and
- works once: using it gives the person a new nonce, which ends every earlier link.

An old link shows a page that says so and lets the person log in to change their
settings. The worst a leaked live link can do is switch that person's e-mail off, which
they can undo in settings.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any, NamedTuple

from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

PURPOSE = "unsubscribe"
MAX_AGE = timedelta(days=60)
# Stored where the link goes; the worker puts in the real link as it sends the mail.
UNSUBSCRIBE_PLACEHOLDER = "[afmeldlink-bij-verzenden]"


class InvalidUnsubscribeToken(Exception):
    """The link was changed, cut short or made with another key."""


class ExpiredUnsubscribeToken(InvalidUnsubscribeToken):
    """A real link, but too old or already used (the person's nonce changed since)."""


class UnsubscribeClaim(NamedTuple):
    user_id: int
    nonce: str
    topic: str  # the kind of message (notifications.services.MailTopic); "" for all


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=f"buurthulp.{PURPOSE}.timed")


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


def make_unsubscribe_token(secret_key: str, user_id: int, nonce: str = "", topic: str = "") -> str:
    return _serializer(secret_key).dumps({"u": user_id, "n": nonce, "p": PURPOSE, "k": topic})


def read_unsubscribe_token(secret_key: str, token: str) -> UnsubscribeClaim:
    """Whose link it is and the nonce it was made with; the caller compares the nonce.

    Raises ExpiredUnsubscribeToken (older than MAX_AGE), InvalidUnsubscribeToken.
    """
    try:
        payload: Any = _serializer(secret_key).loads(token, max_age=int(MAX_AGE.total_seconds()))
    except SignatureExpired as error:
        raise ExpiredUnsubscribeToken from error
    except BadData as error:
        raise InvalidUnsubscribeToken from error
    if (
        not isinstance(payload, dict)
        or payload.get("p") != PURPOSE
        or not isinstance(payload.get("u"), int)
        or not isinstance(payload.get("n"), str)
        or not isinstance(payload.get("k", ""), str)
    ):
        raise InvalidUnsubscribeToken
    return UnsubscribeClaim(int(payload["u"]), payload["n"], payload.get("k", ""))


def unsubscribe_url(config: dict[str, Any], user_id: int, nonce: str = "", topic: str = "") -> str:
    """Works in the worker too: built from BASE_URL, not from a request. ``topic``: the
    kind of message the link switches off (empty: all notification mail)."""
    token = make_unsubscribe_token(config["SECRET_KEY"], user_id, nonce, topic)
    return f"{config['BASE_URL']}/meldingen/afmelden/{token}"
