"""Demo of acting for someone: Anna de Vries arranges help for Gerda Visser (her mother in
this story), with consent the helpdesk recorded on paper, and has asked for a weekly walk
for her; Kees Smit has asked Joop van Dijk for consent, which Joop has not given yet."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from marketplace.accounts.delegations import (
    ConsentVia,
    DelegatedAction,
    DelegatedActionKind,
    Delegation,
    DelegationStatus,
)
from marketplace.accounts.models import User
from marketplace.categories import Category
from marketplace.geo import lookup_postcode
from marketplace.postings.models import Posting, PostingKind, PostingStatus, Timing


def _resident(residents: list[User], name: str) -> User:
    return next(r for r in residents if r.profile is not None and r.profile.display_name == name)


def load_carers_demo(
    session: Session,
    residents: list[User],
    helpdesk: User,
    company: Category,
    today: date,
    now: datetime,
) -> Posting:
    """Returns the published request, for the demo to have matching look at it."""
    daughter = _resident(residents, "Anna de Vries")
    mother = _resident(residents, "Gerda Visser")
    consent = Delegation(
        carer=daughter,
        person=mother,
        via=ConsentVia.PAPER,
        status=DelegationStatus.ACTIVE,
        may_post=True,
        may_respond=True,
        may_accept=True,
        ends_on=today + timedelta(days=365),
        relation="dochter",
        recorded_by_id=helpdesk.id,
        created_at=now - timedelta(days=10),
        confirmed_at=now - timedelta(days=10),
    )
    place = lookup_postcode((mother.profile.postcode if mother.profile else None) or "3061")
    walk = Posting(
        kind=PostingKind.REQUEST,
        status=PostingStatus.PUBLISHED,
        category=company,
        title="Wie wandelt elke week met mijn moeder?",
        description=(
            "Mijn moeder woont alleen en loopt graag een rondje in het park, met een praatje. "
            "Ik woon verder weg. Wie gaat één keer per week met haar mee?"
        ),
        author=daughter,
        for_person=mother,
        **place.columns(),
        timing=Timing.FLEXIBLE,
        ends_on=today + timedelta(days=30),
        created_at=now - timedelta(days=2),
        submitted_at=now - timedelta(days=2),
        published_at=now - timedelta(days=1),
    )
    session.add_all([consent, walk])
    session.flush()
    session.add(
        DelegatedAction(
            delegation=consent,
            kind=DelegatedActionKind.POSTED,
            posting_id=walk.id,
            created_at=now - timedelta(days=2),
        )
    )
    session.add(
        Delegation(
            carer=_resident(residents, "Kees Smit"),
            person=_resident(residents, "Joop van Dijk"),
            via=ConsentVia.ACCOUNT,
            status=DelegationStatus.REQUESTED,
            may_post=True,
            may_respond=True,
            ends_on=today + timedelta(days=180),
            relation="buurman",
            created_at=now - timedelta(days=1),
        )
    )
    session.flush()
    return walk
