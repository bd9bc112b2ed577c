"""Asking for the password again before a change that could take over an account.

Changing the e-mail address, the password, the two-factor settings or the recovery codes,
or deleting the account needs the password typed in the last ten minutes (ASVS 6.x:
re-authentication before sensitive changes). Someone with two-factor log-in also types a
current code (or a recovery code) then. Logging in does NOT count: otherwise a copied
session cookie would be enough to renew the recovery codes and change the address.

The mark is kept on the server, on the row of the log-in session it was made in
(``UserSession.reauthenticated_at``): it ends with that session and never travels in the
cookie. Two ways to use it:

- ``@recent_login_required`` on a view: without a recent confirmation the person is sent to
  ``accounts.reauthenticate`` ("Bevestig uw wachtwoord") and comes back afterwards.
- ``confirm_password(user, password)`` for a form that asks for the password itself.

Account deletion (h4's part of the issue) reuses both.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import redirect, request, url_for
from flask_login import current_user, login_required

from marketplace.accounts import sessions, throttle, two_factor
from marketplace.accounts.login import current_token
from marketplace.accounts.models import User
from marketplace.accounts.passwords import verify_password
from marketplace.extensions import db
from marketplace.security_log import log_security_event
from marketplace.timestamps import utcnow

F = TypeVar("F", bound=Callable[..., Any])

REAUTH_WINDOW = timedelta(minutes=10)


def _current_row(user: User) -> sessions.UserSession | None:
    row = sessions.find_by_token(db.session, current_token())
    return row if row is not None and row.user_id == user.id else None


def mark_recently_authenticated(user: User) -> None:
    """The person typed their password (and code) just now, in this session. Flushes."""
    row = _current_row(user)
    if row is not None:
        row.reauthenticated_at = utcnow()
        db.session.flush()


def is_recently_authenticated(user: User) -> bool:
    row = _current_row(user)
    if row is None or row.reauthenticated_at is None:
        return False
    return timedelta(0) <= utcnow() - row.reauthenticated_at <= REAUTH_WINDOW


def is_locked(user: User) -> bool:
    return throttle.login_locked(user.email) or throttle.address_locked()


def confirm_password(user: User, password: str) -> bool:
    """True when ``password`` is the person's password. A wrong password is written to the
    security log and counts with those at log-in (``accounts.throttle``, per account and
    address), so a borrowed session cannot be used to guess it; while log-ins are locked,
    even the right one gives False. Does not mark the session (see ``confirm_identity``)."""
    if is_locked(user):
        log_security_event("reauth.failed", user_id=user.id, reason="locked")
        return False
    if verify_password(user.password_hash, password or ""):
        return True
    if throttle.count_login_failure(user.email):
        log_security_event("login.locked", user_id=user.id, minutes=15)
    log_security_event("reauth.failed", user_id=user.id, reason="wrong_password")
    return False


def needs_code(user: User) -> bool:
    return two_factor.is_enabled(db.session, user)


def confirm_identity(user: User, password: str, code: str | None) -> bool:
    """The confirm page: the password and, with two-factor log-in, a current code or a
    recovery code (``two_factor.check_code``, which counts wrong codes). When both are right
    the session counts as recently authenticated. Flushes.

    Raises two_factor.InvalidCode (also when the code is missing), two_factor.TooManyAttempts.
    """
    if not confirm_password(user, password):
        return False
    if needs_code(user):
        if not code:
            raise two_factor.InvalidCode
        two_factor.check_code(db.session, user, code)
    mark_recently_authenticated(user)
    log_security_event("reauth.succeeded", user_id=user.id)
    return True


def recent_login_required(view: F) -> F:
    """Logged in, and the password typed in the last ten minutes; else the confirm page,
    which comes back to this page (a GET) afterwards."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not is_recently_authenticated(current_user):
            back = request.full_path if request.method == "GET" else request.path
            return redirect(url_for("accounts.reauthenticate", next=back.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def second_factor_confirmation_required(view: F) -> F:
    """For a form that asks the password itself (account deletion): someone with two-factor
    log-in must also have confirmed with a code in the last ten minutes (the confirm page,
    which comes back here). Others go straight on: the form's password is their check."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        user = current_user._get_current_object()
        if needs_code(user) and not is_recently_authenticated(user):
            back = request.full_path if request.method == "GET" else request.path
            return redirect(url_for("accounts.reauthenticate", next=back.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]
