"""Blocking and unblocking people, through HTTP."""

import pytest
from flask import g
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.audit import AuditEvent
from marketplace.postings.models import Posting
from tests.conftest import log_in
from tests.factories import PASSWORD, PostingFactory, UserFactory, person


def page_text(response):
    return response.get_data(as_text=True)


def switch_browser():
    """Requests in a test share the test's app context, and Flask-Login caches the person
    in ``g``: forget it, so the next request loads whoever its own cookie names."""
    g.pop("_login_user", None)


def test_a_visitor_is_sent_to_log_in(client):
    user = person()
    for response in (
        client.get(f"/moderatie/gebruikers/{user.id}/blokkeren"),
        client.post(f"/moderatie/gebruikers/{user.id}/blokkeren", data={"block_reason": "X"}),
        client.post(f"/moderatie/gebruikers/{user.id}/deblokkeren"),
    ):
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/inloggen")


def test_a_plain_user_cannot_block_anyone(client, session):
    user = person()
    log_in(client, person())
    assert client.get(f"/moderatie/gebruikers/{user.id}/blokkeren").status_code == 403
    response = client.post(
        f"/moderatie/gebruikers/{user.id}/blokkeren", data={"block_reason": "Spam."}
    )
    assert response.status_code == 403
    session.expire_all()
    assert not session.get(User, user.id).is_blocked


def test_a_plain_user_cannot_unblock_anyone(client):
    user = UserFactory(blocked=True)
    log_in(client, person())
    assert client.post(f"/moderatie/gebruikers/{user.id}/deblokkeren").status_code == 403


def test_the_block_page_shows_the_person(client, moderator):
    user = person(display_name="Kees")
    log_in(client, moderator)
    page = page_text(client.get(f"/moderatie/gebruikers/{user.id}/blokkeren"))
    assert "Kees blokkeren" in page
    assert user.email not in page  # moderators do not need the e-mail address


def test_an_unknown_person_is_404(client, moderator):
    log_in(client, moderator)
    assert client.get("/moderatie/gebruikers/999/blokkeren").status_code == 404
    assert client.post("/moderatie/gebruikers/999/deblokkeren").status_code == 404


def test_blocking_hides_the_postings_and_is_audited(client, session, moderator):
    user = person()
    posting = PostingFactory(author=user, published=True)
    log_in(client, moderator)
    response = client.post(
        f"/moderatie/gebruikers/{user.id}/blokkeren",
        data={"block_reason": "Stuurt buren nare berichten."},
    )
    assert response.headers["Location"] == f"/moderatie/gebruikers/{user.id}/blokkeren"
    session.expire_all()
    user = session.get(User, user.id)
    assert user.is_blocked
    assert user.blocked_reason == "Stuurt buren nare berichten."
    assert session.get(Posting, posting.id).is_hidden
    event = session.scalars(select(AuditEvent)).one()
    assert (event.action, event.actor_id, event.target_id) == ("user.block", moderator.id, user.id)


def test_a_blocked_person_is_logged_out_at_once(client, app, moderator):
    user = person()
    posting = PostingFactory(published=True)
    their_browser = app.test_client()
    log_in(their_browser, user)
    assert their_browser.get(f"/melden/oproep/{posting.id}").status_code == 200

    switch_browser()
    log_in(client, moderator)
    response = client.post(
        f"/moderatie/gebruikers/{user.id}/blokkeren", data={"block_reason": "Spam."}
    )
    assert response.status_code == 302

    switch_browser()
    response = their_browser.get(f"/melden/oproep/{posting.id}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen")


def test_a_blocked_person_cannot_log_in(client, app, moderator):
    user = person()
    log_in(client, moderator)
    client.post(f"/moderatie/gebruikers/{user.id}/blokkeren", data={"block_reason": "Spam."})
    switch_browser()
    response = app.test_client().post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "geblokkeerd" in page_text(response)


def test_blocking_without_a_reason_keeps_the_form(client, session, moderator):
    user = person()
    log_in(client, moderator)
    response = client.post(
        f"/moderatie/gebruikers/{user.id}/blokkeren",
        data={"block_reason": "", "next": "/moderatie/meldingen"},
    )
    assert response.status_code == 422
    page = page_text(response)
    assert "Schrijf waarom u deze persoon blokkeert" in page
    assert 'value="/moderatie/meldingen"' in page
    session.expire_all()
    assert not session.get(User, user.id).is_blocked


def test_a_block_reason_that_is_too_long_is_kept_with_an_error(client, moderator):
    user = person()
    log_in(client, moderator)
    reason = "Heel vervelend. " * 40
    response = client.post(
        f"/moderatie/gebruikers/{user.id}/blokkeren", data={"block_reason": reason}
    )
    assert response.status_code == 422
    assert "hooguit 500 tekens" in page_text(response)
    assert reason.strip() in page_text(response)


def test_blocking_returns_to_the_reports_when_it_came_from_there(client, moderator):
    user = person()
    log_in(client, moderator)
    response = client.post(
        f"/moderatie/gebruikers/{user.id}/blokkeren",
        data={"block_reason": "Spam.", "next": "/moderatie/meldingen"},
    )
    assert response.headers["Location"] == "/moderatie/meldingen"


@pytest.mark.parametrize("target", ["self", "admin"])
def test_a_moderator_cannot_block_themselves_or_an_admin(client, session, moderator, target):
    user = moderator if target == "self" else UserFactory(admin=True)
    log_in(client, moderator)
    response = client.post(
        f"/moderatie/gebruikers/{user.id}/blokkeren",
        data={"block_reason": "Probeersel."},
        follow_redirects=True,
    )
    assert "U kunt uzelf of een beheerder niet blokkeren" in page_text(response)
    session.expire_all()
    assert not session.get(User, user.id).is_blocked


def test_unblocking_lets_the_person_log_in_again(client, session, moderator):
    user = UserFactory(blocked=True, blocked_reason="Spam.")
    log_in(client, moderator)
    response = client.post(f"/moderatie/gebruikers/{user.id}/deblokkeren")
    assert response.status_code == 302
    session.expire_all()
    assert not session.get(User, user.id).is_blocked
    assert session.scalars(select(AuditEvent.action)).all() == ["user.unblock"]


def test_unblocking_someone_who_is_not_blocked_gives_a_clear_message(client, moderator):
    user = person()
    log_in(client, moderator)
    response = client.post(f"/moderatie/gebruikers/{user.id}/deblokkeren", follow_redirects=True)
    assert "Deze persoon is niet geblokkeerd" in page_text(response)
