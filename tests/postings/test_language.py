"""A request can say "ik spreek Turks": chosen from a list, optional, shown on the posting;
the author sees which languages the people who respond speak."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.postings.models import Posting
from tests.conftest import log_in
from tests.factories import PostingFactory, ResponseFactory, category, person
from tests.postings.test_writing_routes import form


def only_posting() -> Posting:
    return db.session.scalars(select(Posting)).one()


def test_the_form_stores_a_chosen_language(client):
    log_in(client, person())
    client.post("/oproepen/nieuw", data=form(language="tr"))
    assert only_posting().language == "tr"


def test_the_language_is_optional(client):
    log_in(client, person())
    client.post("/oproepen/nieuw", data=form())
    assert only_posting().language is None


def test_a_made_up_language_is_explained_and_the_text_stays(client):
    log_in(client, person())
    response = client.post("/oproepen/nieuw", data=form(language="xx"))
    assert response.status_code == 422
    assert "Kies een taal uit de lijst" in response.text
    assert "Wie doet boodschappen voor mij?" in response.text
    assert db.session.scalars(select(Posting)).all() == []


def test_the_posting_page_says_which_language(client):
    posting = PostingFactory(published=True, language="tr")
    assert "Spreekt ook Turks" in client.get(f"/oproepen/{posting.id}").text


def test_editing_keeps_the_language_in_the_form(client):
    author = person()
    posting = PostingFactory(author=author, language="ar")
    log_in(client, author)
    page = client.get(f"/oproepen/{posting.id}/wijzigen").text
    assert 'value="ar" selected' in page or 'selected value="ar"' in page


def test_step_one_saves_the_language_and_the_check_page_shows_it(client):
    log_in(client, person())
    client.post(
        "/oproepen/vragen/",
        data={
            "category_id": category("boodschappen").id,
            "title": "Wie doet boodschappen?",
            "description": "Ik kan niet goed lopen.",
            "language": "pl",
        },
    )
    draft = only_posting()
    assert draft.language == "pl"
    client.post(f"/oproepen/vragen/{draft.id}/wanneer", data={"timing": "flexible"})
    assert "Pools" in client.get(f"/oproepen/vragen/{draft.id}/controleren").text


def test_the_author_sees_the_languages_of_who_responded(client):
    author = person()
    posting = PostingFactory(author=author, published=True, language="tr")
    ResponseFactory(posting=posting, responder=person("3012", languages="nl,tr"))
    log_in(client, author)
    assert "spreekt Nederlands, Turks" in client.get(f"/oproepen/{posting.id}").text


def test_others_do_not_see_the_responders_languages(client):
    posting = PostingFactory(published=True)
    ResponseFactory(posting=posting, responder=person("3012", languages="nl,tr"))
    log_in(client, person())
    assert "spreekt Nederlands, Turks" not in client.get(f"/oproepen/{posting.id}").text
