"""Lasting contact (marketplace.lasting_contact) for the accessibility sweep: the world's
accepted conversation becomes a weekly walk on Wednesdays at 10:00, with an open
"Gaat het goed?" for both, made the first time a page asks for it."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.lasting_contact.models import CheckIn, LastingContact
from marketplace.timestamps import utcnow
from tests.browser.conftest import World


def _contact(world: World) -> dict[str, Any]:
    found = db.session.scalar(select(LastingContact).order_by(LastingContact.id))
    if found is None:
        found = LastingContact(
            posting_id=world.request.id,
            response_id=world.conversation.id,
            volunteer_id=world.users["volunteer"].id,
            neighbourhood="Stadsdriehoek",
            weekday=2,
            at_time=time(10),
            started_at=utcnow() - timedelta(days=8),
        )
        for role in ("resident", "volunteer"):
            found.check_ins.append(CheckIn(week=1, user_id=world.users[role].id))
        db.session.add(found)
        db.session.commit()
    return {"contact_id": found.id}


def lasting_contact_pages(page_type: Any) -> list[Any]:
    return [
        page_type(
            "lasting-contact",
            "lasting_contact.detail",
            ("resident", "volunteer"),
            _contact,
            form=True,
        ),
    ]
