"""How home visits plug into the rest: the municipality dashboard shows the rounds'
progress per wijk (slot ``dashboard.sections``), small numbers hidden."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_login import current_user

from marketplace import slots
from marketplace.accounts.models import Role, User
from marketplace.extensions import db
from marketplace.home_visits.forms import WISH_LABELS
from marketplace.home_visits.progress import MIN_GROUP, municipality_progress
from marketplace.home_visits.visits import has_open_visits
from marketplace.templating import kept_public_part


def init_app(app: Flask) -> None:
    slots.register(app, "dashboard.sections", home_visit_progress)
    app.context_processor(_menu_context)


def _menu_context() -> dict[str, Any]:
    """``has_home_visits``: the menu links a visitor to her round while she has open visits
    (one indexed lookup, only for people who are logged in)."""
    if not getattr(current_user, "is_authenticated", False):
        return {"has_home_visits": False}
    return {"has_home_visits": has_open_visits(db.session, current_user)}


def home_visit_progress(*, viewer: User, **_: Any) -> str | None:
    if not (viewer.has_role(Role.MUNICIPALITY) or viewer.has_role(Role.ADMIN)):
        return None
    return kept_public_part(
        "home_visits/_dashboard.html",
        lambda: {
            "progress": municipality_progress(db.session),
            "wish_labels": WISH_LABELS,
            "min_group": MIN_GROUP,
            "hidden_mark": "<5",
        },
    )
