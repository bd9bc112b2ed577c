"""Columns encrypted at rest: a copy of the database alone does not reveal them.

``mapped_column(EncryptedText())`` stores a Fernet token (AES-128-CBC with an HMAC, from the
``cryptography`` library) in a Text column; the model sees the plain string, ``None`` stays
``None``. The keys are the app's ``DATA_ENCRYPTION_KEYS`` (newest first): the first key
encrypts, every key decrypts, so a new key can be put in front before the old values are
moved to it with ``flask rotate-encryption-key`` (marketplace.key_rotation).

A token differs every time the same text is encrypted: an encrypted column cannot be
searched, compared (``==``), sorted or given a unique index. What must be found again (the
same address twice) gets a ``lookup_key`` column next to it: a keyed hash that says "the
same value" without saying which.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import Flask, current_app, has_app_context
from sqlalchemy import Dialect, Text
from sqlalchemy.types import TypeDecorator

from marketplace.config import ConfigError, encryption_keys

SETTING = "DATA_ENCRYPTION_KEYS"


class EncryptionKeyError(RuntimeError):
    """A stored value cannot be decrypted, or there is no key to encrypt with."""


@lru_cache(maxsize=8)
def _fernet_for(setting: str | tuple[str, ...]) -> MultiFernet:
    """The MultiFernet for one value of the setting (a comma-separated string or a list)."""
    value = setting if isinstance(setting, str) else ",".join(setting)
    return MultiFernet([Fernet(key) for key in encryption_keys(value)])


def _setting_key(value: Any) -> str | tuple[str, ...]:
    if isinstance(value, str):
        return value
    if isinstance(value, Sequence):
        return tuple(str(key) for key in value)
    raise ConfigError(f"{SETTING} must be a comma-separated string of Fernet keys.")


# Outside an app context (rare: tasks, commands and requests all have one) the keys of the
# app made by init_app are used; when apps with different keys exist in one process (tests),
# none is guessed.
_AMBIGUOUS = object()
_without_app: object | None = None


def init_app(app: Flask) -> None:
    """Check the app's keys now (a malformed one stops the start) and remember them."""
    global _without_app
    if not app.config.get(SETTING):
        raise ConfigError(f"{SETTING} is not set: the encrypted columns need a key.")
    setting = _setting_key(app.config[SETTING])
    _fernet_for(setting)  # raises ConfigError for a malformed key
    first_or_same = _without_app is None or _without_app == setting
    _without_app = setting if first_or_same else _AMBIGUOUS


def fernet() -> MultiFernet:
    """The keys of the current app: the first encrypts, all decrypt.

    Raises EncryptionKeyError outside an app context when several apps with different keys
    were made in this process (which one's keys to use cannot be told).
    """
    if has_app_context():
        return _fernet_for(_setting_key(current_app.config[SETTING]))
    if isinstance(_without_app, str | tuple):
        return _fernet_for(_without_app)
    raise EncryptionKeyError(
        f"No app context to take {SETTING} from: encrypted columns are read and written "
        "inside an app context (a request, a task, a command)."
    )


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Raises EncryptionKeyError, naming the setting and never the value, for a token none
    of the keys opens."""
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError):
        raise EncryptionKeyError(
            f"A stored value could not be decrypted with any key in {SETTING}. Was a key "
            "removed before `flask rotate-encryption-key` had moved every value to the "
            "newest key, or is the value not encrypted?"
        ) from None


def lookup_key(value: str) -> str:
    """A keyed hash (HMAC-SHA256 with the app's SECRET_KEY) of ``value`` with case, accents
    and white space folded: equal for "Hoofdstraat 12A" and "hoofdstraat  12 a", useless to
    whoever has the database without the key. Changing SECRET_KEY changes every lookup key."""
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    text = "".join(folded.lower().split())
    secret = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(secret, b"lookup:" + text.encode("utf-8"), hashlib.sha256).hexdigest()


class EncryptedText(TypeDecorator[str]):
    """A string stored as a Fernet token in a Text column (migrations declare sa.Text())."""

    impl = Text
    cache_ok = True

    @property
    def python_type(self) -> type[str]:
        return str

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else decrypt(value)
