from __future__ import annotations

from argon2 import PasswordHasher

from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory, person


def _log_in_form(client, email, password=PASSWORD, **extra):
    return client.post("/inloggen", data={"email": email, "password": password, **extra})


def test_login_page_has_email_and_password_autocomplete(client):
    page = client.get("/inloggen").get_data(as_text=True)
    assert 'autocomplete="email"' in page
    assert 'autocomplete="current-password"' in page


def test_login_page_keeps_the_next_page_in_the_form(client):
    page = client.get("/inloggen?next=/oproepen/mijn").get_data(as_text=True)
    assert 'value="/oproepen/mijn"' in page


def test_right_password_logs_in_and_goes_home(client):
    UserFactory(email="jan@example.org")
    response = _log_in_form(client, "jan@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    with client.session_transaction() as flask_session:
        assert flask_session.get("_user_id")


def test_email_is_matched_without_regard_to_capitals_and_spaces(client):
    UserFactory(email="jan@example.org")
    assert _log_in_form(client, "  Jan@Example.org ").status_code == 302


def test_login_goes_to_a_safe_next_page(client):
    UserFactory(email="jan@example.org")
    response = _log_in_form(client, "jan@example.org", next="/oproepen/mijn")
    assert response.headers["Location"] == "/oproepen/mijn"


def test_login_ignores_a_next_page_on_another_site(client):
    UserFactory(email="jan@example.org")
    response = _log_in_form(client, "jan@example.org", next="https://evil.example/")
    assert response.headers["Location"] == "/"


def test_login_records_the_time(client, session):
    user = UserFactory(email="jan@example.org")
    _log_in_form(client, "jan@example.org")
    session.refresh(user)
    assert user.last_login_at is not None


def test_wrong_password_gets_one_generic_message_and_keeps_the_email(client):
    UserFactory(email="jan@example.org")
    response = _log_in_form(client, "jan@example.org", password="niet het goede wachtwoord")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Het e-mailadres of het wachtwoord klopt niet" in page
    assert 'value="jan@example.org"' in page


def test_unknown_email_gets_the_same_message_as_a_wrong_password(client):
    response = _log_in_form(client, "niemand@example.org")
    assert response.status_code == 422
    assert "Het e-mailadres of het wachtwoord klopt niet" in response.get_data(as_text=True)


def test_empty_login_form_says_what_to_fill_in(client):
    response = client.post("/inloggen", data={})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vul uw e-mailadres in" in page
    assert "Vul uw wachtwoord in" in page


def test_blocked_person_cannot_log_in_and_is_told_why(client):
    UserFactory(email="jan@example.org", blocked=True)
    response = _log_in_form(client, "jan@example.org")
    assert response.status_code == 403
    assert "Uw account is geblokkeerd" in response.get_data(as_text=True)
    with client.session_transaction() as flask_session:
        assert not flask_session.get("_user_id")


def test_blocked_state_is_not_revealed_without_the_password(client):
    UserFactory(email="jan@example.org", blocked=True)
    response = _log_in_form(client, "jan@example.org", password="geraden wachtwoord")
    assert "geblokkeerd" not in response.get_data(as_text=True)


def test_an_old_hash_is_upgraded_at_login(client, session):
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    user = UserFactory(email="jan@example.org", password_hash=weak)
    _log_in_form(client, "jan@example.org")
    session.refresh(user)
    assert user.password_hash != weak
    assert user.password_hash.startswith("$argon2id$")


def test_logged_in_person_visiting_login_goes_on(client):
    log_in(client, person())
    response = client.get("/inloggen?next=/oproepen/mijn")
    assert response.headers["Location"] == "/oproepen/mijn"


def test_login_without_csrf_token_is_refused(client, csrf_enabled):
    UserFactory(email="jan@example.org")
    response = _log_in_form(client, "jan@example.org")
    assert response.status_code == 400
    with client.session_transaction() as flask_session:
        assert not flask_session.get("_user_id")


def test_too_many_login_attempts_get_the_wait_page(rate_limited_client):
    for _ in range(10):  # empty forms count too, and need no slow password hashing
        assert rate_limited_client.post("/inloggen", data={}).status_code == 422
    response = _log_in_form(rate_limited_client, "jan@example.org")
    assert response.status_code == 429
    assert "U heeft dit te vaak geprobeerd" in response.get_data(as_text=True)


def test_too_many_reset_requests_get_the_wait_page(rate_limited_client):
    for _ in range(10):
        rate_limited_client.post("/wachtwoord-vergeten", data={})
    response = rate_limited_client.post("/wachtwoord-vergeten", data={"email": "x@example.org"})
    assert response.status_code == 429


def test_logout_ends_the_session(client):
    log_in(client, person())
    response = client.post("/uitloggen")
    assert response.headers["Location"] == "/"
    with client.session_transaction() as flask_session:
        assert not flask_session.get("_user_id")


def test_logout_by_a_visitor_just_goes_home(client):
    assert client.post("/uitloggen").headers["Location"] == "/"


def test_logout_by_get_is_not_allowed(client):
    log_in(client, person())
    response = client.get("/uitloggen")
    assert response.status_code == 405


def test_logout_without_csrf_token_is_refused(client, csrf_enabled):
    log_in(client, person())
    assert client.post("/uitloggen").status_code == 400


def test_blocking_someone_ends_their_session(client, session):
    user = person()
    log_in(client, user)
    user.is_blocked = True
    session.commit()
    response = client.get("/account/wachtwoord")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen")
