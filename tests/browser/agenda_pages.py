"""The wijkagenda's staff page for the accessibility sweep: the agenda for a client of
Welzijn Noord (the coordinator is ``staff``), with the organisation's coffee morning on it.
Made the first time a page asks for it, then reused."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.intake.models import Client
from tests.browser.conftest import World


def _client(world: World) -> dict[str, Any]:
    from tests.browser.pages import _activity

    _activity(world)
    found = db.session.scalar(
        select(Client).where(Client.organisation_id == world.organisation.id).order_by(Client.id)
    )
    if found is None:
        found = Client(
            organisation_id=world.organisation.id,
            name="Mevrouw B.",
            postcode="3011AB",
            neighbourhood="Stadsdriehoek",
            created_by_id=world.users["staff"].id,
        )
        db.session.add(found)
        db.session.commit()
    return {"organisation_id": world.organisation.id, "client_id": found.id}


def agenda_pages(page_type: Any) -> list[Any]:
    return [page_type("agenda-for-client", "agenda.for_client", ("staff",), _client)]
