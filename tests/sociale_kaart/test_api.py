"""The read-only HSDS API."""

from __future__ import annotations

from marketplace.extensions import db
from marketplace.sociale_kaart.models import Publication
from tests.sociale_kaart.factories import full_service, service, term


def test_the_list_pages_with_hsds_paging_fields(client):
    for n in range(3):
        service(f"Dienst {n}")
    db.session.commit()

    answer = client.get("/api/hsds/services?per_page=2&page=2").get_json()

    assert (answer["total_items"], answer["total_pages"], answer["page_number"]) == (3, 2, 2)
    assert answer["last_page"] is True
    assert len(answer["contents"]) == 1


def test_the_list_filters_on_a_taxonomy_term(client):
    money = term("Geldzorgen")
    service("Schuldhulp", terms=(money,))
    service("Koffie")
    db.session.commit()

    answer = client.get(f"/api/hsds/services?taxonomy_term_id={money.id}").get_json()

    assert [item["name"] for item in answer["contents"]] == ["Schuldhulp"]


def test_the_list_searches(client):
    service("Schuldhulp")
    service("Koffie")
    db.session.commit()

    answer = client.get("/api/hsds/services?search=schuld").get_json()

    assert [item["name"] for item in answer["contents"]] == ["Schuldhulp"]


def test_one_service_comes_with_its_locations_and_phones(client):
    shown = full_service()
    db.session.commit()

    answer = client.get(f"/api/hsds/services/{shown.id}").get_json()

    assert answer["phones"][0]["number"] == "010 111 22 33"
    assert answer["service_at_locations"][0]["location"]["accessibility"][0]["description"]


def test_a_pending_service_is_not_in_the_api(client):
    pending = service("Wacht", publication=Publication.PENDING)
    db.session.commit()

    assert client.get(f"/api/hsds/services/{pending.id}").status_code == 404
    assert client.get("/api/hsds/services").get_json()["total_items"] == 0


def test_the_export_is_a_zip(client):
    full_service()
    db.session.commit()

    response = client.get("/api/hsds/export.zip")

    assert response.mimetype == "application/zip"
    assert response.data[:2] == b"PK"
