"""A carer and the person she acts for, with consent recorded."""

from __future__ import annotations

from datetime import timedelta

from marketplace.accounts.delegations import ConsentVia, Delegation, DelegationStatus
from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.timestamps import local_today, utcnow
from tests.factories import person


def consent(
    carer: User,
    person_: User,
    *,
    scopes: tuple[str, ...] = ("post", "respond", "accept"),
    status: str = DelegationStatus.ACTIVE,
    days: int = 365,
) -> Delegation:
    delegation = Delegation(
        carer=carer,
        person=person_,
        via=ConsentVia.PAPER,
        status=status,
        may_post="post" in scopes,
        may_respond="respond" in scopes,
        may_accept="accept" in scopes,
        ends_on=local_today() + timedelta(days=days),
        confirmed_at=utcnow() if status == DelegationStatus.ACTIVE else None,
    )
    db.session.add(delegation)
    db.session.commit()
    return delegation


def daughter_and_mother(**kwargs: object) -> tuple[User, User, Delegation]:
    """Ingrid (3011, Stadsdriehoek) acts for Mevrouw de Vries, who lives in 3061."""
    ingrid = person(postcode="3011", display_name="Ingrid")
    mother = person(postcode="3061", display_name="Mevrouw de Vries")
    return ingrid, mother, consent(ingrid, mother, **kwargs)  # type: ignore[arg-type]
