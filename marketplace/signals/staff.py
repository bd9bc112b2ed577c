"""Who handles signals: the wijken an organisation takes, and the "signalen" role.

An organisation's coordinator decides both. Only the organisation's coordinators and its
staff with the "signalen" role see its signals; other staff, other organisations and
everybody else do not (they get a 404: we do not say a signal exists).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from marketplace.accounts.memberships import Membership, MembershipRole, Organisation
from marketplace.accounts.models import User
from marketplace.geo import is_neighbourhood
from marketplace.signals.errors import InvalidSignal, NotCoordinator
from marketplace.signals.models import SignalArea, SignalHandler


def _logged_in(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def is_coordinator(session: Session, user: Any, organisation_id: int) -> bool:
    if not _logged_in(user):
        return False
    return (
        session.scalar(
            select(Membership.user_id).where(
                Membership.organisation_id == organisation_id,
                Membership.user_id == user.id,
                Membership.role == MembershipRole.COORDINATOR,
            )
        )
        is not None
    )


def handler_ids(session: Session, organisation_id: int) -> list[int]:
    """Staff with the "signalen" role who still work for the organisation."""
    return list(
        session.scalars(
            select(SignalHandler.user_id)
            .join(
                Membership,
                (Membership.user_id == SignalHandler.user_id)
                & (Membership.organisation_id == SignalHandler.organisation_id),
            )
            .where(SignalHandler.organisation_id == organisation_id)
            .order_by(SignalHandler.user_id)
        )
    )


def coordinator_ids(session: Session, organisation_id: int) -> list[int]:
    return list(
        session.scalars(
            select(Membership.user_id)
            .where(
                Membership.organisation_id == organisation_id,
                Membership.role == MembershipRole.COORDINATOR,
            )
            .order_by(Membership.user_id)
        )
    )


def may_handle(session: Session, user: Any, organisation_id: int) -> bool:
    """A coordinator of the organisation, or one of its staff with the "signalen" role."""
    if not _logged_in(user):
        return False
    return is_coordinator(session, user, organisation_id) or user.id in handler_ids(
        session, organisation_id
    )


def handling_organisations(session: Session, user: Any) -> list[Organisation]:
    """The organisations whose signals ``user`` may see, by name."""
    if not _logged_in(user):
        return []
    organisations = session.scalars(
        select(Organisation)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.user_id == user.id)
        .order_by(Organisation.name, Organisation.id)
    )
    return [o for o in organisations if may_handle(session, user, o.id)]


def areas(session: Session, organisation_id: int) -> list[str]:
    return list(
        session.scalars(
            select(SignalArea.wijk)
            .where(SignalArea.organisation_id == organisation_id)
            .order_by(SignalArea.wijk)
        )
    )


def organisations_for_wijk(session: Session, wijk: str) -> list[Organisation]:
    """The approved organisations that handle signals for ``wijk``."""
    return list(
        session.scalars(
            select(Organisation)
            .join(SignalArea, SignalArea.organisation_id == Organisation.id)
            .where(SignalArea.wijk == wijk, Organisation.status == "approved")
            .order_by(Organisation.id)
        )
    )


def _check_coordinator(session: Session, actor: User, organisation: Organisation) -> None:
    if not is_coordinator(session, actor, organisation.id):
        raise NotCoordinator


def set_areas(
    session: Session, actor: User, organisation: Organisation, wijken: Iterable[str]
) -> list[str]:
    """The organisation handles signals for exactly these wijken from now on (signals
    already made keep where they went). Raises NotCoordinator, InvalidSignal."""
    _check_coordinator(session, actor, organisation)
    chosen = sorted(set(wijken))
    for wijk in chosen:
        if not is_neighbourhood(wijk):
            raise InvalidSignal("wijken", _l("Kies de wijken uit de lijst."))
    session.execute(delete(SignalArea).where(SignalArea.organisation_id == organisation.id))
    session.add_all(SignalArea(organisation_id=organisation.id, wijk=w) for w in chosen)
    session.flush()
    return chosen


def set_handlers(
    session: Session, actor: User, organisation: Organisation, user_ids: Iterable[int]
) -> list[int]:
    """Give exactly these members of staff the "signalen" role (others lose it).
    Someone who does not work for the organisation is skipped. Raises NotCoordinator."""
    _check_coordinator(session, actor, organisation)
    staff = set(
        session.scalars(
            select(Membership.user_id).where(Membership.organisation_id == organisation.id)
        )
    )
    chosen = sorted(set(user_ids) & staff)
    current = {
        row.user_id: row
        for row in session.scalars(
            select(SignalHandler).where(SignalHandler.organisation_id == organisation.id)
        )
    }
    for user_id, row in current.items():
        if user_id not in chosen:
            session.delete(row)
    for user_id in chosen:
        if user_id not in current:
            session.add(
                SignalHandler(
                    organisation_id=organisation.id, user_id=user_id, granted_by_id=actor.id
                )
            )
    session.flush()
    return chosen
