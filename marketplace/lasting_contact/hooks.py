"""How lasting contact plugs into the rest: it starts when a response is accepted (the
``response_accepted`` event), a conversation links to it (``conversation.sections``), and
the municipality's dashboard and an organisation's own figures page show its figures
(``dashboard.sections``, ``organisation.figures``)."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template

from marketplace import events, slots
from marketplace.extensions import db
from marketplace.lasting_contact import figures
from marketplace.lasting_contact.services import contact_for_response, start_contact
from marketplace.templating import kept_public_part


def init_app(app: Flask) -> None:
    events.response_accepted.connect(start_when_accepted)
    slots.register(app, "conversation.sections", conversation_link)
    slots.register(app, "dashboard.sections", dashboard_figures)
    slots.register(app, "organisation.figures", organisation_figures)


def start_when_accepted(response: Any, *, session: Any, **_: Any) -> None:
    start_contact(session, response)


def conversation_link(*, response: Any = None, viewer: Any = None, **_: Any) -> str | None:
    if response is None:
        return None
    contact = contact_for_response(db.session, response.id)
    if contact is None:
        return None
    return render_template("lasting_contact/_conversation.html", contact=contact)


def dashboard_figures(*, viewer: Any = None, **_: Any) -> str | None:
    if viewer is None or not viewer.is_authenticated or not viewer.has_role("municipality"):
        return None
    return kept_public_part(
        "lasting_contact/_dashboard.html", lambda: {"rows": figures.figures_per_wijk(db.session)}
    )


def organisation_figures(*, organisation: Any, period: Any, **_: Any) -> str:
    """On the organisation's own figures page (shown only to its staff and admins)."""
    return render_template(
        "lasting_contact/_organisation_figures.html",
        rows=figures.organisation_figures(db.session, organisation.id, period),
    )
