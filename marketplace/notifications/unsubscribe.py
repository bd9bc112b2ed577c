"""One-click unsubscribe (RFC 8058): a signed link per person that works without logging in.

The token names the person and the purpose; its signature (the app's SECRET_KEY, with a
salt of its own so no other token of ours can pass for it) is the whole authentication.
It does not expire: an unsubscribe link in a mail from last year must still work. The worst
a leaked link can do is switch that person's e-mail off, which they can undo in settings.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from itsdangerous import BadData, URLSafeSerializer

PURPOSE = "unsubscribe"


class InvalidUnsubscribeToken(Exception):
    """The link was changed, cut short or made with another key."""


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=f"buurthulp.{PURPOSE}")


@lru_cache(maxsize=4096)  # a burst to the same people signs each link once
def make_unsubscribe_token(secret_key: str, user_id: int) -> str:
    return _serializer(secret_key).dumps({"u": user_id, "p": PURPOSE})


def read_unsubscribe_token(secret_key: str, token: str) -> int:
    """The user id in ``token``. Raises InvalidUnsubscribeToken."""
    try:
        payload: Any = _serializer(secret_key).loads(token)
    except BadData as error:
        raise InvalidUnsubscribeToken from error
    if (
        not isinstance(payload, dict)
        or payload.get("p") != PURPOSE
        or not isinstance(payload.get("u"), int)
    ):
        raise InvalidUnsubscribeToken
    return int(payload["u"])


def unsubscribe_url(config: dict[str, Any], user_id: int) -> str:
    """Works in the worker too: built from BASE_URL, not from a request."""
    token = make_unsubscribe_token(config["SECRET_KEY"], user_id)
    return f"{config['BASE_URL']}/meldingen/afmelden/{token}"
