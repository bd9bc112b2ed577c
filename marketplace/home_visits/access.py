"""Who may see what: a round, its addresses and its reports are for the responsible
organisation's staff; planning, importing and letters for its coordinators; a visit also
for the visitor it is planned for. Everyone else is told the thing does not exist (404)."""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.memberships import Membership, MembershipRole, Organisation
from marketplace.home_visits.errors import NotCoordinator, NotFound
from marketplace.home_visits.models import HomeVisit, VisitRound
from marketplace.permissions import staff_of

Record = TypeVar("Record", VisitRound, HomeVisit)


def _role(session: Session, user: Any, organisation_id: int) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return session.scalar(
        select(Membership.role).where(
            Membership.organisation_id == organisation_id, Membership.user_id == user.id
        )
    )


def is_coordinator(session: Session, user: Any, organisation_id: int) -> bool:
    return _role(session, user, organisation_id) == MembershipRole.COORDINATOR


def staff_organisation(session: Session, user: Any, organisation_id: int) -> Organisation:
    """Raises NotFound unless ``user`` works for the organisation."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or not staff_of(session, user, organisation_id):
        raise NotFound()
    return organisation


def coordinated_organisation(session: Session, user: Any, organisation_id: int) -> Organisation:
    """Raises NotFound (not staff) or NotCoordinator (staff, not coordinator)."""
    organisation = staff_organisation(session, user, organisation_id)
    if not is_coordinator(session, user, organisation_id):
        raise NotCoordinator()
    return organisation


def _for_staff(session: Session, user: Any, model: type[Record], record_id: int) -> Record:
    """Raises NotFound unless ``user`` works for the record's organisation."""
    record = session.get(model, record_id)
    if record is None or not staff_of(session, user, record.organisation_id):
        raise NotFound()
    return record


def staff_round(session: Session, user: Any, round_id: int) -> VisitRound:
    """Raises NotFound unless ``user`` works for the round's organisation."""
    return _for_staff(session, user, VisitRound, round_id)


def coordinated_round(session: Session, user: Any, round_id: int) -> VisitRound:
    """Raises NotFound or NotCoordinator."""
    visit_round = staff_round(session, user, round_id)
    if not is_coordinator(session, user, visit_round.organisation_id):
        raise NotCoordinator()
    return visit_round


def visible_visit(session: Session, user: Any, visit_id: int) -> HomeVisit:
    """The visit for its visitor or the organisation's staff. Raises NotFound."""
    visit = session.get(HomeVisit, visit_id)
    if visit is None or not getattr(user, "is_authenticated", False):
        raise NotFound()
    if visit.visitor_id != user.id and not staff_of(session, user, visit.organisation_id):
        raise NotFound()
    return visit


def staff_visit(session: Session, user: Any, visit_id: int) -> HomeVisit:
    """The visit for the organisation's staff only. Raises NotFound."""
    return _for_staff(session, user, HomeVisit, visit_id)


def not_found() -> NoReturn:
    raise NotFound()
