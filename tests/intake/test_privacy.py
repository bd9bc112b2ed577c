"""A client's phone number and notes never reach anyone outside the organisation."""

from __future__ import annotations

import pytest

from tests.conftest import log_in
from tests.factories import PostingFactory, ResponseFactory, person
from tests.intake.helpers import CLIENT_NOTES, CLIENT_PHONE, ClientFactory

OUTSIDERS = ["plain user", "staff of another organisation", "moderator", "admin"]


@pytest.fixture
def posting(organisation, staff):
    client_record = ClientFactory(organisation=organisation, name="Mevrouw J.")
    return PostingFactory(
        published=True,
        author=staff,
        organisation=organisation,
        client_id=client_record.id,
        on_behalf_of=client_record.name,
    )


def _assert_no_client_details(page: str) -> None:
    assert CLIENT_PHONE not in page
    assert CLIENT_NOTES not in page
    assert "3011 AB" not in page


def test_a_visitor_sees_neighbourhood_and_organisation_but_never_the_clients_name(client, posting):
    page = client.get(f"/oproepen/{posting.id}").get_data(as_text=True)
    assert "Mevrouw J." not in page
    assert "Stadsdriehoek" in page
    assert "Geplaatst via Welzijn Noord" in page
    _assert_no_client_details(page)
    assert "Gegevens van de cliënt" not in page


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_see_no_client_details_on_the_posting(app, posting, roles, who):
    page = (
        log_in(app.test_client(), roles[who]).get(f"/oproepen/{posting.id}").get_data(as_text=True)
    )
    _assert_no_client_details(page)
    assert "Gegevens van de cliënt" not in page
    assert "Mevrouw J." not in page


def test_a_volunteer_does_not_see_the_clients_name_on_the_posting(app, posting):
    page = (
        log_in(app.test_client(), person(volunteer=True))
        .get(f"/oproepen/{posting.id}")
        .get_data(as_text=True)
    )
    assert "Mevrouw J." not in page


def test_staff_see_for_whom_they_posted(app, posting, staff):
    page = log_in(app.test_client(), staff).get(f"/oproepen/{posting.id}").get_data(as_text=True)
    assert "Mevrouw J." in page


def test_staff_get_links_to_the_client_and_the_confirmation(app, posting, staff):
    page = log_in(app.test_client(), staff).get(f"/oproepen/{posting.id}").get_data(as_text=True)
    assert "Gegevens van de cliënt" in page
    assert "Bevestiging afdrukken" in page


def test_a_pending_conversation_shows_the_volunteer_no_client_details(app, posting):
    volunteer = person(volunteer=True)
    response = ResponseFactory(posting=posting, responder=volunteer)
    page = (
        log_in(app.test_client(), volunteer).get(f"/berichten/{response.id}").get_data(as_text=True)
    )
    _assert_no_client_details(page)


def test_the_client_page_shows_phone_and_notes_to_staff(app, posting, organisation, staff):
    page = (
        log_in(app.test_client(), staff)
        .get(f"/intake/{organisation.id}/clienten/{posting.client_id}")
        .get_data(as_text=True)
    )
    assert CLIENT_PHONE in page and CLIENT_NOTES in page
