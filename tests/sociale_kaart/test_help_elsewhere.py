"""A request beyond neighbourly help shows matching services with their phone numbers on
the request's last step."""

from __future__ import annotations

from marketplace.extensions import db
from tests.conftest import log_in
from tests.factories import PostingFactory, person
from tests.sociale_kaart.factories import service, term


def _draft(title: str, description: str):
    author = person()
    draft = PostingFactory(
        author=author, draft=True, kind="request", title=title, description=description
    )
    db.session.commit()
    return author, draft


def test_a_request_about_debts_shows_debt_help_with_its_phone_number(client):
    service("Schuldhulp Noord", terms=(term("Geld", code="geld"),), phone="010 555 12 34")
    author, draft = _draft("Hulp met mijn schulden", "Ik krijg steeds aanmaningen.")
    log_in(client, author)

    page = client.get(f"/oproepen/vragen/{draft.id}/controleren").get_data(as_text=True)

    assert "Schuldhulp Noord" in page
    assert "010 555 12 34" in page


def test_an_ordinary_request_shows_no_services(client):
    service("Schuldhulp Noord", terms=(term("Geld", code="geld"),))
    author, draft = _draft("Wie doet boodschappen?", "Ik kan niet goed lopen.")
    log_in(client, author)

    page = client.get(f"/oproepen/vragen/{draft.id}/controleren").get_data(as_text=True)

    assert "Schuldhulp Noord" not in page
