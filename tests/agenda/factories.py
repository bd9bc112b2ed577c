"""Factories and helpers for agenda tests."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from marketplace.accounts.models import User
from marketplace.agenda.models import Activity
from marketplace.agenda.services import create_activity
from marketplace.extensions import db
from marketplace.timestamps import local_today
from tests.factories import MembershipFactory, OrganisationFactory

WIJK_POSTCODE = "3011 AB"  # Stadsdriehoek


def next_weekday(weekday: int, after: date | None = None) -> date:
    """The first ``weekday`` (0 Monday) after ``after`` (default: today)."""
    start = after or local_today()
    return start + timedelta(days=(weekday - start.weekday() - 1) % 7 + 1)


def activity_values(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "coffee",
        "title": "Koffieochtend",
        "description": "Samen koffie drinken en bijpraten.",
        "audience": "Iedereen uit de wijk",
        "place_name": "Buurthuis De Hoek",
        "street": "Hoogstraat 1",
        "postcode": WIJK_POSTCODE,
        "accessible": True,
        "accessibility_note": "Geen drempels",
        "dementia_friendly": True,
        "cost_cents": 0,
        "signup_required": True,
        "places": 12,
        "contact": "010 123 45 67",
        "starts_on": next_weekday(1),
        "start_time": time(10, 0),
        "end_time": time(11, 30),
        "ends_on": None,
        "repeat": "weekly",
        "exceptions": [],
    }
    values.update(changes)
    return values


def organiser() -> User:
    """Staff of an approved organisation."""
    return MembershipFactory(organisation=OrganisationFactory()).user


def make_activity(author: User | None = None, **changes: Any) -> Activity:
    """An approved weekly coffee morning (by an organisation's staff) unless ``author`` is a
    resident."""
    author = author or organiser()
    organisation_id = author.memberships[0].organisation_id if author.memberships else None
    activity = create_activity(db.session, author, activity_values(**changes), organisation_id)
    db.session.commit()
    return activity
