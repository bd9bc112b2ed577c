"""Reading services for the pages: one service with all that belongs to it, a few for the
comparison, and the "mogelijk verouderd" rule."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.sociale_kaart.errors import ServiceNotFound
from marketplace.sociale_kaart.exporting import service_loader
from marketplace.sociale_kaart.finding import visible
from marketplace.sociale_kaart.models import Service

# Six months after the last check the organisation is asked to confirm; after eight the
# kaart says the details may be out of date.
ASK_AFTER = timedelta(days=182)
OUTDATED_AFTER = timedelta(days=243)
MAX_COMPARE = 3


def public_service(session: Session, service_id: str) -> Service:
    """A service on the public kaart, with what belongs to it. Raises ``ServiceNotFound``."""
    service = session.scalar(
        select(Service).where(Service.id == service_id, visible()).options(*service_loader())
    )
    if service is None:
        raise ServiceNotFound()
    return service


def services_to_compare(session: Session, service_ids: list[str]) -> list[Service]:
    """Up to three public services, in the order asked; unknown ids are left out."""
    wanted = list(dict.fromkeys(service_ids))[:MAX_COMPARE]
    found = {
        service.id: service
        for service in session.scalars(
            select(Service).where(Service.id.in_(wanted), visible()).options(*service_loader())
        )
    }
    return [found[service_id] for service_id in wanted if service_id in found]


def possibly_outdated(service: Service, today: date) -> bool:
    """Nobody confirmed the details for eight months (or ever)."""
    return service.assured_date is None or today - service.assured_date > OUTDATED_AFTER
