"""How the kaart plugs into the rest: the request's last step shows services for problems
beyond neighbourly help (the ``posting.help_elsewhere`` slot, no import of the steps)."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template

from marketplace import slots
from marketplace.extensions import db
from marketplace.sociale_kaart.help_elsewhere import problem_codes, services_for


def init_app(app: Flask) -> None:
    slots.register(app, "posting.help_elsewhere", help_elsewhere)


def help_elsewhere(*, posting: Any = None, **_: Any) -> str | None:
    if posting is None or getattr(posting, "kind", None) != "request":
        return None
    slug = posting.category.slug if posting.category is not None else ""
    text = f"{posting.title or ''} {posting.description or ''}"
    services = services_for(db.session, problem_codes(slug, text))
    if not services:
        return None
    return render_template("sociale_kaart/_help_elsewhere.html", services=services)
