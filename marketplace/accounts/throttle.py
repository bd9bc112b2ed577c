"""Throttling per account for logging in, reset mails and confirmation mails.

The per-address (IP) limits are Flask-Limiter decorators on the views. They do not stop
someone who guesses one person's password from many addresses, so this module also counts
per account: the normalised e-mail address typed in the form, or the logged-in account.
The counters live in Flask-Limiter's storage (``RATELIMIT_STORAGE_URI``: Redis in
production), so every gunicorn process and every machine shares them, and they follow
``RATELIMIT_ENABLED``. Keys hold a digest of the address, never the address itself.

After ``LOGIN_FAILURES`` wrong passwords for one account, that account cannot log in at all
(not even with the right password) until the window has passed: the person is told to wait
15 minutes or ask for a new password, which still works.
"""

from __future__ import annotations

import hashlib

from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse, parse_many

from marketplace.extensions import limiter

# Wrong passwords for one account, from anywhere, before the account is locked a while.
LOGIN_FAILURES = parse("10 per 15 minutes")
# Wrong passwords from one address (IP), whatever account they were for.
LOGIN_FAILURES_PER_ADDRESS = parse("50 per hour")
# Reset mails for one address, and confirmation mails for one account.
RESET_MAILS = parse_many("3 per hour;10 per day")
CONFIRMATION_MAILS = parse_many("3 per hour;10 per day")


def _account(email: str) -> str:
    """A stable key for the address typed (whether or not it has an account)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def _address() -> str:
    return get_remote_address() or "unknown"


def _is_full(item: RateLimitItem, *identifiers: str) -> bool:
    if not limiter.enabled:
        return False
    return not limiter.limiter.test(item, *identifiers)


def login_locked(email: str) -> bool:
    """Whether log-ins for this address are refused for now (too many wrong passwords)."""
    return _is_full(LOGIN_FAILURES, "login-failures", _account(email))


def address_locked() -> bool:
    """Whether log-ins from this request's address (IP) are refused for now."""
    return _is_full(LOGIN_FAILURES_PER_ADDRESS, "login-failures-ip", _address())


def count_login_failure(email: str) -> bool:
    """Count one wrong password for the account and the address; True when this one locked
    the account."""
    if not limiter.enabled:
        return False
    limiter.limiter.hit(LOGIN_FAILURES_PER_ADDRESS, "login-failures-ip", _address())
    limiter.limiter.hit(LOGIN_FAILURES, "login-failures", _account(email))
    return login_locked(email)


def forget_login_failures(email: str) -> None:
    """A successful log-in starts the count for this account afresh."""
    if limiter.enabled:
        limiter.limiter.clear(LOGIN_FAILURES, "login-failures", _account(email))


def _take(items: list[RateLimitItem], *identifiers: str) -> bool:
    """Count one use when every limit still allows it; False (and nothing counted) when not."""
    if not limiter.enabled:
        return True
    if not all(limiter.limiter.test(item, *identifiers) for item in items):
        return False
    for item in items:
        limiter.limiter.hit(item, *identifiers)
    return True


def take_reset_mail(email: str) -> bool:
    """Count a reset request for this address; False when it has had enough for now."""
    return _take(RESET_MAILS, "reset-mails", _account(email))


def take_confirmation_mail(user_id: int) -> bool:
    """Count a confirmation mail for this account; False when it has had enough for now."""
    return _take(CONFIRMATION_MAILS, "confirmation-mails", str(user_id))
