"""How matchmaking plugs in: staff who may handle a request find the matchmaker's page
from the request (``posting.staff``) and from "Hulp gezocht" (``escalation.row``); staff of
the wijk hear when a request lands there (``events.posting_listed``); credentials tell
matching who may be offered a request and put it in words (``volunteer_candidates``)."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template

from marketplace import events, slots, volunteer_candidates
from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.matchmaking import credentials, figures
from marketplace.matchmaking.access import handling_organisation
from marketplace.matchmaking.wijk_alerts import on_posting_listed
from marketplace.postings.models import Posting


def init_app(app: Flask) -> None:
    slots.register(app, "posting.staff", matchmaker_link)
    slots.register(app, "escalation.row", matchmaker_link)
    slots.register(app, "organisation.figures", organisation_figures)
    events.posting_listed.connect(on_posting_listed)
    volunteer_candidates.register_requirement(app, credentials.holders)
    volunteer_candidates.register_reason_words(app, credentials.reason_words)


def matchmaker_link(*, posting: Posting, viewer: User | None = None, **_: Any) -> str | None:
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return None
    if handling_organisation(db.session, viewer, posting) is None:
        return None
    return render_template("matchmaking/_link.html", posting=posting)


def organisation_figures(*, organisation: Any, period: Any, **_: Any) -> str:
    """On the organisation's own figures page (shown only to its staff and admins)."""
    return render_template(
        "matchmaking/_organisation_figures.html",
        organisation=organisation,
        rows=figures.period_rows(db.session, organisation, period),
    )
