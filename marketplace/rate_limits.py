"""Limits on everyday actions that send mail or make work for other people.

Responding, sending messages, submitting postings, reporting, registering and inviting
each have a limit per person: per logged-in account, else per address (IP). The counters
live in Flask-Limiter's storage (``RATELIMIT_STORAGE_URI``: Redis in production, so all
processes share them) and follow ``RATELIMIT_ENABLED``.

A view asks ``over_limit(action)`` only once its form is valid, so a form with a typing
mistake costs nothing. When the answer is a message, the view shows the form again with
status 429, the message at the field, and everything the person typed still in it.
"""

from __future__ import annotations

import math
import time

from flask import current_app
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user
from limits import parse_many

from marketplace.extensions import limiter

# What one person may do; generous for real use, small for a script or a runaway hand.
ACTION_LIMITS = {
    "respond": "10 per hour;40 per day",
    "message": "30 per 10 minutes;300 per day",
    "posting": "10 per hour;30 per day",
    "report": "10 per hour;30 per day",
    "register": "5 per hour;20 per day",
    "invitation": "20 per hour;100 per day",
    "signal": "5 per hour;10 per day",  # a worry about a neighbour, from a guest
}


def actor_key() -> str:
    """Who is acting: the logged-in account, else the address the request came from."""
    if current_user.is_authenticated:
        return f"user:{current_user.get_id()}"
    return f"ip:{get_remote_address()}"


def wait_minutes(action: str) -> int | None:
    """Count one ``action`` for the current person.

    Returns None when it is allowed (and counted), else how many minutes to wait before it
    is allowed again (it is then not counted).
    """
    if not limiter.enabled:
        return None
    strategy = limiter.limiter
    key = actor_key()
    items = parse_many(ACTION_LIMITS[action])
    full = [item for item in items if not strategy.test(item, "action", action, key)]
    if full:
        reset_at = max(strategy.get_window_stats(item, "action", action, key)[0] for item in full)
        return max(1, math.ceil((reset_at - time.time()) / 60))
    for item in items:
        strategy.hit(item, "action", action, key)
    return None


def over_limit(action: str) -> str | None:
    """Count one ``action``; None when allowed, else what to tell the person (B1 Dutch)."""
    minutes = wait_minutes(action)
    if minutes is None:
        return None
    return too_many_message(minutes)


def too_many_message(minutes: int) -> str:
    if minutes >= 120:
        return _(
            "U heeft dit vandaag al heel vaak gedaan. Probeer het morgen opnieuw. Uw tekst "
            "staat er nog: bewaar die als u wilt. Is het dringend? Bel ons: %(phone)s.",
            phone=current_app.config["HELP_PHONE"],
        )
    return _(
        "U heeft dit in korte tijd heel vaak gedaan. Wacht %(minutes)s minuten en klik dan "
        "opnieuw op de knop. Uw tekst staat er nog.",
        minutes=minutes,
    )
