"""Keeping the kaart right: organisation staff add and edit their own services (a new one
waits for a moderator; later edits of an approved one stay published), a moderator decides,
the organisation confirms in one click that a service is still right, and six months after
the last check its staff are asked by mail to do so.

Only services of a Buurthulp organisation have staff here; an outside provider's services
(from an import) are kept right by importing again, and show "mogelijk verouderd" after
eight months without a check like any other.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from marketplace.accounts.memberships import Membership, Organisation
from marketplace.accounts.models import User
from marketplace.audit import record_audit
from marketplace.geo import InvalidPostcode, UnknownPostcode, lookup_postcode
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, page_path
from marketplace.permissions import staff_members, staff_of
from marketplace.sociale_kaart.errors import (
    BadTermMove,
    InvalidService,
    NotPending,
    NotStaff,
    TermInUse,
)
from marketplace.sociale_kaart.labels import POSTCODE_ERROR
from marketplace.sociale_kaart.models import (
    Attribute,
    HsdsOrganization,
    Language,
    Location,
    Phone,
    Publication,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from marketplace.sociale_kaart.services import ASK_AFTER

REMINDER_BATCH = 200
_AGE_ORDER = _l("De hoogste leeftijd is lager dan de laagste. Verbeter een van beide.")


@dataclass
class ServiceData:
    """What the service form holds."""

    name: str
    description: str
    application_process: str = ""
    url: str | None = None
    email: str | None = None
    phone: str | None = None
    cost_kind: str = "free"
    fees_description: str = ""
    delivery: str = "individual"
    setting: str = "elsewhere"
    frequency: str = "ongoing"
    referral_required: bool = False
    eligibility_description: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    term_ids: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    location_name: str = ""
    address: str = ""
    postcode: str = ""
    opening_hours: str = ""


# The answers kept as they are in the service's own columns, by the same names.
SERVICE_COLUMNS = (
    "name",
    "description",
    "application_process",
    "url",
    "email",
    "cost_kind",
    "fees_description",
    "delivery",
    "setting",
    "frequency",
    "referral_required",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
)


def _new_id() -> str:
    return str(uuid.uuid4())


def hsds_organization_for(session: Session, organisation: Organisation) -> HsdsOrganization:
    """The HSDS organization that is this Buurthulp organisation (made the first time)."""
    found = session.scalar(
        select(HsdsOrganization)
        .where(HsdsOrganization.organisation_id == organisation.id)
        .order_by(HsdsOrganization.id)
        .limit(1)
    )
    if found is None:
        found = HsdsOrganization(
            id=_new_id(),
            name=organisation.name,
            description=organisation.description or "",
            email=organisation.email,
            website=organisation.website,
            organisation_id=organisation.id,
        )
        session.add(found)
    return found


def editable_by(session: Session, user: User, service: Service) -> bool:
    return staff_of(session, user, service.organization.organisation_id)


def own_services(session: Session, user: User) -> list[Service]:
    """The services of every organisation ``user`` works for."""
    organisation_ids = select(Membership.organisation_id).where(Membership.user_id == user.id)
    return list(
        session.scalars(
            select(Service)
            .join(HsdsOrganization, HsdsOrganization.id == Service.organization_id)
            .where(HsdsOrganization.organisation_id.in_(organisation_ids))
            .order_by(Service.name, Service.id)
        )
    )


def _check(data: ServiceData) -> None:
    if (
        data.minimum_age is not None
        and data.maximum_age is not None
        and data.minimum_age > data.maximum_age
    ):
        raise InvalidService("maximum_age", _AGE_ORDER)
    if data.postcode:
        try:
            lookup_postcode(data.postcode)
        except (InvalidPostcode, UnknownPostcode):
            raise InvalidService("postcode", POSTCODE_ERROR) from None


def _apply(session: Session, service: Service, data: ServiceData, today: date) -> None:
    for name in SERVICE_COLUMNS:
        setattr(service, name, getattr(data, name))
    service.assured_date = today  # who edits it, checked it
    service.reminder_sent_at = None
    session.flush()
    for attribute in session.scalars(select(Attribute).where(Attribute.service_id == service.id)):
        session.delete(attribute)
    session.flush()
    for term_id in dict.fromkeys(data.term_ids):
        session.add(Attribute(service_id=service.id, taxonomy_term_id=term_id))
    service.phones.clear()
    if data.phone:
        service.phones.append(Phone(id=_new_id(), number=data.phone))
    service.languages.clear()
    for code in dict.fromkeys(data.languages):
        service.languages.append(Language(id=_new_id(), name=code, code=code))
    _apply_location(session, service, data)
    session.flush()
    session.expire(service, ["terms"])


def _apply_location(session: Session, service: Service, data: ServiceData) -> None:
    """One location per service from the form (an import may give more)."""
    service.service_at_locations.clear()
    service.schedules.clear()
    if data.opening_hours:
        service.schedules.append(Schedule(id=_new_id(), description=data.opening_hours))
    if not data.postcode:
        return
    place = lookup_postcode(data.postcode)
    location = Location(
        id=_new_id(),
        organization_id=service.organization_id,
        name=data.location_name or service.name,
        address_1=data.address,
        postal_code=place.postcode,
        city=place.municipality,
        wijk=place.neighbourhood,
        latitude=place.lat,
        longitude=place.lon,
    )
    session.add(location)
    service.service_at_locations.append(ServiceAtLocation(id=_new_id(), location=location))


def create_service(
    session: Session, user: User, organisation: Organisation, data: ServiceData, today: date
) -> Service:
    """A new service of ``organisation``, waiting for a moderator.

    Raises ``NotStaff`` (not its staff) or ``InvalidService``.
    """
    if not staff_of(session, user, organisation.id):
        raise NotStaff()
    _check(data)
    service = Service(
        id=_new_id(),
        organization=hsds_organization_for(session, organisation),
        name=data.name,
        publication=Publication.PENDING,
        assurer_email=user.email,
    )
    session.add(service)
    session.flush()
    _apply(session, service, data, today)
    return service


def update_service(
    session: Session, user: User, service: Service, data: ServiceData, today: date
) -> None:
    """Change a service; an approved one stays published. Raises ``NotStaff`` or
    ``InvalidService``."""
    if not editable_by(session, user, service):
        raise NotStaff()
    _check(data)
    service.assurer_email = user.email
    _apply(session, service, data, today)


def confirm_service(session: Session, user: User, service: Service, today: date) -> None:
    """ "Klopt nog": the details are checked today. Raises ``NotStaff``."""
    if not editable_by(session, user, service):
        raise NotStaff()
    service.assured_date = today
    service.assurer_email = user.email
    service.reminder_sent_at = None
    session.flush()


def pending_services(session: Session) -> list[Service]:
    return list(
        session.scalars(
            select(Service)
            .where(Service.publication == Publication.PENDING)
            .order_by(Service.last_modified, Service.id)
        )
    )


def decide(session: Session, moderator: User, service: Service, approve: bool) -> None:
    """A moderator publishes or refuses a new service. Raises ``NotPending``."""
    if service.publication != Publication.PENDING:
        raise NotPending()
    service.publication = Publication.APPROVED if approve else Publication.REJECTED
    record_audit(
        session,
        moderator,
        "sociale_kaart.approve" if approve else "sociale_kaart.reject",
        # The audit's target has a number for an id: the organisation; the service's in details.
        session.get(Organisation, service.organization.organisation_id) or moderator,
        service_id=service.id,
    )
    session.flush()


def send_reminders(session: Session, today: date, now: datetime) -> int:
    """Ask the staff of each Buurthulp organisation to confirm services not checked for six
    months, once per service until it is confirmed. Returns how many services."""
    due = list(
        session.scalars(
            select(Service)
            .join(HsdsOrganization, HsdsOrganization.id == Service.organization_id)
            .where(
                Service.publication == Publication.APPROVED,
                HsdsOrganization.organisation_id.is_not(None),
                Service.reminder_sent_at.is_(None),
                Service.assured_date <= today - ASK_AFTER,
            )
            .order_by(Service.id)
            .limit(REMINDER_BATCH)
        )
    )
    for service in due:
        for user in staff_members(session, service.organization.organisation_id):
            if user.is_erased:
                continue
            notify(
                session,
                user,
                NotificationKind.SERVICE_CHECK,
                f"service_check:{service.id}:{service.assured_date}:{user.id}",
                link_path=page_path("sociale_kaart.confirm", service_id=service.id),
                send_email=True,
                service_name=service.name,
            )
        service.reminder_sent_at = now
    session.flush()
    return len(due)


def add_term(session: Session, name: str, name_en: str, taxonomy: str) -> TaxonomyTerm:
    """A new kind of problem or target group (administrators)."""
    term = TaxonomyTerm(
        id=_new_id(), code=name.lower()[:60], name=name, name_en=name_en, taxonomy=taxonomy
    )
    session.add(term)
    session.flush()
    return term


def rename_term(session: Session, term: TaxonomyTerm, name: str, name_en: str) -> None:
    """A new name (Dutch and English); services keep the term, the code stays (an HSDS id)."""
    term.name = name
    term.name_en = name_en
    session.flush()


def services_using(session: Session, term: TaxonomyTerm) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Attribute).where(Attribute.taxonomy_term_id == term.id)
        )
        or 0
    )


def delete_term(session: Session, term: TaxonomyTerm, move_to: TaxonomyTerm | None = None) -> int:
    """Delete ``term``. While services use it, only with ``move_to`` (a term of the same
    vocabulary), which those services get instead. Raises ``TermInUse`` or
    ``BadTermMove``. Returns how many services were moved."""
    used = list(
        session.scalars(
            select(Attribute.service_id)
            .where(Attribute.taxonomy_term_id == term.id)
            .order_by(Attribute.service_id)
        )
    )
    if used and move_to is None:
        raise TermInUse(len(used))
    if move_to is not None and (move_to.id == term.id or move_to.taxonomy != term.taxonomy):
        raise BadTermMove()
    if move_to is not None and used:
        already = set(
            session.scalars(
                select(Attribute.service_id).where(
                    Attribute.taxonomy_term_id == move_to.id, Attribute.service_id.in_(used)
                )
            )
        )
        session.add_all(
            Attribute(service_id=service_id, taxonomy_term_id=move_to.id)
            for service_id in used
            if service_id not in already
        )
    session.execute(delete(Attribute).where(Attribute.taxonomy_term_id == term.id))
    session.execute(
        update(TaxonomyTerm).where(TaxonomyTerm.parent_id == term.id).values(parent_id=None)
    )
    session.delete(term)
    session.flush()
    return len(used)
