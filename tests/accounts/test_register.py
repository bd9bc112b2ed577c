from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.accounts.passwords import verify_password
from marketplace.notifications.models import NotificationKind
from tests.accounts.helpers import mails_to
from tests.conftest import log_in
from tests.factories import UserFactory, person

GOOD = {
    "display_name": "Ans",
    "email": "  Ans.de.Vries@Example.ORG ",
    "password": "fiets naar de markt",
    "password_again": "fiets naar de markt",
}


def test_register_page_asks_for_name_email_and_new_password(client):
    page = client.get("/registreren").get_data(as_text=True)
    assert 'autocomplete="email"' in page
    assert 'autocomplete="new-password"' in page
    assert "Uw naam" in page


def test_logged_in_person_visiting_register_goes_home(client):
    log_in(client, person())
    response = client.get("/registreren")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_registering_stores_a_lower_case_address_and_an_argon2_hash(client, session):
    client.post("/registreren", data=GOOD)
    user = session.scalar(select(User))
    assert user.email == "ans.de.vries@example.org"
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, "fiets naar de markt")


def test_registering_creates_the_profile_with_the_display_name(client, session):
    client.post("/registreren", data=GOOD)
    user = session.scalar(select(User))
    assert user.profile.display_name == "Ans"
    assert user.profile.postcode is None


def test_registering_logs_in_and_sends_to_the_profile_page(client):
    response = client.post("/registreren", data=GOOD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/profiel/"
    with client.session_transaction() as flask_session:
        assert flask_session.get("_user_id")


def test_registering_queues_one_confirmation_mail_with_a_link(client, session):
    client.post("/registreren", data=GOOD)
    user = session.scalar(select(User))
    [mail] = mails_to(user, NotificationKind.CONFIRM_EMAIL)
    assert mail.status == "pending"
    assert mail.to_email == "ans.de.vries@example.org"
    assert mail.link_path.startswith("/bevestigen/")
    assert "http://localhost/bevestigen/" in mail.body
    assert mail.subject == "Bevestig uw e-mailadres voor Buurthulp"


def test_new_account_is_not_confirmed(client, session):
    client.post("/registreren", data=GOOD)
    assert session.scalar(select(User)).email_confirmed_at is None


def test_duplicate_email_gets_a_clear_message_and_keeps_the_typed_values(client, session):
    UserFactory(email="ans.de.vries@example.org")
    response = client.post("/registreren", data=GOOD)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Er is al een account met dit e-mailadres" in page
    assert 'value="Ans"' in page
    assert session.scalar(select(User).where(User.email.like("%de.vries%"))).profile is None


def test_short_password_is_refused_with_the_minimum_length(client, session):
    data = {**GOOD, "password": "kort", "password_again": "kort"}
    response = client.post("/registreren", data=data)
    assert response.status_code == 422
    assert "Kies een wachtwoord van 10 tot 200 tekens" in response.get_data(as_text=True)
    assert session.scalar(select(User)) is None


def test_huge_password_is_a_form_error_not_a_crash(client):
    data = {**GOOD, "password": "x" * 5000, "password_again": "x" * 5000}
    assert client.post("/registreren", data=data).status_code == 422


def test_different_repeated_password_is_refused(client):
    response = client.post("/registreren", data={**GOOD, "password_again": "iets anders!!"})
    assert response.status_code == 422
    assert "De twee wachtwoorden zijn niet gelijk" in response.get_data(as_text=True)


def test_malformed_email_is_refused_with_an_example(client, session):
    response = client.post("/registreren", data={**GOOD, "email": "ans-at-example"})
    assert response.status_code == 422
    assert "bijvoorbeeld naam@voorbeeld.nl" in response.get_data(as_text=True)
    assert 'value="ans-at-example"' in response.get_data(as_text=True)


def test_too_long_display_name_is_a_form_error(client):
    response = client.post("/registreren", data={**GOOD, "display_name": "A" * 81})
    assert response.status_code == 422
    assert "Deze naam is te lang" in response.get_data(as_text=True)


def test_register_without_csrf_token_is_refused(client, session, csrf_enabled):
    response = client.post("/registreren", data=GOOD)
    assert response.status_code == 400
    assert session.scalar(select(User)) is None
