"""How the kaart plugs into the rest: the request's last step shows services for problems
beyond neighbourly help (the ``posting.help_elsewhere`` slot, no import of the steps); the
welfare worker handling a request, a concern signal or a home visit gets a link to refer the
person to a service (``posting.staff``, ``signal.client``, ``home_visit.staff``; see
``subjects.py``)."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template, request

from marketplace import slots
from marketplace.accounts.models import is_any_staff
from marketplace.extensions import db
from marketplace.permissions import manages, staff_of
from marketplace.sociale_kaart.help_elsewhere import problem_codes, services_for
from marketplace.sociale_kaart.models import ReferralSubject
from marketplace.sociale_kaart.subjects import token_for


def init_app(app: Flask) -> None:
    slots.register(app, "posting.help_elsewhere", help_elsewhere)
    slots.register(app, "posting.staff", refer_from_posting)
    slots.register(app, "signal.client", refer_from_signal)
    slots.register(app, "home_visit.staff", refer_from_visit)


def _refer_link(kind: ReferralSubject, subject_id: int, viewer: Any) -> str | None:
    token = token_for(kind, subject_id, viewer, request.path)
    if token is None:
        return None
    return render_template("sociale_kaart/_refer_from.html", token=token, kind=kind.value)


def refer_from_posting(*, posting: Any, viewer: Any = None, **_: Any) -> str | None:
    """On a request, for the organisation staff handling it."""
    if viewer is None or getattr(posting, "kind", None) != "request":
        return None
    if not getattr(viewer, "is_authenticated", False) or not is_any_staff(viewer):
        return None
    if not manages(db.session, viewer, posting):
        return None
    return _refer_link(ReferralSubject.POSTING, posting.id, viewer)


def refer_from_signal(
    *, signal: Any, organisation_ids: list[int], viewer: Any = None, **_: Any
) -> str | None:
    """On a concern signal, for its handlers (staff of an organisation it went to)."""
    if not any(staff_of(db.session, viewer, oid) for oid in organisation_ids):
        return None
    return _refer_link(ReferralSubject.SIGNAL, signal.id, viewer)


def refer_from_visit(*, visit: Any, viewer: Any = None, **_: Any) -> str | None:
    """On a home visit, for the organisation's staff (not the volunteer visiting)."""
    if not staff_of(db.session, viewer, getattr(visit, "organisation_id", None)):
        return None
    return _refer_link(ReferralSubject.HOME_VISIT, visit.id, viewer)


def help_elsewhere(*, posting: Any = None, **_: Any) -> str | None:
    if posting is None or getattr(posting, "kind", None) != "request":
        return None
    slug = posting.category.slug if posting.category is not None else ""
    text = f"{posting.title or ''} {posting.description or ''}"
    services = services_for(db.session, problem_codes(slug, text))
    if not services:
        return None
    return render_template("sociale_kaart/_help_elsewhere.html", services=services)
