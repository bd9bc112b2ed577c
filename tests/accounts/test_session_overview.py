"""The person's own list of log-in sessions on the account page, logging out one device,
and an admin logging someone out everywhere."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.sessions import UserSession, count_sessions
from marketplace.audit import AuditEvent
from marketplace.extensions import db
from marketplace.security_log import read_security_events
from tests.accounts.helpers import log_in_through_form
from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory, person

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0"


def _sessions_of(user):
    return list(db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)))


def _is_logged_in(client) -> bool:
    return client.get("/account/wachtwoord").status_code == 200


def test_the_account_page_lists_every_session_and_marks_this_device(app, client):
    user = person()
    other = app.test_client()
    log_in_through_form(other, user, PASSWORD)
    log_in_through_form(client, user, PASSWORD, **{})
    db.session.execute(
        UserSession.__table__.update()
        .where(UserSession.user_id == user.id)
        .values(user_agent="Firefox / Windows")
    )
    db.session.commit()
    page = client.get("/profiel/").get_data(as_text=True)
    assert page.count('action="/account/sessies/') == 2
    assert page.count("(dit apparaat)") == 1
    assert "Firefox / Windows" in page
    assert "Uitloggen op dit apparaat" in page


def test_the_browser_summary_is_taken_at_log_in(client):
    user = person()
    client.post(
        "/inloggen",
        data={"email": user.email, "password": PASSWORD},
        headers={"User-Agent": FIREFOX},
    )
    [row] = _sessions_of(user)
    assert row.user_agent == "Firefox / Windows"


def test_logging_out_another_device_ends_only_that_session(app, client):
    user = person()
    other = log_in(app.test_client(), user)
    log_in(client, user)
    [other_row] = [r for r in _sessions_of(user) if r.id == min(r.id for r in _sessions_of(user))]
    response = client.post(f"/account/sessies/{other_row.id}/uitloggen")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/profiel/#apparaten")
    assert not _is_logged_in(other)
    assert _is_logged_in(client)
    assert count_sessions(db.session, user) == 1


def test_logging_out_this_device_logs_out_here(client):
    user = person()
    log_in(client, user)
    [row] = _sessions_of(user)
    response = client.post(f"/account/sessies/{row.id}/uitloggen")
    assert response.headers["Location"] == "/inloggen"
    assert not _is_logged_in(client)
    assert count_sessions(db.session, user) == 0


def test_someone_elses_session_is_a_404_and_stays(app, client):
    anna, ben = person(), person()
    log_in(app.test_client(), ben)
    [bens] = _sessions_of(ben)
    log_in(client, anna)
    assert client.post(f"/account/sessies/{bens.id}/uitloggen").status_code == 404
    assert client.post("/account/sessies/999999/uitloggen").status_code == 404
    assert count_sessions(db.session, ben) == 1


def test_logging_out_a_device_needs_a_csrf_token(client, csrf_enabled):
    user = person()
    log_in(client, user)
    [row] = _sessions_of(user)
    assert client.post(f"/account/sessies/{row.id}/uitloggen").status_code == 400
    assert count_sessions(db.session, user) == 1


def test_logging_out_a_device_needs_a_log_in(client):
    response = client.post("/account/sessies/1/uitloggen")
    assert response.headers["Location"].startswith("/inloggen")


# An admin logs someone out everywhere


def test_an_admin_logs_someone_out_everywhere_audited_and_logged(app, client):
    resident = person()
    phone, laptop = log_in(app.test_client(), resident), log_in(app.test_client(), resident)
    admin = UserFactory(admin=True)
    log_in(client, admin)
    page = client.get(f"/beheer/gebruikers/{resident.id}").get_data(as_text=True)
    assert "op 2 apparaten ingelogd" in page
    assert f'action="/beheer/gebruikers/{resident.id}/overal-uitloggen"' in page
    response = client.post(f"/beheer/gebruikers/{resident.id}/overal-uitloggen")
    assert response.status_code == 302
    assert count_sessions(db.session, resident) == 0
    assert not _is_logged_in(phone) and not _is_logged_in(laptop)
    assert _is_logged_in(client)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.end_sessions"))
    assert (event.actor_id, event.target_id) == (admin.id, resident.id)
    logged = [e for e in read_security_events() if e["event"] == "session.ended_by_admin"][-1]
    assert (logged["user_id"], logged["by_user_id"], logged["sessions"]) == (
        resident.id,
        admin.id,
        2,
    )


def test_only_admins_log_others_out_everywhere(client):
    resident = person()
    log_in(client, UserFactory(moderator=True))
    response = client.post(f"/beheer/gebruikers/{resident.id}/overal-uitloggen")
    assert response.status_code in (403, 404)


def test_an_unknown_person_is_a_404(client):
    log_in(client, UserFactory(admin=True))
    assert client.post("/beheer/gebruikers/999999/overal-uitloggen").status_code == 404


def test_browser_summaries():
    from marketplace.accounts.login import browser_summary

    android = (
        "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) "
        "SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36"
    )
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
    )
    edge = (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0"
    )
    assert browser_summary(android) == "Samsung Internet / Android"
    assert browser_summary(iphone) == "Safari / iPhone"
    assert browser_summary(edge) == "Edge / Windows"
    assert browser_summary("curl/8.0") is None
    assert browser_summary(None) is None
