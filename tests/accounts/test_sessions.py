"""Log-in sessions live on the server: log-out, timeouts, "overal uitloggen", new ids."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.accounts import sessions
from marketplace.accounts.sessions import UserSession, count_sessions, purge_expired_sessions
from marketplace.moderation.services import block_user
from marketplace.timestamps import utcnow
from tests.accounts.helpers import log_in_through_form
from tests.conftest import log_in
from tests.factories import PASSWORD, MembershipFactory, UserFactory, person

PRIVATE_PAGE = "/account/wachtwoord"


def _log_in_form(client, user, **extra):
    return log_in_through_form(client, user, PASSWORD, **extra)


def _is_logged_in(client) -> bool:
    response = client.get(PRIVATE_PAGE)
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen")
    return False


def _token(client) -> str:
    with client.session_transaction() as flask_session:
        return flask_session["_user_id"]


@pytest.fixture
def clock(monkeypatch):
    """Move the sessions' clock: ``clock(minutes=31)`` is 31 minutes from now."""
    start = utcnow()

    def move(**delta: float) -> None:
        monkeypatch.setattr(sessions, "utcnow", lambda: start + timedelta(**delta))

    move()
    return move


def test_a_copied_cookie_stops_working_after_log_out(app, client):
    user = person()
    _log_in_form(client, user)
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    assert _is_logged_in(thief)

    client.post("/uitloggen")

    assert not _is_logged_in(thief)


def test_log_out_deletes_the_session_on_the_server(client, session):
    user = person()
    _log_in_form(client, user)
    assert count_sessions(session, user) == 1
    client.post("/uitloggen")
    assert count_sessions(session, user) == 0


def test_the_cookie_holds_only_a_random_token(client, session):
    user = person()
    _log_in_form(client, user, remember="y")
    token = _token(client)
    cookies = client.get_cookie("session").value + client.get_cookie("remember_token").value
    assert user.password_hash[-12:] not in cookies
    assert not token.startswith(f"{user.id}:")
    assert len(token) >= 40
    # The server keeps a digest, never the token itself.
    row = session.scalars(select(UserSession)).one()
    assert row.token_digest != token
    assert token not in row.token_digest


def test_the_session_id_changes_at_log_in_and_other_choices_stay(client, session):
    user = person()
    planted = sessions.start_session(session, UserFactory())  # e.g. a token someone planted
    session.commit()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = "niet-meer-geldig"
        flask_session["csrf_token"] = "oud"
        flask_session["next_step"] = "oproep-plaatsen"

    _log_in_form(client, user)

    with client.session_transaction() as flask_session:
        assert flask_session["_user_id"] not in {"niet-meer-geldig", planted}
        assert "csrf_token" not in flask_session
        assert flask_session["next_step"] == "oproep-plaatsen"


def test_every_log_in_gets_a_new_session(client, session):
    user = person()
    _log_in_form(client, user)
    first = _token(client)
    client.post("/uitloggen")
    _log_in_form(client, user)
    assert _token(client) != first
    assert count_sessions(session, user) == 1


def test_a_resident_is_logged_out_after_30_minutes_doing_nothing(client, session, clock):
    user = person()
    log_in(client, user)
    clock(minutes=29)
    assert _is_logged_in(client)
    clock(minutes=29 + 31)
    assert not _is_logged_in(client)
    assert count_sessions(session, user) == 0


def test_a_resident_who_chose_to_stay_logged_in_stays_for_30_days(client, clock):
    user = person()
    _log_in_form(client, user, remember="y")
    clock(hours=5)
    assert _is_logged_in(client)
    clock(days=29)
    assert _is_logged_in(client)
    clock(days=30, minutes=1)  # 30 days after logging in, however active
    assert not _is_logged_in(client)


def test_a_moderator_is_logged_out_after_30_minutes_even_with_stay_logged_in(client, clock):
    user = UserFactory(moderator=True)
    _log_in_form(client, user, remember="y")
    assert client.get_cookie("remember_token") is None  # no long-lived cookie for staff
    clock(minutes=31)
    assert not _is_logged_in(client)


def test_organisation_staff_is_logged_out_after_30_minutes(client, clock):
    user = MembershipFactory().user
    _log_in_form(client, user, remember="y")
    clock(minutes=31)
    assert not _is_logged_in(client)


def test_staff_must_log_in_again_after_12_hours_however_active(client, clock):
    user = UserFactory(admin=True)
    log_in(client, user)
    for step in range(1, 36):  # a request every 20 minutes, for 11 hours 40 minutes
        clock(minutes=20 * step)
        assert _is_logged_in(client)
    clock(hours=12, minutes=1)
    assert not _is_logged_in(client)


def test_last_seen_is_written_at_most_once_a_minute(client, session, clock):
    user = person()
    log_in(client, user)
    first = session.scalars(select(UserSession)).one().last_seen_at
    clock(seconds=30)
    client.get(PRIVATE_PAGE)
    session.expire_all()
    assert session.scalars(select(UserSession)).one().last_seen_at == first
    clock(minutes=2)
    client.get(PRIVATE_PAGE)
    session.expire_all()
    assert session.scalars(select(UserSession)).one().last_seen_at > first


def test_remember_cookie_logs_in_again_only_while_the_session_lives(app, client):
    user = person()
    _log_in_form(client, user, remember="y")
    later = app.test_client()  # the browser was closed: only the remember cookie is left
    later.set_cookie("remember_token", client.get_cookie("remember_token").value)
    assert _is_logged_in(later)

    copied = client.get_cookie("remember_token").value
    client.post("/uitloggen")

    assert client.get_cookie("remember_token") is None
    stolen = app.test_client()
    stolen.set_cookie("remember_token", copied)
    assert not _is_logged_in(stolen)
    assert not _is_logged_in(later)


def test_log_out_everywhere_ends_every_session_of_that_person(app, client, session):
    user = person()
    other = person()
    log_in(client, user)
    phone = log_in(app.test_client(), user)
    neighbour = log_in(app.test_client(), other)

    response = client.post("/account/overal-uitloggen")

    assert response.headers["Location"].startswith("/inloggen")
    assert not _is_logged_in(client)
    assert not _is_logged_in(phone)
    assert _is_logged_in(neighbour)
    assert count_sessions(session, user) == 0


def test_log_out_everywhere_needs_a_csrf_token(client, csrf_enabled):
    log_in(client, person())
    assert client.post("/account/overal-uitloggen").status_code == 400


def test_the_profile_page_offers_log_out_everywhere(client):
    log_in(client, person())
    page = client.get("/profiel/").get_data(as_text=True)
    assert 'action="/account/overal-uitloggen"' in page
    assert "Overal uitloggen" in page
    assert 'href="/account/wachtwoord"' in page


def test_changing_the_password_ends_other_sessions_and_keeps_this_one(app, client, session):
    user = person()
    log_in(client, user)
    phone = log_in(app.test_client(), user)
    old_token = _token(client)

    client.post(
        PRIVATE_PAGE,
        data={
            "current_password": PASSWORD,
            "password": "drie losse woorden hier",
            "password_again": "drie losse woorden hier",
        },
    )

    assert not _is_logged_in(phone)
    assert _is_logged_in(client)
    assert _token(client) != old_token
    assert count_sessions(session, user) == 1


def test_blocking_someone_deletes_their_sessions(client, session):
    user = person()
    log_in(client, user)
    block_user(session, UserFactory(moderator=True), user, "Oplichting")
    session.commit()
    assert count_sessions(session, user) == 0
    assert not _is_logged_in(client)


def test_purge_deletes_only_sessions_that_can_no_longer_be_used(session):
    user = person()
    now = utcnow()
    fresh = sessions.start_session(session, user)
    sessions.start_session(session, user)
    sessions.start_session(session, user, remember=True)
    rows = session.scalars(select(UserSession).order_by(UserSession.id)).all()
    rows[1].last_seen_at = now - timedelta(minutes=45)  # idle, not remembered
    rows[2].last_seen_at = now - timedelta(days=2)  # remembered: still fine
    session.commit()

    assert purge_expired_sessions(session, now) == 1
    assert purge_expired_sessions(session, now) == 0
    assert sessions.find_session(session, fresh)[0] is not None
    assert purge_expired_sessions(session, now + timedelta(days=31)) == 2
