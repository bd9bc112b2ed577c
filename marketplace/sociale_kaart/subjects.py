"""Referring from where a welfare worker handles someone: a request (posting), a concern
signal or a home visit.

Those pages belong to other features, which decide who handles what; the kaart does not
import them. Their page fills a slot (``hooks.py``) only after it let the worker in, and the
filler gives the worker a signed link that names the subject and the worker: the kaart's
referral pages accept it only from that worker, for a day. A request is core, so for it the
kaart checks again that the worker manages it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from marketplace.accounts.models import is_any_staff
from marketplace.permissions import manages
from marketplace.postings.models import Posting
from marketplace.safe_redirect import is_local_path
from marketplace.sociale_kaart.models import ReferralSubject

SALT = "sociale_kaart.referral_subject"
MAX_AGE = 24 * 3600  # seconds: the link is made each time the page is shown


@dataclass(frozen=True)
class Subject:
    kind: ReferralSubject
    id: int
    back: str  # the page the worker came from


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(kind: ReferralSubject, subject_id: int, worker: Any, back: str) -> str | None:
    """The signed link parameter for ``worker``; None for someone who may not refer."""
    if worker is None or not getattr(worker, "is_authenticated", False):
        return None
    if not is_any_staff(worker):
        return None
    return str(
        _serializer().dumps({"k": kind.value, "i": int(subject_id), "u": worker.id, "b": back})
    )


def read_token(session: Session, token: str | None, worker: Any) -> Subject | None:
    """The subject of ``token`` when it was made for ``worker`` and is still good."""
    if not token or len(token) > 1000:
        return None
    try:
        data = _serializer().loads(token, max_age=MAX_AGE)
        kind = ReferralSubject(data["k"])
        subject_id, worker_id, back = int(data["i"]), int(data["u"]), str(data["b"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    if worker_id != worker.id or not is_local_path(back):
        return None
    if kind == ReferralSubject.POSTING:
        posting = session.get(Posting, subject_id)
        if posting is None or not manages(session, worker, posting):
            return None
    return Subject(kind, subject_id, back)
