"""Factories and helpers for signal tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.signals.models import Signal, SignalArea, SignalHandler
from marketplace.signals.submitting import SignalData, submit_signal
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

WIJK_POSTCODE = "3011 AB"  # Stadsdriehoek


def signal_data(**changes: Any) -> SignalData:
    values: dict[str, Any] = {
        "street": "Hoogstraat",
        "house_number": "12",
        "postcode": WIJK_POSTCODE,
        "noticed": ["curtains", "post"],
        "noticed_text": "De gordijnen zijn al een week dicht.",
        "since": "weeks",
        "reporter_did": ["rang_bell"],
    }
    values.update(changes)
    return SignalData(**values)


@dataclass
class Handling:
    organisation: Organisation
    coordinator: User
    handler: User

    @property
    def id(self) -> int:
        return self.organisation.id


def handling_organisation(wijk: str = "Stadsdriehoek", **fields: Any) -> Handling:
    """An approved organisation that handles signals for ``wijk``, with a coordinator and
    one member of staff with the "signalen" role."""
    organisation = OrganisationFactory(**fields)
    coordinator = MembershipFactory(organisation=organisation, role="coordinator").user
    handler = MembershipFactory(organisation=organisation).user
    db.session.add(SignalArea(organisation_id=organisation.id, wijk=wijk))
    db.session.add(SignalHandler(organisation_id=organisation.id, user_id=handler.id))
    db.session.commit()
    return Handling(organisation, coordinator, handler)


def make_signal(reporter: User | None = None, **changes: Any) -> Signal:
    signal = submit_signal(db.session, signal_data(**changes), reporter=reporter)
    db.session.commit()
    return signal


__all__ = ["Handling", "UserFactory", "handling_organisation", "make_signal", "signal_data"]
