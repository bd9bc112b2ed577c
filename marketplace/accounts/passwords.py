"""Password hashing with Argon2id (argon2-cffi's recommended defaults) and the length rule."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 10
# Long enough for any pass phrase; short enough that hashing stays cheap.
MAX_PASSWORD_LENGTH = 200

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def is_acceptable_password(password: str) -> bool:
    return MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH


@cache
def _dummy_hash() -> str:
    return hash_password("no account has this password")


def waste_time_like_verify(password: str) -> None:
    """Spend as long as a real check, so the answer time does not tell whether an account
    with that e-mail address exists."""
    verify_password(_dummy_hash(), password)
