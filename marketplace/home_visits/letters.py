"""What the announcement letters and the round's lists show, gathered in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.home_visits.models import HomeVisit, VisitRound, VisitStatus

LETTERS_PER_PAGE = 200  # one print job a browser handles comfortably


@dataclass(frozen=True)
class Letter:
    resident: str
    address: str
    postcode: str
    planned_on: date
    daypart: str
    visitor_first_name: str


def first_name(display_name: str | None) -> str:
    """ "Marieke J." -> "Marieke": the letter names the visitor by her first name only."""
    return (display_name or "").split(" ")[0]


def letters_query(visit_round: VisitRound) -> Select[HomeVisit]:
    """The round's planned visits with an address, with what a letter needs, in date order."""
    return (
        select(HomeVisit)
        .options(
            joinedload(HomeVisit.address),
            joinedload(HomeVisit.visitor).joinedload(User.profile),
        )
        .where(
            HomeVisit.round_id == visit_round.id,
            HomeVisit.status == VisitStatus.PLANNED,
            HomeVisit.address_id.is_not(None),
        )
        .order_by(HomeVisit.planned_on, HomeVisit.id)
    )


def letters_page(visit_round: VisitRound, page: int) -> tuple[Any, list[Letter]]:
    """One page of letters (LETTERS_PER_PAGE) and the pagination to go on."""
    found = db.paginate(
        letters_query(visit_round), page=page, per_page=LETTERS_PER_PAGE, error_out=False
    )
    letters = []
    for visit in found.items:
        address = visit.address
        profile = visit.visitor.profile if visit.visitor else None
        if address is None:
            continue
        letters.append(
            Letter(
                resident=" ".join(p for p in (address.first_name, address.last_name) if p),
                address=address.address,
                postcode=address.postcode,
                planned_on=visit.planned_on,
                daypart=visit.daypart,
                visitor_first_name=first_name(profile.display_name if profile else None),
            )
        )
    return found, letters


def round_visits(visit_round: VisitRound) -> Select[HomeVisit]:
    """The round's visits for the coordinator's list, in date order."""
    return (
        select(HomeVisit)
        .options(joinedload(HomeVisit.address), joinedload(HomeVisit.visitor))
        .where(HomeVisit.round_id == visit_round.id)
        .order_by(HomeVisit.planned_on, HomeVisit.visitor_id, HomeVisit.id)
    )
