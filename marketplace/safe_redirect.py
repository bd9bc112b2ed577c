"""Redirect targets from a form or query string must stay on this site.

``next=`` is accepted only when it is, byte for byte as it will be sent in ``Location``, a
plain path of this site: one leading slash, no scheme or host, no backslash, no control or
space characters, no empty or dot segments (``//``, ``/./``, ``/../``), also not after
percent-decoding (``/%2F/evil``), and a path the URL map answers for a GET. Anything else
goes to the default page. Browsers repair odd URLs generously (``/\\evil``, ``/\\t/evil`` and
``/.//evil`` can all end up on another host), so we refuse rather than repair.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

from flask import current_app, session, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect
from werkzeug.urls import iri_to_uri

MAX_LENGTH = 2000
# Unicode categories that are never part of a path we make: controls, format characters
# (e.g. right-to-left override), and every kind of space or line separator.
REFUSED_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def _has_refused_characters(text: str) -> bool:
    return "\\" in text or any(unicodedata.category(c) in REFUSED_CATEGORIES for c in text)


def _fully_unquoted(text: str) -> str:
    """Percent-decode until nothing changes (``%252F`` is ``%2F`` is ``/``)."""
    for _ in range(5):
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    return text


def _is_plain_path(path: str) -> bool:
    segments = path.split("/")[1:]
    return (
        path.startswith("/")
        and all(s not in {"", ".", ".."} for s in segments[:-1])
        and (segments[-1] not in {".", ".."})
    )


def _is_route_of_this_site(path: str) -> bool:
    adapter = current_app.url_map.bind("localhost")
    try:
        adapter.match(path, method="GET")
    except RequestRedirect:
        return True  # e.g. a missing trailing slash: our own redirect, on our own site
    except HTTPException:
        return False
    return True


def is_local_path(target: str) -> bool:
    """Whether ``target`` is a path on this site that is safe to send in ``Location``."""
    if not target or len(target) > MAX_LENGTH or not target.isascii():
        return False
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return False
    decoded_path = _fully_unquoted(parts.path)
    if _has_refused_characters(target) or _has_refused_characters(decoded_path):
        return False
    if not _is_plain_path(parts.path) or not _is_plain_path(decoded_path):
        return False
    return _is_route_of_this_site(decoded_path)


def safe_next_url(target: str | None, default_endpoint: str = "pages.home") -> str:
    """``target`` when it is a path of this site (see the module docstring), else the
    default page. Non-ASCII text is percent-encoded first, as it would be on the wire."""
    if target:
        candidate = target if target.isascii() else iri_to_uri(target)
        if is_local_path(candidate):
            return candidate
    return url_for(default_endpoint)


# Where someone was going before she made an account -----------------------------------
#
# A guest who asks for help, chooses to help or answers a posting makes an account on the
# way, and confirms her address from the mail. The goal waits in her (server-signed)
# session, only ever as a checked path of this site, so that after confirming she lands
# where she was going instead of on the home page.

ASK = "vragen"  # asking for help: the request steps
HELP = "helpen"  # volunteering: the postings that fit her
RESPOND = "reageren"  # "Ik help!" on one posting: its response form
PURPOSES = (ASK, HELP, RESPOND)
_GOAL_KEY = "goal"


def remember_goal(purpose: str | None, target: str | None) -> None:
    """Keep ``target`` (a path of this site, else nothing is kept) for after confirming."""
    if purpose not in PURPOSES or not target:
        return
    candidate = target if target.isascii() else iri_to_uri(target)
    if is_local_path(candidate):
        session[_GOAL_KEY] = {"purpose": purpose, "path": candidate}


def goal_purpose() -> str | None:
    """Why this person made an account (``ASK``, ``HELP``, ``RESPOND``), or None."""
    goal = session.get(_GOAL_KEY)
    return goal.get("purpose") if isinstance(goal, dict) else None


def goal_path() -> str | None:
    """Where she was going, still kept (checked again: the session outlives URL maps)."""
    goal = session.get(_GOAL_KEY)
    path = goal.get("path") if isinstance(goal, dict) else None
    return path if isinstance(path, str) and is_local_path(path) else None


def take_goal(default_endpoint: str = "pages.home") -> str:
    """The kept goal, forgotten from now on; the default page when there is none."""
    path = goal_path()
    session.pop(_GOAL_KEY, None)
    return path or url_for(default_endpoint)
