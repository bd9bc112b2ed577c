"""How Flask-Login finds the person behind a session cookie, and how views log in and out.

The cookie holds only the random token of a server-side session (``accounts.sessions``);
the loader looks the session up and refuses it when it ended, sat idle or grew too old.
Views log people in with ``log_in_user`` (after every check has passed, also a second
factor) and out with ``log_out_user``.
"""

from __future__ import annotations

from flask import request
from flask import session as flask_session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user

from marketplace.accounts import sessions
from marketplace.accounts.models import User
from marketplace.extensions import db, login_manager
from marketplace.security_log import log_security_event

login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Log eerst in. Daarna gaat u verder waar u was.")
login_manager.login_message_category = "info"
# The cookie carries the session's random token, not the user id (see User.session_token).
login_manager.id_attribute = "session_token"

# Flask session keys that belong to a log-in; everything else (a chosen language, where the
# person was going) survives logging in.
_LOGIN_KEYS = ("_user_id", "_fresh", "_id", "_remember", "_remember_seconds", "csrf_token")


def _attach(user: User, token: str) -> None:
    user.__dict__["_session_token"] = token


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """The user of a live session, or None. Commits the once-a-minute ``last_seen_at`` (and
    the removal of an expired session) when nothing else is pending in the request."""
    had_pending = bool(db.session.new or db.session.dirty or db.session.deleted)
    row, changed = sessions.find_session(db.session, token)
    if changed and not had_pending:
        db.session.commit()
    if row is None:
        return None
    user = row.user
    _attach(user, token)
    return user


# (marker in the User-Agent header, name shown), first match wins: Edge and Opera also say
# "Chrome", Chrome also says "Safari", Android also says "Linux".
_BROWSERS = (
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_PLATFORMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def browser_summary(agent: str | None) -> str | None:
    """A short name for the person's own session overview ("Firefox / Windows"), from the
    User-Agent header; None when it says nothing we know. Werkzeug no longer parses it."""
    agent = agent or ""
    browser = next((name for marker, name in _BROWSERS if marker in agent), "")
    platform = next((name for marker, name in _PLATFORMS if marker in agent), "")
    summary = " / ".join(part for part in (browser, platform) if part)
    return summary or None


def _browser_summary() -> str | None:
    return browser_summary(request.headers.get("User-Agent"))


def log_in_user(user: User, remember: bool = False) -> str:
    """Start a new log-in session for ``user`` in this browser; returns its token.

    The Flask session is cleared first (a new session id at every log-in; a session this
    browser had before ends), keeping only what is not about the log-in. Flushes; the view
    commits.
    """
    previous = flask_session.get("_user_id")
    kept = {key: value for key, value in flask_session.items() if key not in _LOGIN_KEYS}
    flask_session.clear()
    flask_session.update(kept)
    if isinstance(previous, str):
        sessions.end_session(db.session, previous)
    token = sessions.start_session(db.session, user, remember, _browser_summary())
    _attach(user, token)
    login_user(user, remember=remember and sessions.may_remember(user))
    log_security_event("login.succeeded", user_id=user.id, remember=remember)
    return token


def current_token() -> str | None:
    token = flask_session.get("_user_id")
    return token if isinstance(token, str) else None


def log_out_user() -> None:
    """End this browser's session on the server too, so a copy of the cookie stops working.
    Flushes; the view commits."""
    token = current_token()
    if token:
        sessions.end_session(db.session, token)
    logout_user()
