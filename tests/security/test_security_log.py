"""The security event log: one JSON line per event, never a secret."""

from __future__ import annotations

import logging

import pytest

from marketplace.security_log import log_security_event, read_security_events, security_log_dir
from tests.accounts.conftest import rate_limited_client  # noqa: F401  (a fixture)


def _today_file():
    files = sorted(security_log_dir().glob("security-*.jsonl"))
    assert files, "no security log written"
    return files[-1]


def test_an_event_is_one_json_line_with_time_event_and_user(app):
    with app.test_request_context("/inloggen", environ_base={"REMOTE_ADDR": "192.0.2.7"}):
        log_security_event("login.failed", user_id=42, reason="wrong_password")
    last = read_security_events(_today_file())[-1]
    assert last["event"] == "login.failed"
    assert last["user_id"] == 42
    assert last["ip"] == "192.0.2.7"
    assert last["path"] == "/inloggen"
    assert last["reason"] == "wrong_password"
    assert last["at"].endswith("+00:00")


@pytest.mark.parametrize("key", ["password", "new_password", "reset_token", "totp_secret"])
def test_a_field_that_could_hold_a_secret_is_refused(key):
    with pytest.raises(ValueError, match=key):
        log_security_event("account.changed", user_id=1, **{key: "geheim"})


def test_a_log_in_after_a_reset_leaves_no_token_in_the_log(client):
    from marketplace.notifications.models import NotificationKind
    from tests.accounts.helpers import link_in_last_mail
    from tests.factories import UserFactory

    user = UserFactory()
    client.post("/wachtwoord-vergeten", data={"email": user.email})
    link = link_in_last_mail(user, NotificationKind.RESET_PASSWORD)
    token = link.rsplit("/", 1)[-1]
    new = "een nieuw lang wachtwoord"
    client.post(link, data={"password": new, "password_again": new})
    text = "".join(f.read_text() for f in security_log_dir().glob("security-*.jsonl"))
    assert text, "no security log written"
    assert token not in text
    paths = {event.get("path") for event in read_security_events()}
    assert "/wachtwoord-herstellen/<token>" in paths


def test_events_also_go_to_standard_error_for_the_log_collector(app):
    logger = logging.getLogger("buurthulp.security")
    assert logger.isEnabledFor(logging.INFO)
    assert any(isinstance(h, logging.StreamHandler) for h in logger.handlers)
    assert logger.propagate is False  # not twice through the root logger


# Refusals are logged: 403, failed CSRF checks and 429


def _events(name):
    return [event for event in read_security_events() if event["event"] == name]


def test_a_refused_page_is_logged_as_access_denied(client):
    from tests.conftest import log_in
    from tests.factories import person

    user = person()
    log_in(client, user)
    before = len(_events("access.denied"))
    assert client.get("/moderatie/").status_code == 403
    [event] = _events("access.denied")[before:]
    assert event["user_id"] == user.id and event["method"] == "GET"
    assert event["path"].startswith("/moderatie")


def test_a_failed_csrf_check_is_logged(client, csrf_enabled):
    before = len(_events("csrf.failed"))
    assert client.post("/wachtwoord-vergeten", data={"email": "x@example.org"}).status_code == 400
    [event] = _events("csrf.failed")[before:]
    assert event["path"] == "/wachtwoord-vergeten" and event["user_id"] is None


def test_a_rate_limited_request_is_logged(request):
    limited = request.getfixturevalue("rate_limited_client")
    for _ in range(11):
        response = limited.post("/wachtwoord-vergeten", data={})
    assert response.status_code == 429
    with limited.application.app_context():
        events = [e for e in read_security_events() if e["event"] == "rate.limited"]
    assert events and events[-1]["path"] == "/wachtwoord-vergeten"
