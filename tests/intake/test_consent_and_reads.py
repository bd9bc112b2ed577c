"""The intake asks for the client's consent and warns about health details; every look at
a client's details is in the security log."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.intake.models import Client
from marketplace.postings.models import Posting
from marketplace.security_log import read_security_events
from marketplace.timestamps import LOCAL_TIME, utcnow
from tests.conftest import log_in
from tests.factories import PostingFactory
from tests.intake.helpers import ClientFactory
from tests.intake.test_intake import intake_form


def _events(name: str) -> list[dict]:
    day = utcnow().astimezone(LOCAL_TIME).date().isoformat()
    path = Path(current_app.instance_path) / "logs" / f"security-{day}.jsonl"
    return [event for event in read_security_events(path) if event["event"] == name]


def test_an_intake_without_the_clients_consent_is_refused_and_keeps_what_was_typed(
    client, organisation, staff
):
    log_in(client, staff)
    data = intake_form()
    del data["client_consent"]
    response = client.post(f"/intake/{organisation.id}/nieuw", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vraag de cliënt of het goed is" in page
    assert "Boodschappen halen bij de supermarkt" in page
    assert db.session.scalars(select(Posting)).first() is None
    assert db.session.scalars(select(Client)).first() is None


def test_the_intake_records_when_the_client_agreed(client, organisation, staff):
    log_in(client, staff)
    client.post(f"/intake/{organisation.id}/nieuw", data=intake_form())
    record = db.session.scalars(select(Client)).one()
    assert record.consent_at is not None
    assert utcnow() - record.consent_at < __import__("datetime").timedelta(minutes=1)


def test_the_intake_warns_not_to_write_down_health_details(client, organisation, staff):
    log_in(client, staff)
    page = client.get(f"/intake/{organisation.id}/nieuw").get_data(as_text=True)
    assert "Schrijf niets op over ziekte of gezondheid" in page
    assert "Lees onze privacyverklaring." in page


def test_opening_a_clients_page_is_logged(client, organisation, staff):
    record = ClientFactory(organisation=organisation)
    log_in(client, staff)
    before = len(_events("client.read"))
    client.get(f"/intake/{organisation.id}/clienten/{record.id}")
    events = _events("client.read")[before:]
    assert len(events) == 1
    assert events[0]["user_id"] == staff.id and events[0]["client_id"] == record.id
    assert record.name not in str(events[0]) and record.phone not in str(events[0])


def test_printing_a_confirmation_is_logged_as_a_read(client, organisation, staff):
    record = ClientFactory(organisation=organisation)
    posting = PostingFactory(author=staff, organisation=organisation, client_id=record.id)
    log_in(client, staff)
    before = len(_events("client.read"))
    client.get(f"/intake/{organisation.id}/bevestiging/{posting.id}")
    assert [e["posting_id"] for e in _events("client.read")[before:]] == [posting.id]


def test_staff_of_another_organisation_cannot_read_a_client_and_nothing_is_logged(
    client, organisation, roles
):
    record = ClientFactory(organisation=organisation)
    log_in(client, roles["staff of another organisation"])
    before = len(_events("client.read"))
    response = client.get(f"/intake/{organisation.id}/clienten/{record.id}")
    assert response.status_code == 403
    assert len(_events("client.read")) == before


def test_searching_clients_on_the_intake_page_is_logged(client, organisation, staff):
    record = ClientFactory(organisation=organisation, name="Joke de Vries")
    ClientFactory(organisation=organisation, name="Piet Bakker")
    log_in(client, staff)
    before = len(_events("client.search"))
    page = client.get(f"/intake/{organisation.id}/nieuw?q=Joke").get_data(as_text=True)
    assert "Joke de Vries" in page
    [event] = _events("client.search")[before:]
    assert event["user_id"] == staff.id and event["organisation_id"] == organisation.id
    assert event["client_ids"] == [record.id]
    assert "Joke" not in str(event)  # no search words, no names


def test_choosing_a_client_on_the_intake_page_is_logged(client, organisation, staff):
    record = ClientFactory(organisation=organisation)
    log_in(client, staff)
    before = len(_events("client.read"))
    client.get(f"/intake/{organisation.id}/nieuw?client={record.id}")
    [event] = _events("client.read")[before:]
    assert event["client_id"] == record.id and event["page"] == "intake"


def test_opening_the_client_erase_page_is_logged(client, organisation, staff):
    record = ClientFactory(organisation=organisation)
    log_in(client, staff)
    before = len(_events("client.read"))
    assert client.get(f"/intake/{organisation.id}/clienten/{record.id}/wissen").status_code == 200
    [event] = _events("client.read")[before:]
    assert event["client_id"] == record.id and event["page"] == "erase"
