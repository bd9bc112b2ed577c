"""How escalation plugs into the dashboard (``marketplace.slots``): those who may open the
list of unanswered requests get a link to it next to the count (``dashboard.unanswered``)."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template

from marketplace import slots
from marketplace.accounts.models import User
from marketplace.escalation.services import may_see_unanswered
from marketplace.extensions import db


def init_app(app: Flask) -> None:
    slots.register(app, "dashboard.unanswered", unanswered_link)


def unanswered_link(*, viewer: User, **_: Any) -> str | None:
    if not may_see_unanswered(db.session, viewer):
        return None
    return render_template("escalation/_dashboard_link.html")
