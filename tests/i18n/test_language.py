"""Which language a page is in: the person's choice, then the browser's, then Dutch."""

from __future__ import annotations

import re

from flask_babel import refresh

from marketplace.extensions import db
from marketplace.postings.forms import SLOT_CHOICES
from tests.conftest import log_in
from tests.factories import person


def page(client, url: str, language: str | None = None) -> str:
    """The page's HTML. Tests keep one app context for the whole test, so Flask-Babel's
    per-context choice of language is forgotten first, as a new request would."""
    refresh()
    headers = {"Accept-Language": language} if language else {}
    return client.get(url, headers=headers).get_data(as_text=True)


def test_a_visitor_without_preferences_gets_dutch(client):
    html = page(client, "/")
    assert '<html lang="nl"' in html
    assert "Direct naar de inhoud" in html


def test_a_browser_that_prefers_english_gets_english(client):
    html = page(client, "/", "en-GB,en;q=0.9")
    assert '<html lang="en"' in html
    assert "Skip to the content" in html
    assert "Direct naar de inhoud" not in html


def test_a_browser_language_we_do_not_have_gets_dutch(client):
    assert '<html lang="nl"' in page(client, "/", "de-DE,fr;q=0.8")


def test_every_page_offers_the_other_language_with_its_lang_attribute(client):
    dutch = page(client, "/oproepen/")
    assert 'action="/taal"' in dutch
    switch = r'<button[^>]*value="%s"[^>]*lang="%s"[^>]*>\s*%s\s*</button>'
    assert re.search(switch % ("en", "en", "English"), dutch)
    english = page(client, "/oproepen/", "en")
    assert re.search(switch % ("nl", "nl", "Nederlands"), english)


def test_the_chosen_language_wins_over_the_browser_language(client):
    client.post("/taal", data={"lang": "en", "next": "/"})
    assert '<html lang="en"' in page(client, "/", "nl")
    client.post("/taal", data={"lang": "nl", "next": "/"})
    assert '<html lang="nl"' in page(client, "/", "en")


def test_the_choice_is_remembered_for_a_year(client):
    response = client.post("/taal", data={"lang": "en", "next": "/oproepen/"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/oproepen/")
    cookie = response.headers["Set-Cookie"]
    assert "lang=en" in cookie and "Max-Age=31536000" in cookie


def test_an_unknown_language_is_refused(client):
    assert client.post("/taal", data={"lang": "xx"}).status_code == 400


def test_the_account_language_follows_the_person_to_another_device(app, session):
    user = person()
    first_device = log_in(app.test_client(), user)
    first_device.post("/taal", data={"lang": "en", "next": "/"})
    db.session.refresh(user)
    assert user.locale == "en"
    other_device = log_in(app.test_client(), user)
    assert "Skip to the content" in page(other_device, "/", "nl")


def test_dayparts_in_forms_are_translated_per_request_not_at_start_up(app):
    for language, expected in (("en", "Monday morning"), ("nl", "maandagochtend")):
        with app.test_request_context(headers={"Accept-Language": language}):
            refresh()
            assert str(SLOT_CHOICES[0].label) == expected


def test_english_pages_use_the_english_category_names(client):
    from tests.factories import PostingFactory

    PostingFactory(published=True)
    assert "Shopping" in page(client, "/oproepen/", "en")
