"""Throttling per account as well as per address (IP): log-in, reset mails, confirmation mails."""

from __future__ import annotations

import time
from pathlib import Path

import limits.storage.memory
import pytest
from limits import parse

from marketplace.accounts import services, throttle
from marketplace.security_log import read_security_events
from marketplace.timestamps import LOCAL_TIME, utcnow
from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory

LOCKED = "Te vaak een verkeerd wachtwoord. Wacht 15 minuten of vraag een nieuw wachtwoord aan."


def _log_in_form(client, email, password=PASSWORD, address="10.0.0.1"):
    return client.post(
        "/inloggen",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def _events(client, name):
    day = utcnow().astimezone(LOCAL_TIME).date().isoformat()
    log = Path(client.application.instance_path) / "logs" / f"security-{day}.jsonl"
    return [event for event in read_security_events(log) if event["event"] == name]


def _guess_from_ten_addresses(client, email):
    for n in range(10):
        response = _log_in_form(client, email, "fout-wachtwoord", address=f"10.0.1.{n}")
        assert response.status_code == 422


@pytest.fixture
def later(monkeypatch):
    """Move the rate limiter's clock (its in-memory storage) forward."""

    def move(seconds: float) -> None:
        start = time.time()

        class Clock:
            @staticmethod
            def time() -> float:
                return start + seconds

        monkeypatch.setattr(limits.storage.memory, "time", Clock)

    return move


def test_ten_wrong_passwords_from_ten_addresses_lock_the_account(rate_limited_client):
    user = UserFactory(email="jan@example.org")
    _guess_from_ten_addresses(rate_limited_client, "jan@example.org")

    # Even the right password, from yet another address, is refused for now.
    response = _log_in_form(rate_limited_client, "Jan@Example.org ", address="10.0.2.1")

    assert response.status_code == 429
    assert LOCKED in response.get_data(as_text=True)
    with rate_limited_client.session_transaction() as flask_session:
        assert not flask_session.get("_user_id")
    assert [event["user_id"] for event in _events(rate_limited_client, "login.locked")] == [user.id]


def test_a_locked_account_does_not_lock_other_accounts(rate_limited_client):
    UserFactory(email="jan@example.org")
    UserFactory(email="piet@example.org")
    _guess_from_ten_addresses(rate_limited_client, "jan@example.org")
    assert _log_in_form(rate_limited_client, "piet@example.org", address="10.0.1.1").status_code
    assert _log_in_form(rate_limited_client, "piet@example.org", address="10.0.1.2").headers.get(
        "Location"
    ) in {"/", None}


def test_the_lock_ends_after_15_minutes(rate_limited_client, later):
    UserFactory(email="jan@example.org")
    _guess_from_ten_addresses(rate_limited_client, "jan@example.org")
    later(15 * 60 + 1)
    response = _log_in_form(rate_limited_client, "jan@example.org", address="10.0.2.1")
    assert response.status_code == 302


def test_a_successful_log_in_starts_the_count_afresh(rate_limited_client):
    UserFactory(email="jan@example.org")
    for n in range(9):
        _log_in_form(rate_limited_client, "jan@example.org", "fout", address=f"10.0.1.{n}")
    assert (
        _log_in_form(rate_limited_client, "jan@example.org", address="10.0.2.1").status_code == 302
    )
    rate_limited_client.post("/uitloggen")
    for n in range(9):
        _log_in_form(rate_limited_client, "jan@example.org", "fout", address=f"10.0.3.{n}")
    assert (
        _log_in_form(rate_limited_client, "jan@example.org", address="10.0.2.1").status_code == 302
    )


def test_unknown_addresses_are_locked_the_same_way(rate_limited_client):
    _guess_from_ten_addresses(rate_limited_client, "niemand@example.org")
    response = _log_in_form(rate_limited_client, "niemand@example.org", address="10.0.2.1")
    assert response.status_code == 429
    assert LOCKED in response.get_data(as_text=True)


def test_wrong_passwords_from_one_address_lock_that_address(rate_limited_client, monkeypatch):
    monkeypatch.setattr(throttle, "LOGIN_FAILURES_PER_ADDRESS", parse("3 per hour"))
    UserFactory(email="jan@example.org")
    for n in range(3):  # a different account each time: no account gets locked
        _log_in_form(rate_limited_client, f"iemand{n}@example.org", "fout", address="10.9.9.9")
    blocked = _log_in_form(rate_limited_client, "jan@example.org", address="10.9.9.9")
    assert blocked.status_code == 429
    assert "Vanaf deze internetverbinding" in blocked.get_data(as_text=True)
    assert (
        _log_in_form(rate_limited_client, "jan@example.org", address="10.9.9.8").status_code == 302
    )


def test_log_ins_and_failures_are_in_the_security_log(rate_limited_client):
    user = UserFactory(email="jan@example.org")
    _log_in_form(rate_limited_client, "jan@example.org", "fout")
    _log_in_form(rate_limited_client, "jan@example.org")
    failed = _events(rate_limited_client, "login.failed")
    assert [(e["user_id"], e["reason"]) for e in failed] == [(user.id, "wrong_password")]
    assert [e["user_id"] for e in _events(rate_limited_client, "login.succeeded")] == [user.id]
    text = str(failed) + str(_events(rate_limited_client, "login.succeeded"))
    assert "fout" not in text and "jan@example.org" not in text


def _count_calls(monkeypatch, name):
    calls = []
    original = getattr(services, name)
    monkeypatch.setattr(services, name, lambda *a, **k: calls.append(1) or original(*a, **k))
    return calls


def test_reset_mails_for_one_address_are_limited_whatever_the_ip(rate_limited_client, monkeypatch):
    UserFactory(email="jan@example.org")
    sent = _count_calls(monkeypatch, "request_password_reset")
    for n in range(3):
        response = rate_limited_client.post(
            "/wachtwoord-vergeten",
            data={"email": "jan@example.org"},
            environ_base={"REMOTE_ADDR": f"10.0.4.{n}"},
        )
        assert response.status_code == 302
    response = rate_limited_client.post(
        "/wachtwoord-vergeten",
        data={"email": "JAN@example.org"},
        environ_base={"REMOTE_ADDR": "10.0.5.1"},
    )
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "al een paar keer een nieuw wachtwoord aangevraagd" in page
    assert 'value="JAN@example.org"' in page  # what was typed stays
    assert len(sent) == 3


def test_reset_requests_for_an_unknown_address_get_the_same_answer(rate_limited_client):
    for n in range(3):
        rate_limited_client.post(
            "/wachtwoord-vergeten",
            data={"email": "niemand@example.org"},
            environ_base={"REMOTE_ADDR": f"10.0.4.{n}"},
        )
    response = rate_limited_client.post(
        "/wachtwoord-vergeten", data={"email": "niemand@example.org"}
    )
    assert response.status_code == 429


def test_confirmation_mails_for_one_account_are_limited(rate_limited_client, monkeypatch):
    user = UserFactory(unconfirmed=True)
    sent = _count_calls(monkeypatch, "send_confirmation")
    log_in(rate_limited_client, user)
    for n in range(3):
        rate_limited_client.post("/bevestigen/opnieuw", environ_base={"REMOTE_ADDR": f"10.0.6.{n}"})
    response = rate_limited_client.post(
        "/bevestigen/opnieuw", environ_base={"REMOTE_ADDR": "10.0.7.1"}, follow_redirects=True
    )
    assert "We hebben u al een paar keer een e-mail gestuurd" in response.get_data(as_text=True)
    assert len(sent) == 3


def test_confirmation_links_are_limited_per_address(rate_limited_client):
    for _ in range(30):
        assert rate_limited_client.get("/bevestigen/onzin").status_code == 400
    assert rate_limited_client.get("/bevestigen/onzin").status_code == 429


def test_reset_links_are_limited_per_address(rate_limited_client):
    for _ in range(30):
        assert rate_limited_client.get("/wachtwoord-herstellen/onzin").status_code == 400
    assert rate_limited_client.get("/wachtwoord-herstellen/onzin").status_code == 429


def test_without_rate_limiting_nothing_is_counted(client):
    UserFactory(email="jan@example.org")
    for _ in range(12):
        _log_in_form(client, "jan@example.org", "fout")
    assert _log_in_form(client, "jan@example.org").status_code == 302
