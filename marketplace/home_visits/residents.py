"""A resident on a round's list asks the organisation what it keeps about her, or to erase
it (AVG art. 15 and 17): her line on the list, her visit and its report, on one page to print;
erasure removes the address and the report, as retention does later anyway. The visit stays
as a number in the progress per wijk, without address or visitor."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.home_visits.errors import NotFound
from marketplace.home_visits.models import HomeVisit, RoundAddress, VisitRound


def round_address(session: Session, visit_round: VisitRound, address_id: int) -> RoundAddress:
    """Raises NotFound when the address is not on this round's list."""
    address = session.get(RoundAddress, address_id)
    if address is None or address.round_id != visit_round.id:
        raise NotFound()
    return address


def visit_of(session: Session, address: RoundAddress) -> HomeVisit | None:
    return session.scalar(select(HomeVisit).where(HomeVisit.address_id == address.id))


def erase_resident(session: Session, address: RoundAddress) -> None:
    """Delete the resident's report and line on the list; the visit keeps only its result."""
    visit = visit_of(session, address)
    if visit is not None:
        if visit.report is not None:
            session.delete(visit.report)
        visit.address_id = None
        visit.visitor_id = None
    session.delete(address)
    session.flush()
