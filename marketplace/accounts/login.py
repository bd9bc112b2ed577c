"""How Flask-Login finds the person behind a session cookie."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.accounts.models import User
from marketplace.extensions import db, login_manager

login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Log eerst in. Daarna gaat u verder waar u was.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The session id carries a fingerprint of the password hash (see ``User.get_id``), so a
    password change or reset ends every other session; a blocked user is logged out at once."""
    user_id, _, fingerprint = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.is_blocked or fingerprint != user.session_fingerprint:
        return None
    return user
