"""How home visits plug into the rest: the municipality dashboard shows the rounds'
progress per wijk (slot ``dashboard.sections``), small numbers hidden."""

from __future__ import annotations

from typing import Any

from flask import Flask

from marketplace import menu_figures, slots
from marketplace.accounts.models import Role, User
from marketplace.extensions import db
from marketplace.home_visits.forms import WISH_LABELS
from marketplace.home_visits.progress import MIN_GROUP, municipality_progress
from marketplace.home_visits.visits import an_open_visit
from marketplace.templating import kept_public_part


def init_app(app: Flask) -> None:
    slots.register(app, "dashboard.sections", home_visit_progress)
    # The menu links a visitor to her round while she has open visits.
    menu_figures.register(app, "has_home_visits", False, an_open_visit)


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
