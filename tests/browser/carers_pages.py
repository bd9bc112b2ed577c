"""Acting for someone (marketplace.carers) for the accessibility sweep: the resident's
daughter-like carer is the world's volunteer, with the resident's consent (recorded on
paper) and one thing done for her, made the first time a page asks for it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from marketplace.accounts.delegations import (
    ConsentVia,
    DelegatedAction,
    Delegation,
    DelegationStatus,
)
from marketplace.extensions import db
from marketplace.timestamps import local_today, utcnow
from tests.browser.conftest import World


def carers_world(world: World) -> dict[str, Any]:
    if db.session.scalar(select(Delegation.id).limit(1)) is None:
        delegation = Delegation(
            carer_id=world.users["volunteer"].id,
            person_id=world.users["resident"].id,
            via=ConsentVia.PAPER,
            status=DelegationStatus.ACTIVE,
            may_post=True,
            may_respond=True,
            may_accept=True,
            ends_on=local_today() + timedelta(days=180),
            relation="buurman",
            confirmed_at=utcnow(),
        )
        db.session.add(DelegatedAction(delegation=delegation, kind="posted"))
        db.session.commit()
    return {}


def carers_pages(page_type: Any) -> list[Any]:
    return [
        page_type(
            "carers-overview",
            "carers.overview_page",
            ("resident", "volunteer"),
            carers_world,
            form=True,
        ),
        page_type("carers-helpdesk", "carers.helpdesk", ("moderator", "staff"), form=True),
    ]
