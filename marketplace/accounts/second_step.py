"""Between the password and the session: the second step of a log-in with two factors.

After a right password, someone with two-factor log-in gets no session yet. The browser
only remembers (in the signed Flask session) who is half-way, for five minutes; the code
page (``accounts.login_code``) finishes the log-in. Everyone else is logged in at once.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from flask import redirect, session, url_for
from werkzeug.wrappers import Response

from marketplace.accounts import two_factor
from marketplace.accounts.login import log_in_user
from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.safe_redirect import safe_next_url

PENDING_KEY = "second_step"
PENDING_FOR = timedelta(minutes=5)


def finish_password_step(user: User, *, remember: bool, next_url: str | None) -> Response:
    """The password was right: ask for the code, or log in when there is no second factor.
    Commits."""
    if two_factor.is_enabled(db.session, user):
        session[PENDING_KEY] = {
            "user_id": user.id,
            "remember": remember,
            "next": (next_url or "")[:500],
            "at": int(time.time()),
        }
        db.session.commit()
        return redirect(url_for("accounts.login_code"))
    complete_log_in(user, remember=remember)
    db.session.commit()
    return redirect(safe_next_url(next_url))


def complete_log_in(user: User, *, remember: bool) -> None:
    """Start the session (every check has passed). Flushes; the caller commits.

    Logging in does not count as a recent password confirmation (accounts.reauth): a copied
    session cookie must not be enough to change the address or the recovery codes."""
    session.pop(PENDING_KEY, None)
    log_in_user(user, remember=remember)


def pending_log_in() -> tuple[User, dict[str, Any]] | None:
    """Who is half-way through logging in in this browser, or None (also after 5 minutes,
    or when the account was blocked meanwhile)."""
    state = session.get(PENDING_KEY)
    if not isinstance(state, dict):
        return None
    at, user_id = state.get("at"), state.get("user_id")
    if not isinstance(at, int) or not isinstance(user_id, int):
        return None
    if not 0 <= time.time() - at <= PENDING_FOR.total_seconds():
        forget_pending()
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active:
        forget_pending()
        return None
    return user, state


def forget_pending() -> None:
    session.pop(PENDING_KEY, None)
