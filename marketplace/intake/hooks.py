"""How intake plugs into the core's pages (``marketplace.slots``): on a posting made for a
client, the organisation's staff get the links to the client's record (``posting.staff``);
a conversation about such a posting shows the client block and its hand-over form
(``conversation.sections``); a concern signal shows its handlers the organisation's clients
at the signal's postcode (``signal.client``)."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template
from sqlalchemy import select

from marketplace import slots
from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.intake.invite_links import fill_client_invite_link
from marketplace.intake.models import Client
from marketplace.intake.views import hand_over_context
from marketplace.notifications import secret_links
from marketplace.permissions import staff_of
from marketplace.postings.models import Posting
from marketplace.responses.models import Response
from marketplace.security_log import log_security_event


def init_app(app: Flask) -> None:
    slots.register(app, "posting.staff", client_links)
    slots.register(app, "conversation.sections", hand_over_block)
    slots.register(app, "signal.client", clients_at_postcode)
    secret_links.register(app, fill_client_invite_link)


def client_links(*, posting: Posting, viewer: User | None, **_: Any) -> str | None:
    if posting.client_id is None or not staff_of(db.session, viewer, posting.organisation_id):
        return None
    return render_template("intake/_posting_staff_links.html", posting=posting)


def hand_over_block(*, response: Response, **_: Any) -> str | None:
    context = hand_over_context(response)
    if context["hand_over"] is None:
        return None
    return render_template("intake/_hand_over.html", response=response, **context)


def clients_at_postcode(
    *, signal: Any, organisation_ids: list[int], viewer: User | None, **_: Any
) -> str | None:
    """On a concern signal, for its handlers: the organisation's clients at the signal's
    postcode (a client record has no house number, so: "maybe already a client")."""
    mine = [oid for oid in organisation_ids if staff_of(db.session, viewer, oid)]
    if viewer is None or not mine:
        return None
    clients = list(
        db.session.scalars(
            select(Client)
            .where(Client.organisation_id.in_(mine), Client.postcode == signal.postcode)
            .order_by(Client.name, Client.id)
        )
    )
    log_security_event(
        "client.search",
        user_id=viewer.id,
        organisation_ids=mine,
        client_ids=[c.id for c in clients],
        signal_id=signal.id,
    )
    return render_template("intake/_signal_clients.html", clients=clients)
