"""Signed, expiring links for e-mail: confirm an address, reset a password, change the address.

Payloads hold only ids and digests, never an e-mail address (itsdangerous signs, it does not
encrypt, and links end up in URLs and logs).

Each purpose has its own salt, so a confirmation link can never be used as a reset link.
A reset token carries a fingerprint of the current password hash: once the password
changes the fingerprint no longer matches, which makes the link work only once.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

from marketplace.accounts.errors import ExpiredToken, InvalidToken

CONFIRM_EMAIL = "confirm-email"
RESET_PASSWORD = "reset-password"
CHANGE_EMAIL = "change-email"  # sent to a new address (accounts.email_change)

MAX_AGE = {
    CONFIRM_EMAIL: timedelta(days=7),
    RESET_PASSWORD: timedelta(hours=2),
    CHANGE_EMAIL: timedelta(hours=24),
}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"buurthulp.{purpose}")


def make_token(purpose: str, payload: dict[str, Any]) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: timedelta | None = None) -> dict[str, Any]:
    """The payload of a token made for ``purpose``.

    Raises ExpiredToken when it is older than ``max_age`` (default: the purpose's limit),
    InvalidToken when the signature, salt or payload is wrong.
    """
    age = max_age if max_age is not None else MAX_AGE[purpose]
    try:
        payload = _serializer(purpose).loads(token, max_age=int(age.total_seconds()))
    except SignatureExpired as error:
        raise ExpiredToken from error
    except BadData as error:  # a bad signature, or a payload that is not ours
        raise InvalidToken from error
    if not isinstance(payload, dict):
        raise InvalidToken
    return payload


def password_fingerprint(password_hash: str) -> str:
    """A short digest of the hash: readable tokens must not carry the hash itself."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def account_fingerprint(*parts: object) -> str:
    """A short keyed digest (HMAC with SECRET_KEY) of what a link depends on, e.g. the
    address: tokens are signed, not encrypted, and land in URLs and logs, so they carry
    this instead of an e-mail address. Keyed, so nobody can test a guessed address."""
    message = "\x1f".join("" if part is None else str(part) for part in parts)
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:24]


def token_digest(token: str) -> str:
    """A short, stable name for a token, used in idempotency keys."""
    return hashlib.sha256(token.encode()).hexdigest()[:16]
