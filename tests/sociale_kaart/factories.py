"""Making services for the kaart's tests."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from marketplace.extensions import db
from marketplace.sociale_kaart.models import (
    Attribute,
    CostOption,
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

_numbers = itertools.count(1)


def term(name: str, taxonomy: str = "probleem", **changes: Any) -> TaxonomyTerm:
    number = next(_numbers)
    values: dict[str, Any] = {
        "id": f"term-{number}",
        "code": name.lower(),
        "name": name,
        "taxonomy": taxonomy,
    }
    values.update(changes)
    made = TaxonomyTerm(**values)
    db.session.add(made)
    return made


def organization(name: str = "Buurthuis De Brug", **changes: Any) -> HsdsOrganization:
    made = HsdsOrganization(id=f"org-{next(_numbers)}", name=name, **changes)
    db.session.add(made)
    return made


def location(wijk: str = "Delfshaven", **changes: Any) -> Location:
    number = next(_numbers)
    values: dict[str, Any] = {
        "id": f"loc-{number}",
        "name": f"Buurthuis {number}",
        "address_1": "Hoogstraat 1",
        "postal_code": "3011 AB",
        "city": "Rotterdam",
        "wijk": wijk,
        "latitude": 51.92,
        "longitude": 4.48,
    }
    values.update(changes)
    made = Location(**values)
    db.session.add(made)
    return made


def service(
    name: str = "Koffieochtend",
    *,
    terms: tuple[TaxonomyTerm, ...] = (),
    at: tuple[Location, ...] = (),
    phone: str | None = "010 111 22 33",
    languages: tuple[str, ...] = (),
    organization_: HsdsOrganization | None = None,
    **changes: Any,
) -> Service:
    """A published service (approved, checked today unless said otherwise)."""
    number = next(_numbers)
    org = organization_ or organization()
    values: dict[str, Any] = {
        "id": f"svc-{number}",
        "organization": org,
        "name": name,
        "description": f"{name}: samen iets doen in de buurt.",
        "publication": Publication.APPROVED,
        "assured_date": date(2026, 11, 1),
    }
    values.update(changes)
    made = Service(**values)
    db.session.add(made)
    db.session.flush()
    for chosen in terms:
        db.session.add(Attribute(service_id=made.id, taxonomy_term_id=chosen.id))
    for place in at:
        db.session.add(ServiceAtLocation(id=f"sal-{next(_numbers)}", service=made, location=place))
    if phone:
        made.phones.append(Phone(id=f"phone-{next(_numbers)}", number=phone))
    for code in languages:
        made.languages.append(Language(id=f"lang-{next(_numbers)}", name=code, code=code))
    db.session.flush()
    return made


def full_service() -> Service:
    """A service with something in every HSDS table."""
    problem = term("Eenzaamheid")
    group = term("Ouderen", "doelgroep")
    place = location(transportation="Tram 8, halte Hoogstraat")
    made = service(
        "Koffieochtend De Brug", terms=(problem, group), at=(place,), languages=("nl", "tr")
    )
    made.cost_options.append(
        CostOption(
            id=f"cost-{next(_numbers)}", option="Koffie", amount=1, amount_description="per kop"
        )
    )
    made.schedules.append(
        Schedule(id=f"sched-{next(_numbers)}", byday="TU,TH", opens_at="10:00", closes_at="12:00")
    )
    from marketplace.sociale_kaart.models import Accessibility

    place.accessibility.append(
        Accessibility(id=f"acc-{next(_numbers)}", description="Rolstoeltoegankelijk")
    )
    db.session.flush()
    return made


def empty_kaart() -> None:
    """Every kaart table emptied, as in a new installation (the other tables stay)."""
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name.startswith("hsds_")]
    for table in tables:
        db.session.execute(table.delete())
    db.session.commit()
    db.session.expunge_all()
