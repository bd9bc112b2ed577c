"""Request tests for the notification list, opening one and the unread count."""

from __future__ import annotations

from marketplace.notifications.models import Notification
from tests.conftest import log_in
from tests.factories import UserFactory, person
from tests.notifications.factories import NotificationFactory


def test_visitor_is_sent_to_the_login_page(client):
    response = client.get("/meldingen/")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_list_shows_own_notifications_newest_first_with_unread_in_words(client):
    user = person()
    NotificationFactory(recipient=user, subject="Oudste melding", read=True)
    NotificationFactory(recipient=user, subject="Nieuwste melding")
    page = log_in(client, user).get("/meldingen/").get_data(as_text=True)
    assert page.index("Nieuwste melding") < page.index("Oudste melding")
    assert "Nieuw" in page and "Gelezen" in page


def test_list_hides_other_peoples_and_account_mail(client):
    user = person()
    NotificationFactory(subject="Voor een ander")
    NotificationFactory(recipient=user, subject="Bevestig uw e-mailadres", show_in_app=False)
    page = log_in(client, user).get("/meldingen/").get_data(as_text=True)
    assert "Voor een ander" not in page
    assert "Bevestig uw e-mailadres" not in page
    assert "U heeft nog geen meldingen" in page


def test_list_is_paginated(client, app):
    user = person()
    for _ in range(app.config["PAGE_SIZE"] + 1):
        NotificationFactory(recipient=user)
    log_in(client, user)
    assert "Pagina 1 van 2" in client.get("/meldingen/").get_data(as_text=True)
    assert "Pagina 2 van 2" in client.get("/meldingen/?page=2").get_data(as_text=True)
    assert client.get("/meldingen/?page=-3").status_code == 200


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, session):
    notification = NotificationFactory(link_path="/oproepen/12")
    response = log_in(client, notification.recipient).get(f"/meldingen/{notification.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/oproepen/12"
    session.refresh(notification)
    assert notification.read_at is not None


def test_opening_a_notification_with_an_outside_link_stays_on_the_site(client):
    notification = NotificationFactory(link_path="//evil.example/")
    response = log_in(client, notification.recipient).get(f"/meldingen/{notification.id}")
    assert response.headers["Location"] == "/meldingen/"


def test_opening_someone_elses_notification_is_not_found(client, session):
    notification = NotificationFactory()
    log_in(client, person())
    assert client.get(f"/meldingen/{notification.id}").status_code == 404
    session.refresh(notification)
    assert notification.read_at is None


def test_opening_an_unknown_notification_is_not_found(client):
    log_in(client, person())
    assert client.get("/meldingen/424242").status_code == 404


def test_opening_as_a_visitor_asks_to_log_in(client):
    notification = NotificationFactory()
    response = client.get(f"/meldingen/{notification.id}")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_mark_all_read_marks_only_own_notifications(client, session):
    user = person()
    mine = [NotificationFactory(recipient=user) for _ in range(3)]
    other = NotificationFactory()
    response = log_in(client, user).post("/meldingen/alles-gelezen")
    assert response.status_code == 302
    assert response.headers["Location"] == "/meldingen/"
    session.expire_all()
    assert all(session.get(Notification, n.id).read_at is not None for n in mine)
    assert session.get(Notification, other.id).read_at is None


def test_mark_all_read_with_get_is_method_not_allowed(client):
    log_in(client, person())
    assert client.get("/meldingen/alles-gelezen").status_code == 405


def test_mark_all_read_without_a_csrf_token_is_refused(client, csrf_enabled):
    log_in(client, person())
    assert client.post("/meldingen/alles-gelezen").status_code == 400


def test_header_shows_the_unread_count(client):
    user = person()
    NotificationFactory(recipient=user)
    NotificationFactory(recipient=user)
    NotificationFactory(recipient=user, read=True)
    NotificationFactory()  # someone else's
    page = log_in(client, user).get("/meldingen/").get_data(as_text=True)
    assert '<span class="badge">2<span class="visually-hidden"> nieuw</span></span>' in page


def test_header_shows_no_count_when_everything_is_read(client):
    user = UserFactory()
    NotificationFactory(recipient=user, read=True)
    page = log_in(client, user).get("/meldingen/").get_data(as_text=True)
    assert 'class="badge"' not in page


def test_visitor_pages_render_without_a_count(client):
    assert client.get("/over").status_code == 200
