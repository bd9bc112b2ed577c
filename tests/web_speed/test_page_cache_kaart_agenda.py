"""The sociale kaart and the agenda from the page cache for visitors: a changed service or
activity shows at once, a logged-in person is never served a stored page, a new day is a
new page."""

from __future__ import annotations

from datetime import timedelta

from marketplace import page_cache
from marketplace.agenda.models import Activity, ActivityStatus
from marketplace.extensions import db
from marketplace.sociale_kaart.models import Publication
from marketplace.timestamps import local_today
from tests.agenda.factories import make_activity
from tests.conftest import log_in
from tests.factories import person
from tests.sociale_kaart.factories import location, service
from tests.web_speed.conftest import get

KAART = "/sociale-kaart/"


def test_the_kaart_is_served_from_the_cache_until_a_service_changes(app, page_cache_on):
    koffie = service("Koffieochtend", at=(location("Delfshaven"),))
    db.session.commit()
    assert get(app.test_client(), KAART).headers["X-Page-Cache"] == "miss"
    second = get(app.test_client(), KAART)
    assert second.headers["X-Page-Cache"] == "hit"
    assert "Koffieochtend" in second.text

    koffie.name = "Koffie en krant"
    db.session.commit()
    changed = get(app.test_client(), KAART)
    assert changed.headers["X-Page-Cache"] == "miss"
    assert "Koffie en krant" in changed.text

    koffie.publication = Publication.REJECTED
    db.session.commit()
    assert "Koffie en krant" not in get(app.test_client(), KAART).text


def test_a_new_service_shows_at_once(app, page_cache_on):
    get(app.test_client(), KAART)
    service("Schuldhulp", at=(location("Feijenoord"),))
    db.session.commit()
    assert "Schuldhulp" in get(app.test_client(), KAART).text


def test_a_services_page_is_cached_and_follows_its_changes(app, page_cache_on):
    made = service("Taalcafé", at=(location("Delfshaven"),))
    db.session.commit()
    path = f"/sociale-kaart/dienst/{made.id}"
    get(app.test_client(), path)
    assert get(app.test_client(), path).headers["X-Page-Cache"] == "hit"
    made.description = "Elke week Nederlands oefenen."
    db.session.commit()
    assert "Elke week Nederlands oefenen." in get(app.test_client(), path).text


def test_the_kaart_is_never_stored_for_a_logged_in_person(app, page_cache_on):
    service("Koffieochtend", at=(location("Delfshaven"),))
    db.session.commit()
    resident = log_in(app.test_client(), person(postcode="3011"))
    response = get(resident, KAART)
    assert "X-Page-Cache" not in response.headers
    assert get(app.test_client(), KAART).headers["X-Page-Cache"] == "miss"


def test_the_agenda_week_and_month_follow_an_activity(app, page_cache_on):
    activity = make_activity(title="Koffieochtend")
    for path in ("/agenda/", "/agenda/maand"):
        assert get(app.test_client(), path).headers["X-Page-Cache"] == "miss"
        cached = get(app.test_client(), path)
        assert cached.headers["X-Page-Cache"] == "hit"
        assert "Koffieochtend" in cached.text
    activity.title = "Soep en koffie"
    db.session.commit()
    for path in ("/agenda/", "/agenda/maand"):
        assert "Soep en koffie" in get(app.test_client(), path).text
    db.session.get(Activity, activity.id).status = ActivityStatus.CANCELLED
    db.session.commit()
    assert "Soep en koffie" not in get(app.test_client(), "/agenda/").text


def test_the_agenda_is_never_stored_for_a_logged_in_person(app, page_cache_on):
    make_activity(title="Koffieochtend")
    resident = log_in(app.test_client(), person(postcode="3011"))
    response = get(resident, "/agenda/")
    assert "X-Page-Cache" not in response.headers
    assert "Mijn agenda" in response.text
    visitor = get(app.test_client(), "/agenda/")
    assert visitor.headers["X-Page-Cache"] == "miss"
    assert "Mijn agenda" not in visitor.text


def test_a_new_day_is_a_new_page(app, page_cache_on, monkeypatch):
    get(app.test_client(), "/agenda/")
    assert get(app.test_client(), "/agenda/").headers["X-Page-Cache"] == "hit"
    tomorrow = local_today() + timedelta(days=1)
    monkeypatch.setattr(page_cache, "local_today", lambda: tomorrow)
    assert get(app.test_client(), "/agenda/").headers["X-Page-Cache"] == "miss"
