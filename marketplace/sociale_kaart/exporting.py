"""The kaart as an HSDS data package: ``datapackage.json`` and one CSV per table, zipped;
and one service as an HSDS JSON object (the API gives the same).

Only published services (approved, by an approved route) leave, with what belongs to them:
their organisation, locations, taxonomy terms, phones, costs, languages, accessibility.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from marketplace.sociale_kaart.hsds_tables import TABLE_BY_NAME, TABLES, Table, to_json, to_text
from marketplace.sociale_kaart.models import Location, Publication, Service, ServiceAtLocation

PACKAGE_NAME = "buurthulp-sociale-kaart"


def published_services_query() -> Any:
    return select(Service).where(Service.publication == Publication.APPROVED)


def package_rows(session: Session) -> dict[str, list[Any]]:
    """Every row that leaves, per HSDS table name, in a stable order."""
    services = session.scalars(published_services_query().order_by(Service.id)).all()
    service_ids = {service.id for service in services}
    org_ids = {service.organization_id for service in services}
    sal = [
        row
        for row in session.scalars(select(ServiceAtLocation).order_by(ServiceAtLocation.id))
        if row.service_id in service_ids
    ]
    location_ids = {row.location_id for row in sal}
    sal_ids = {row.id for row in sal}

    def of(model: Any, keep: Any) -> list[Any]:
        return [row for row in session.scalars(select(model).order_by(*_order(model))) if keep(row)]

    rows: dict[str, list[Any]] = {"service": list(services), "service_at_location": sal}
    # Of every other table, the rows that belong to what leaves.
    belongs = {
        "organization": lambda row: row.id in org_ids,
        "taxonomy_term": lambda row: True,
        "attribute": lambda row: row.service_id in service_ids,
        "location": lambda row: row.id in location_ids,
        "schedule": lambda row: (
            row.service_id in service_ids
            or row.location_id in location_ids
            or row.service_at_location_id in sal_ids
        ),
        "phone": lambda row: (
            row.service_id in service_ids
            or row.organization_id in org_ids
            or row.location_id in location_ids
        ),
        "cost_option": lambda row: row.service_id in service_ids,
        "language": lambda row: row.service_id in service_ids,
        "accessibility": lambda row: row.location_id in location_ids,
    }
    for name, keep in belongs.items():
        rows[name] = of(TABLE_BY_NAME[name].model, keep)
    return {table.name: rows[table.name] for table in TABLES}


def _order(model: Any) -> list[Any]:
    return list(model.__table__.primary_key.columns)


def _csv(table: Table, rows: list[Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = table.columns()
    writer.writerow([name for name, _ in columns])
    for row in rows:
        writer.writerow([to_text(getattr(row, column.key)) for _, column in columns])
    return out.getvalue()


def _descriptor(table: Table) -> dict[str, Any]:
    fields = []
    for name, column in table.columns():
        python = column.type.python_type.__name__
        kind = {
            "int": "integer",
            "float": "number",
            "Decimal": "number",
            "bool": "boolean",
            "date": "date",
            "datetime": "datetime",
        }.get(python, "string")
        fields.append(
            {"name": name, "type": kind, "constraints": {"required": not column.nullable}}
        )
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "schema": {"fields": fields},
    }


def datapackage() -> dict[str, Any]:
    return {
        "name": PACKAGE_NAME,
        "title": "Buurthulp sociale kaart (HSDS 3.0)",
        "profile": "tabular-data-package",
        "resources": [_descriptor(table) for table in TABLES],
    }


def export_zip(session: Session) -> bytes:
    """The data package, zipped: ``datapackage.json`` and a CSV per table."""
    rows = package_rows(session)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(datapackage(), indent=2))
        for table in TABLES:
            archive.writestr(f"{table.name}.csv", _csv(table, rows[table.name]))
    return buffer.getvalue()


def export_json(session: Session) -> dict[str, Any]:
    """The same package as one JSON document: ``{table name: [rows]}``."""
    rows = package_rows(session)
    return {table.name: [_record(table, row) for row in rows[table.name]] for table in TABLES}


def _record(table: Table, row: Any) -> dict[str, Any]:
    return {name: to_json(getattr(row, column.key)) for name, column in table.columns()}


def _flat(table_name: str, row: Any) -> dict[str, Any]:
    return _record(TABLE_BY_NAME[table_name], row)


def service_loader() -> list[Any]:
    """Load options so that ``service_json`` makes no query per service."""
    return [
        selectinload(Service.organization),
        selectinload(Service.terms),
        selectinload(Service.phones),
        selectinload(Service.cost_options),
        selectinload(Service.languages),
        selectinload(Service.schedules),
        selectinload(Service.service_at_locations)
        .selectinload(ServiceAtLocation.location)
        .selectinload(Location.accessibility),
        selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.schedules),
    ]


def service_json(service: Service) -> dict[str, Any]:
    """One service as an HSDS 3.0 service object, with what belongs to it nested."""
    data = _flat("service", service)
    data["organization"] = _flat("organization", service.organization)
    data["phones"] = [_flat("phone", phone) for phone in service.phones]
    data["cost_options"] = [_flat("cost_option", cost) for cost in service.cost_options]
    data["languages"] = [_flat("language", language) for language in service.languages]
    data["schedules"] = [_flat("schedule", schedule) for schedule in service.schedules]
    data["attributes"] = [
        {
            "link_id": service.id,
            "link_type": "service",
            "taxonomy_term_id": term.id,
            "taxonomy_term": _flat("taxonomy_term", term),
        }
        for term in service.terms
    ]
    data["service_at_locations"] = [
        {
            **_flat("service_at_location", sal),
            "schedules": [_flat("schedule", schedule) for schedule in sal.schedules],
            "location": {
                **_flat("location", sal.location),
                "accessibility": [
                    _flat("accessibility", item) for item in sal.location.accessibility
                ],
            },
        }
        for sal in service.service_at_locations
    ]
    return data
