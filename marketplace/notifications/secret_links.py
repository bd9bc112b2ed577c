"""Links with a secret in them are filled in as a mail goes out, never stored.

Whoever writes such a mail (accounts: confirmation, password reset, e-mail change) stores a
placeholder and registers a filler here in its ``init_app``. Delivery calls every filler on
each outgoing body; a filler returns the text with its placeholder replaced (or unchanged
when the mail is not its kind), or raises LinkNotNeeded when the mail is better not sent.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app
from sqlalchemy.orm import Session

# filler(session, kind, recipient_id, to_email, text) -> text
Filler = Callable[[Session, str, int, str, str], str]

_KEY = "secret_link_fillers"


class LinkNotNeeded(Exception):
    """The mail's link would be wrong now; the mail is better not sent."""


def register(app: Flask, filler: Filler) -> None:
    fillers = app.extensions.setdefault(_KEY, [])
    if filler not in fillers:
        fillers.append(filler)


def fill(session: Session, kind: str, recipient_id: int, to_email: str, text: str) -> str:
    """``text`` with every registered secret link made. Needs an app context. Raises
    LinkNotNeeded."""
    for filler in current_app.extensions.get(_KEY, []):
        text = filler(session, kind, recipient_id, to_email, text)
    return text
