"""Issue 16 gap: "Zoekt u een vast contact?" on the one-page form and the edit form too,
with the same field and the same check as the request steps."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.postings.models import Posting
from tests.conftest import log_in
from tests.factories import PostingFactory, person
from tests.postings.test_writing_routes import form

QUESTION = "Zoekt u een vast contact?"


def _only_posting() -> Posting:
    return db.session.scalars(select(Posting)).one()


def _edit_data(**changes):
    values = form(**changes)
    values.pop("kind")
    return values


def test_the_one_page_form_asks_whether_it_is_for_a_lasting_contact(client):
    log_in(client, person())
    page = client.get("/oproepen/nieuw").text
    assert QUESTION in page
    assert "Ja, een telefoonmaatje: elke week op een vaste tijd bellen" in page


def test_the_one_page_form_makes_a_request_for_a_telefoonmaatje(client):
    log_in(client, person())
    response = client.post("/oproepen/nieuw", data=form(lasting="phone"))
    assert response.status_code == 302
    assert _only_posting().lasting == "phone"


def test_a_request_without_the_choice_is_for_help_once(client):
    log_in(client, person())
    client.post("/oproepen/nieuw", data=form())
    assert _only_posting().lasting is None


def test_a_made_up_lasting_kind_is_explained_and_the_text_stays(client):
    log_in(client, person())
    response = client.post("/oproepen/nieuw", data=form(lasting="forever"))
    assert response.status_code == 422
    assert "Wie doet boodschappen voor mij?" in response.text
    assert db.session.scalars(select(Posting)).all() == []


def test_an_offer_is_never_a_lasting_contact(client):
    log_in(client, person())
    client.post("/oproepen/nieuw", data=form(kind="offer", lasting="walk"))
    assert _only_posting().lasting is None


def test_editing_turns_a_request_into_a_weekly_walk_and_back(client):
    author = person()
    posting = PostingFactory(author=author, published=True)
    db.session.commit()
    log_in(client, author)
    assert QUESTION in client.get(f"/oproepen/{posting.id}/wijzigen").text
    client.post(f"/oproepen/{posting.id}/wijzigen", data=_edit_data(lasting="walk"))
    db.session.refresh(posting)
    assert posting.lasting == "walk"
    client.post(f"/oproepen/{posting.id}/wijzigen", data=_edit_data(lasting=""))
    db.session.refresh(posting)
    assert posting.lasting is None


def test_the_edit_form_shows_the_current_choice(client):
    author = person()
    posting = PostingFactory(author=author, lasting="buddy")
    db.session.commit()
    log_in(client, author)
    page = client.get(f"/oproepen/{posting.id}/wijzigen").text
    assert '<input checked id="lasting-3" name="lasting" type="radio" value="buddy">' in page


def test_the_edit_form_of_an_offer_does_not_ask(client):
    author = person()
    posting = PostingFactory(author=author, kind="offer")
    db.session.commit()
    log_in(client, author)
    assert QUESTION not in client.get(f"/oproepen/{posting.id}/wijzigen").text
