"""How the agenda plugs into the rest: the municipality's dashboard shows its figures per
wijk through the ``dashboard.sections`` slot (no import of the dashboard); a client's page
in intake links its staff to signing the client up (``intake.client``); after "Ga je mee?"
the follow-up page asks "Was het leuk? Nog eens?" with the next date (``followup.answered``)."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template

from marketplace import slots
from marketplace.agenda.companions import next_time_after
from marketplace.agenda.figures import kept_figures_per_wijk
from marketplace.extensions import db
from marketplace.templating import kept_public_part


def init_app(app: Flask) -> None:
    slots.register(app, "dashboard.sections", agenda_figures)
    slots.register(app, "intake.client", client_link)
    slots.register(app, "followup.answered", company_again)


def agenda_figures(*, viewer: Any = None, **_: Any) -> str | None:
    if viewer is None or not viewer.is_authenticated or not viewer.has_role("municipality"):
        return None
    return kept_public_part(
        "agenda/_dashboard.html", lambda: {"rows": kept_figures_per_wijk(db.session)}
    )


def client_link(*, client: Any, organisation: Any, viewer: Any = None, **_: Any) -> str | None:
    """On a client's page (intake checked the viewer is the organisation's staff)."""
    if viewer is None or not viewer.is_authenticated:
        return None
    return render_template("agenda/_client_link.html", client=client, organisation=organisation)


def company_again(*, posting_id: int, answer: str | None, **_: Any) -> str | None:
    """On the follow-up page of a "Ga je mee?" request that went well: the next date."""
    if answer != "yes":
        return None
    item = next_time_after(db.session, posting_id)
    if item is None:
        return None
    return render_template("agenda/_company_again.html", item=item)
