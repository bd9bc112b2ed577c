from __future__ import annotations

import time

from itsdangerous import TimestampSigner
from sqlalchemy import select

from marketplace.accounts import tokens
from marketplace.accounts.login import log_in_user
from marketplace.accounts.models import User
from marketplace.accounts.permissions import confirmed_required
from marketplace.notifications.models import NotificationKind
from tests.accounts.helpers import link_in_last_mail, mails_to
from tests.conftest import log_in
from tests.factories import UserFactory, person


def _confirm_link(user):
    from marketplace.accounts.mail_links import confirm_fingerprint

    token = tokens.make_token(
        tokens.CONFIRM_EMAIL, {"user_id": user.id, "em": confirm_fingerprint(user)}
    )
    return f"/bevestigen/{token}"


def test_confirmation_link_confirms_the_address(client, session):
    user = UserFactory(unconfirmed=True)
    response = client.get(_confirm_link(user))
    session.refresh(user)
    assert user.email_confirmed_at is not None
    assert response.headers["Location"] == "/inloggen"


def test_link_from_the_registration_mail_works(client, session):
    client.post(
        "/registreren",
        data={
            "display_name": "Ans",
            "email": "ans@example.org",
            "password": "fiets naar de markt",
            "password_again": "fiets naar de markt",
        },
    )
    user = session.scalar(select(User))
    response = client.get(link_in_last_mail(user, NotificationKind.CONFIRM_EMAIL))
    assert response.headers["Location"] == "/"
    session.refresh(user)
    assert user.is_email_confirmed


def test_using_the_confirmation_link_twice_is_harmless(client, session):
    user = UserFactory(unconfirmed=True)
    link = _confirm_link(user)
    client.get(link)
    session.refresh(user)
    first = user.email_confirmed_at
    assert client.get(link).status_code == 302
    session.refresh(user)
    assert user.email_confirmed_at == first


def test_damaged_confirmation_link_gets_a_friendly_page(client):
    response = client.get("/bevestigen/dit-is-geen-token")
    assert response.status_code == 400
    assert "Deze link werkt niet" in response.get_data(as_text=True)


def test_expired_confirmation_link_says_it_expired(client, session, monkeypatch):
    user = UserFactory(unconfirmed=True)
    eight_days_ago = int(time.time()) - 8 * 24 * 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: eight_days_ago)
    link = _confirm_link(user)
    monkeypatch.undo()
    response = client.get(link)
    assert response.status_code == 400
    assert "Deze link is verlopen" in response.get_data(as_text=True)
    session.refresh(user)
    assert user.email_confirmed_at is None


def test_confirmation_link_for_an_old_address_does_not_confirm_the_new_one(client, session):
    user = UserFactory(unconfirmed=True, email="oud@example.org")
    link = _confirm_link(user)
    user.email = "nieuw@example.org"
    session.commit()
    assert client.get(link).status_code == 400
    session.refresh(user)
    assert user.email_confirmed_at is None


def test_reset_token_is_no_confirmation_link(client, session):
    user = UserFactory(unconfirmed=True)
    token = tokens.make_token(tokens.RESET_PASSWORD, {"user_id": user.id, "email": user.email})
    assert client.get(f"/bevestigen/{token}").status_code == 400


def test_confirmation_page_offers_to_send_the_mail_again(client):
    log_in(client, UserFactory(unconfirmed=True, email="ans@example.org"))
    page = client.get("/bevestigen").get_data(as_text=True)
    assert "Bevestig eerst uw e-mailadres" in page
    assert "ans@example.org" in page
    assert 'action="/bevestigen/opnieuw"' in page


def test_confirmation_page_sends_confirmed_people_home(client):
    log_in(client, person())
    assert client.get("/bevestigen").headers["Location"] == "/"


def test_confirmation_page_asks_a_visitor_to_log_in(client):
    assert client.get("/bevestigen").headers["Location"].startswith("/inloggen")


def test_resend_queues_a_new_confirmation_mail(client):
    user = UserFactory(unconfirmed=True)
    log_in(client, user)
    response = client.post("/bevestigen/opnieuw")
    assert response.headers["Location"] == "/bevestigen"
    assert len(mails_to(user, NotificationKind.CONFIRM_EMAIL)) == 1


def test_resend_for_a_confirmed_address_sends_nothing(client):
    user = person()
    log_in(client, user)
    client.post("/bevestigen/opnieuw")
    assert mails_to(user, NotificationKind.CONFIRM_EMAIL) == []


def test_resend_needs_a_login(client):
    assert client.post("/bevestigen/opnieuw").headers["Location"].startswith("/inloggen")


def test_resend_without_csrf_token_is_refused(client, csrf_enabled):
    user = UserFactory(unconfirmed=True)
    log_in(client, user)
    assert client.post("/bevestigen/opnieuw").status_code == 400
    assert mails_to(user, NotificationKind.CONFIRM_EMAIL) == []


def test_confirmed_required_sends_unconfirmed_people_to_the_explanation(app):
    view = confirmed_required(lambda: "geplaatst")
    with app.test_request_context("/oproepen/nieuw"):
        log_in_user(UserFactory(unconfirmed=True))
        response = view()
    assert response.status_code == 302
    assert response.headers["Location"] == "/bevestigen"


def test_confirmed_required_lets_confirmed_people_through(app):
    view = confirmed_required(lambda: "geplaatst")
    with app.test_request_context("/oproepen/nieuw"):
        log_in_user(person())
        assert view() == "geplaatst"


def test_confirmed_required_asks_a_visitor_to_log_in(app):
    view = confirmed_required(lambda: "geplaatst")
    with app.test_request_context("/oproepen/nieuw"):
        response = view()
    assert response.headers["Location"].startswith("/inloggen")
