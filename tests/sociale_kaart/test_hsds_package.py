"""The HSDS data package: export, import with validation, and the round trip."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.sociale_kaart.errors import ImportRejected
from marketplace.sociale_kaart.exporting import export_json, export_zip, service_json
from marketplace.sociale_kaart.importing import import_package, read_json, read_zip
from marketplace.sociale_kaart.models import (
    HsdsOrganization,
    Publication,
    Service,
    TaxonomyTerm,
)
from tests.conftest import log_in
from tests.factories import UserFactory
from tests.sociale_kaart.factories import empty_kaart, full_service, organization, service


def _everything() -> dict:
    """The services as the API shows them, ordered by id: what must survive a round trip."""
    services = db.session.scalars(select(Service).order_by(Service.id)).all()
    return {service.id: service_json(service) for service in services}


def test_the_zip_has_a_datapackage_and_a_csv_per_table():
    full_service()
    archive = zipfile.ZipFile(io.BytesIO(export_zip(db.session)))
    names = set(archive.namelist())
    descriptor = json.loads(archive.read("datapackage.json"))
    assert {resource["path"] for resource in descriptor["resources"]} | {
        "datapackage.json"
    } == names
    rows = list(csv.DictReader(io.StringIO(archive.read("service.csv").decode())))
    assert [row["name"] for row in rows] == ["Koffieochtend De Brug"]


def test_a_pending_service_is_not_exported():
    service("Nog niet nagekeken", publication=Publication.PENDING)
    assert export_json(db.session)["service"] == []


def test_an_exported_zip_imports_into_an_empty_database_with_the_same_services():
    full_service()
    service("Schuldhulp", phone="010 999 88 77")
    db.session.commit()
    before = _everything()
    package = export_zip(db.session)
    empty_kaart()

    import_package(db.session, read_zip(package))
    db.session.commit()
    db.session.expire_all()

    assert _everything() == before


def test_an_exported_json_imports_into_an_empty_database_with_the_same_services():
    full_service()
    db.session.commit()
    before = _everything()
    package = json.dumps(export_json(db.session)).encode()
    empty_kaart()

    import_package(db.session, read_json(package))
    db.session.commit()
    db.session.expire_all()

    assert _everything() == before


def test_importing_the_same_package_twice_changes_nothing():
    full_service()
    db.session.commit()
    package = read_zip(export_zip(db.session))
    import_package(db.session, package)
    db.session.commit()
    before = _everything()
    count = db.session.scalar(select(func.count()).select_from(Service))

    import_package(db.session, package)
    db.session.commit()
    db.session.expire_all()

    assert _everything() == before
    assert db.session.scalar(select(func.count()).select_from(Service)) == count


def _package(services: list[dict], organizations: list[dict] | None = None) -> dict:
    return {
        "organization": organizations
        if organizations is not None
        else [{"id": "o1", "name": "Vraagwijzer"}],
        "service": services,
    }


def test_a_package_with_a_bad_record_is_refused_whole_with_the_reason_per_record():
    package = _package(
        [
            {"id": "s1", "organization_id": "o1", "name": "Goed"},
            {"id": "s2", "organization_id": "o1", "name": "Fout", "minimum_age": "oud"},
            {"id": "s3", "organization_id": "onbekend", "name": "Zonder organisatie"},
        ]
    )

    with pytest.raises(ImportRejected) as refused:
        import_package(db.session, package)

    reasons = {
        (problem.row, problem.record_id): problem.reason for problem in refused.value.problems
    }
    assert "minimum_age" in reasons[(2, "s2")]
    assert "not in the package" in reasons[(3, "s3")]
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(HsdsOrganization)) == 0


def test_a_record_without_a_required_field_is_named():
    with pytest.raises(ImportRejected) as refused:
        import_package(db.session, _package([{"id": "s1", "organization_id": "o1"}]))

    assert [str(problem) for problem in refused.value.problems] == [
        "service 1 (s1): name is required"
    ]


def test_an_unknown_status_is_refused():
    with pytest.raises(ImportRejected) as refused:
        import_package(
            db.session,
            _package([{"id": "s1", "organization_id": "o1", "name": "X", "status": "open"}]),
        )

    assert "status" in refused.value.problems[0].reason


def test_imported_services_are_published():
    import_package(db.session, _package([{"id": "s1", "organization_id": "o1", "name": "X"}]))

    assert db.session.get(Service, "s1").publication == Publication.APPROVED


def test_a_reference_to_a_record_already_here_is_accepted():
    existing = organization("Al bekend")
    db.session.flush()

    import_package(
        db.session,
        {"service": [{"id": "s1", "organization_id": existing.id, "name": "Erbij"}]},
    )

    assert db.session.get(Service, "s1").organization_id == existing.id


def test_a_file_that_is_no_zip_is_refused():
    with pytest.raises(ImportRejected):
        read_zip(b"geen zip")


def test_taxonomy_terms_travel_with_the_package():
    full_service()
    db.session.commit()
    package = read_zip(export_zip(db.session))
    empty_kaart()

    import_package(db.session, package)

    names = db.session.scalars(select(TaxonomyTerm.name).order_by(TaxonomyTerm.name)).all()
    assert names == ["Eenzaamheid", "Ouderen"]


def _upload(client, name: str, data: bytes):
    return client.post(
        "/sociale-kaart/beheer/importeren",
        data={"package": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_an_administrator_imports_a_package_through_the_page(client):
    log_in(client, UserFactory(admin=True))
    package = json.dumps(
        {
            "organization": [{"id": "o1", "name": "Vraagwijzer"}],
            "service": [{"id": "s1", "organization_id": "o1", "name": "Geldzaken"}],
        }
    )

    response = _upload(client, "kaart.json", package.encode())

    assert response.status_code == 302
    assert db.session.get(Service, "s1").name == "Geldzaken"


def test_the_import_page_lists_the_errors_per_record(client):
    log_in(client, UserFactory(admin=True))
    package = json.dumps({"service": [{"id": "s1", "name": "Zonder organisatie"}]})

    response = _upload(client, "kaart.json", package.encode())

    assert response.status_code == 422
    assert "organization_id is required" in response.get_data(as_text=True)


def test_only_an_administrator_may_import(client):
    log_in(client, UserFactory(moderator=True))

    assert client.get("/sociale-kaart/beheer/importeren").status_code == 403


def test_services_imported_into_an_empty_kaart_are_found_by_the_search_box(client):
    service("Koffieochtend", description="Samen koffie tegen eenzaamheid.")
    service("Schuldhulp", description="Hulp bij schulden.")
    db.session.commit()
    package = export_zip(db.session)
    empty_kaart()

    import_package(db.session, read_zip(package))
    db.session.commit()

    page = client.get("/sociale-kaart/?q=eenzaam").get_data(as_text=True)
    assert "Koffieochtend" in page
    assert "Schuldhulp" not in page
    page = client.get("/sociale-kaart/?q=geldzorgen").get_data(as_text=True)
    assert "Schuldhulp" in page
