from __future__ import annotations

import re
import time

from flask import g
from itsdangerous import TimestampSigner

from marketplace.accounts.passwords import verify_password
from marketplace.accounts.sessions import find_session
from marketplace.notifications.models import NotificationKind
from tests.accounts.helpers import link_in_last_mail, mails_to
from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory, person

NEW = "een nieuw lang wachtwoord"
NEW_FORM = {"password": NEW, "password_again": NEW}


def _reset_link(client, user):
    client.post("/wachtwoord-vergeten", data={"email": user.email})
    return link_in_last_mail(user, NotificationKind.RESET_PASSWORD)


# Forgot password


def test_forgot_password_page_has_an_email_field(client):
    page = client.get("/wachtwoord-vergeten").get_data(as_text=True)
    assert 'autocomplete="email"' in page


def test_forgot_password_mails_a_reset_link_to_a_known_address(client):
    user = UserFactory(email="jan@example.org")
    client.post("/wachtwoord-vergeten", data={"email": "Jan@example.org"})
    [mail] = mails_to(user, NotificationKind.RESET_PASSWORD)
    assert mail.link_path.startswith("/wachtwoord-herstellen/")
    assert mail.send_email


def without_nonce(page: str) -> str:
    return re.sub(r'nonce="[^"]*"', 'nonce=""', page)


def test_forgot_password_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email="jan@example.org")
    known = client.post("/wachtwoord-vergeten", data={"email": "jan@example.org"})
    known_page = client.get(known.headers["Location"]).get_data(as_text=True)
    unknown = client.post("/wachtwoord-vergeten", data={"email": "piet@example.org"})
    unknown_page = client.get(unknown.headers["Location"]).get_data(as_text=True)
    assert known.headers["Location"] == unknown.headers["Location"]
    # Each page has its own CSP nonce; everything else must be the same.
    assert without_nonce(known_page).replace("jan@", "X@") == without_nonce(unknown_page).replace(
        "piet@", "X@"
    )
    assert "krijgt u binnen een paar minuten een e-mail" in known_page


def test_forgot_password_sends_nothing_to_a_blocked_account(client):
    user = UserFactory(email="jan@example.org", blocked=True)
    client.post("/wachtwoord-vergeten", data={"email": "jan@example.org"})
    assert mails_to(user, NotificationKind.RESET_PASSWORD) == []


def test_forgot_password_without_an_address_says_what_to_fill_in(client):
    response = client.post("/wachtwoord-vergeten", data={"email": ""})
    assert response.status_code == 422
    assert "Vul uw e-mailadres in" in response.get_data(as_text=True)


def test_forgot_password_without_csrf_token_is_refused(client, csrf_enabled):
    user = UserFactory(email="jan@example.org")
    assert client.post("/wachtwoord-vergeten", data={"email": user.email}).status_code == 400
    assert mails_to(user, NotificationKind.RESET_PASSWORD) == []


# Reset password


def test_reset_link_shows_the_new_password_form(client):
    user = UserFactory()
    page = client.get(_reset_link(client, user)).get_data(as_text=True)
    assert "Nieuw wachtwoord kiezen" in page
    assert 'autocomplete="new-password"' in page


def test_reset_sets_the_new_password_and_logs_in(client, session):
    user = UserFactory()
    response = client.post(_reset_link(client, user), data=NEW_FORM)
    assert response.headers["Location"] == "/"
    session.refresh(user)
    assert verify_password(user.password_hash, NEW)
    with client.session_transaction() as flask_session:
        token = flask_session["_user_id"]
    assert find_session(session, token)[0].user_id == user.id


def test_reset_link_works_only_once(client, session):
    user = UserFactory()
    link = _reset_link(client, user)
    client.post(link, data=NEW_FORM)
    response = client.post(
        link,
        data={"password": "nog een ander wachtwoord"}
        | {"password_again": "nog een ander wachtwoord"},
    )
    assert response.status_code == 400
    assert "Deze link werkt niet" in response.get_data(as_text=True)
    session.refresh(user)
    assert verify_password(user.password_hash, NEW)


def test_reset_link_older_than_two_hours_has_expired(client, session, monkeypatch):
    user = UserFactory()
    three_hours_ago = int(time.time()) - 3 * 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: three_hours_ago)
    link = _reset_link(client, user)
    monkeypatch.undo()
    response = client.post(link, data=NEW_FORM)
    assert response.status_code == 400
    assert "Deze link is verlopen" in response.get_data(as_text=True)
    session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


def test_damaged_reset_link_offers_a_new_one(client):
    response = client.get("/wachtwoord-herstellen/kapot")
    assert response.status_code == 400
    assert 'href="/wachtwoord-vergeten"' in response.get_data(as_text=True)


def test_reset_link_of_a_since_blocked_account_does_not_work(client, session):
    user = UserFactory()
    link = _reset_link(client, user)
    user.is_blocked = True
    session.commit()
    response = client.post(link, data=NEW_FORM)
    assert response.status_code == 400
    assert "geblokkeerd" in response.get_data(as_text=True)


def test_reset_with_a_short_password_keeps_the_form(client, session):
    user = UserFactory()
    response = client.post(
        _reset_link(client, user), data={"password": "kort", "password_again": "kort"}
    )
    assert response.status_code == 422
    assert "Kies een wachtwoord van 10 tot 200 tekens" in response.get_data(as_text=True)


def test_reset_confirms_an_unconfirmed_address(client, session):
    user = UserFactory(unconfirmed=True)
    client.post(_reset_link(client, user), data=NEW_FORM)
    session.refresh(user)
    assert user.is_email_confirmed


def test_reset_without_csrf_token_is_refused(client, session, app):
    user = UserFactory()
    link = _reset_link(client, user)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(link, data=NEW_FORM).status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


# Change password


def test_change_password_page_needs_a_login(client):
    assert client.get("/account/wachtwoord").headers["Location"].startswith("/inloggen")


def test_change_password_page_has_current_and_new_password_fields(client):
    log_in(client, person())
    page = client.get("/account/wachtwoord").get_data(as_text=True)
    assert 'autocomplete="current-password"' in page
    assert 'autocomplete="new-password"' in page


def test_change_password_with_the_current_password_works_and_keeps_this_session(client, session):
    user = person()
    log_in(client, user)
    response = client.post("/account/wachtwoord", data={"current_password": PASSWORD, **NEW_FORM})
    assert response.headers["Location"] == "/profiel/"
    session.refresh(user)
    assert verify_password(user.password_hash, NEW)
    assert client.get("/account/wachtwoord").status_code == 200


def test_change_password_ends_other_sessions(client, app, session):
    user = person()
    other_device = log_in(app.test_client(), user)
    log_in(client, user)
    client.post("/account/wachtwoord", data={"current_password": PASSWORD, **NEW_FORM})
    # Requests share the test's app context, so forget the user Flask-Login cached in g.
    g.pop("_login_user", None)
    response = other_device.get("/account/wachtwoord")
    assert response.headers["Location"].startswith("/inloggen")


def test_change_password_with_a_wrong_current_password_is_refused(client, session):
    user = person()
    log_in(client, user)
    response = client.post(
        "/account/wachtwoord", data={"current_password": "dit is hem niet", **NEW_FORM}
    )
    assert response.status_code == 422
    assert "Dit is niet uw huidige wachtwoord" in response.get_data(as_text=True)
    session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


def test_change_password_to_a_short_one_is_refused(client):
    log_in(client, person())
    response = client.post(
        "/account/wachtwoord",
        data={"current_password": PASSWORD, "password": "kort", "password_again": "kort"},
    )
    assert response.status_code == 422


def test_change_password_without_csrf_token_is_refused(client, session, csrf_enabled):
    user = person()
    log_in(client, user)
    response = client.post("/account/wachtwoord", data={"current_password": PASSWORD, **NEW_FORM})
    assert response.status_code == 400
    session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)
