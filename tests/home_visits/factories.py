"""Rounds, addresses and visits for the home-visit tests."""

from __future__ import annotations

from datetime import date

from marketplace.accounts.memberships import Membership, Organisation
from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.home_visits.models import HomeVisit, VisitorQualification, VisitRound
from marketplace.home_visits.rounds import import_addresses
from tests.factories import MembershipFactory, OrganisationFactory, person

HEADER = "Naam;Voornaam;Adres;Postcode;Geboortejaar\n"


def address_csv(count: int = 3, postcode: str = "3011 AB", start: int = 1) -> bytes:
    rows = [f"Jansen;Marie;Kerkstraat {n};{postcode};1946\n" for n in range(start, start + count)]
    return (HEADER + "".join(rows)).encode()


def coordinator(organisation: Organisation | None = None, postcode: str = "3011") -> User:
    user = person(postcode=postcode)
    MembershipFactory(
        organisation=organisation or OrganisationFactory(phone="010 123 4567"),
        user=user,
        role="coordinator",
    )
    return user


def organisation_of(user: User) -> Organisation:
    membership = db.session.query(Membership).filter_by(user_id=user.id).one()
    return membership.organisation


def visit_round(
    organisation: Organisation, addresses: int = 0, wijk: str = "Centrum"
) -> VisitRound:
    created = VisitRound(organisation_id=organisation.id, wijk=wijk, name="75+ " + wijk, year=2027)
    db.session.add(created)
    db.session.flush()
    if addresses:
        import_addresses(db.session, created, address_csv(addresses))
    db.session.commit()
    return created


def trained_volunteer(
    organisation: Organisation, postcode: str = "3011", expires: date = date(2099, 1, 1), **profile
) -> User:
    user = person(postcode=postcode, volunteer=True, **profile)
    db.session.add(
        VisitorQualification(
            organisation_id=organisation.id,
            user_id=user.id,
            vog_on=date(2026, 1, 5),
            trained_on=date(2026, 2, 1),
            training_expires_on=expires,
        )
    )
    db.session.commit()
    return user


def planned_visit(
    visit_round: VisitRound, visitor: User, address_id: int | None = None
) -> HomeVisit:
    visit = HomeVisit(
        organisation_id=visit_round.organisation_id,
        round_id=visit_round.id,
        address_id=address_id,
        visitor_id=visitor.id,
        planned_on=date(2027, 3, 9),
        daypart="morning",
    )
    db.session.add(visit)
    db.session.commit()
    return visit
