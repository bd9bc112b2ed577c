"""Everyday actions that mail or make work for others have a limit per person.

Over the limit the form comes back with status 429, a message that says how long to wait,
and everything the person typed still in it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from marketplace import create_app, rate_limits
from marketplace.categories import ensure_default_categories
from marketplace.extensions import db, limiter
from marketplace.moderation.models import Report
from marketplace.organisations.models import Invitation
from marketplace.postings.models import PostingStatus
from marketplace.responses.models import Message, Response
from tests import conftest
from tests.conftest import log_in
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PostingFactory,
    ResponseFactory,
    person,
)

WAIT = "Wacht"


@pytest.fixture
def limited_app(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """A second app with rate limiting on, against the same database, where every action is
    allowed twice an hour. (Flask-Limiter is set up once per app; the shared test app has it
    off, and the limiter object is global, so it is switched off again afterwards.)"""
    for action in rate_limits.ACTION_LIMITS:
        monkeypatch.setitem(rate_limits.ACTION_LIMITS, action, "2 per hour")
    limited = create_app(
        {
            **conftest.test_config(tmp_path),
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    # create_app made the new app's Celery app the current and default one: undo that.
    app.extensions["celery"].set_default()
    app.extensions["celery"].set_current()
    try:
        yield limited
    finally:
        limiter.enabled = False
        with limited.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def client(limited_app: Flask) -> FlaskClient:
    return limited_app.test_client()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_third_message_in_an_hour_waits_and_keeps_its_text(client, limited_app):
    response = ResponseFactory(responder=person())
    log_in(client, response.responder)
    url = f"/berichten/{response.id}"
    for n in range(2):
        assert client.post(url, data={"body": f"Bericht {n}"}).status_code == 302
    page = client.post(url, data={"body": "Mijn derde bericht, met veel moeite getypt"})
    assert page.status_code == 429
    assert "Mijn derde bericht, met veel moeite getypt" in page.text
    assert WAIT in page.text
    assert count(Message) == 2


def test_the_limit_is_per_person_not_per_address(client, limited_app):
    first = ResponseFactory(responder=person())
    second = ResponseFactory(responder=person())
    log_in(client, first.responder)
    for n in range(3):
        client.post(f"/berichten/{first.id}", data={"body": f"Bericht {n}"})
    other = log_in(limited_app.test_client(), second.responder)  # same address (127.0.0.1)
    assert other.post(f"/berichten/{second.id}", data={"body": "Hallo"}).status_code == 302


def test_a_form_with_a_mistake_does_not_count(client, limited_app):
    response = ResponseFactory(responder=person())
    log_in(client, response.responder)
    for _ in range(3):
        assert client.post(f"/berichten/{response.id}", data={"body": ""}).status_code == 422
    assert client.post(f"/berichten/{response.id}", data={"body": "Hallo"}).status_code == 302


def test_responding_to_many_postings_waits_and_keeps_the_text(client, limited_app):
    helper = person()
    log_in(client, helper)
    postings = [PostingFactory(published=True) for _ in range(3)]
    for posting in postings[:2]:
        client.post(f"/oproepen/{posting.id}/reageren", data={"message": "Ik help graag."})
    page = client.post(
        f"/oproepen/{postings[2].id}/reageren", data={"message": "Ik kan dinsdagmiddag komen."}
    )
    assert page.status_code == 429
    assert "Ik kan dinsdagmiddag komen." in page.text
    assert count(Response) == 2


def test_reports_are_limited_and_keep_the_reason(client, limited_app):
    log_in(client, person())
    postings = [PostingFactory(published=True) for _ in range(3)]
    for posting in postings[:2]:
        client.post(f"/melden/oproep/{posting.id}", data={"reason": "Dit lijkt op reclame."})
    page = client.post(
        f"/melden/oproep/{postings[2].id}", data={"reason": "Deze oproep vraagt om geld."}
    )
    assert page.status_code == 429
    assert "Deze oproep vraagt om geld." in page.text
    assert count(Report) == 2


def test_registrations_from_one_address_are_limited_and_keep_name_and_email(limited_app):
    for n in range(2):
        answer = limited_app.test_client().post(
            "/registreren",
            data={
                "display_name": f"Buur {n}",
                "email": f"buur{n}@example.org",
                "password": "lange zin om te onthouden",
                "password_again": "lange zin om te onthouden",
            },
        )
        assert answer.status_code == 302
    page = limited_app.test_client().post(
        "/registreren",
        data={
            "display_name": "Derde Buur",
            "email": "derde@example.org",
            "password": "lange zin om te onthouden",
            "password_again": "lange zin om te onthouden",
        },
    )
    assert page.status_code == 429
    assert "Derde Buur" in page.text
    assert "derde@example.org" in page.text


def test_staff_invitations_are_limited(client, limited_app):
    organisation = OrganisationFactory()
    coordinator = person()
    MembershipFactory(organisation=organisation, user=coordinator, role="coordinator")
    log_in(client, coordinator)
    url = f"/organisaties/{organisation.id}/medewerkers"
    for n in range(2):
        assert client.post(url, data={"email": f"collega{n}@example.org"}).status_code == 302
    page = client.post(url, data={"email": "collega9@example.org"})
    assert page.status_code == 429
    assert "collega9@example.org" in page.text
    assert count(Invitation) == 2


def test_registering_organisations_is_limited_and_keeps_the_name(client, limited_app):
    founder = person()
    # Already staff elsewhere, so log_in sets up the two-factor log-in staff need.
    MembershipFactory(organisation=OrganisationFactory(), user=founder, role="coordinator")
    log_in(client, founder)
    for n in range(2):
        answer = client.post(
            "/organisaties/aanmelden", data={"name": f"Buurthuis {n}", "description": "Wij helpen."}
        )
        assert answer.status_code == 302
    page = client.post(
        "/organisaties/aanmelden", data={"name": "Buurthuis Derde", "description": "Wij helpen."}
    )
    assert page.status_code == 429
    assert "Buurthuis Derde" in page.text


def test_submitting_postings_is_limited(client, limited_app):
    ensure_default_categories(db.session)
    author = person()
    drafts = [PostingFactory(draft=True, author=author) for _ in range(3)]
    log_in(client, author)
    for draft in drafts[:2]:
        assert client.post(f"/oproepen/vragen/{draft.id}/controleren").status_code == 302
    page = client.post(f"/oproepen/vragen/{drafts[2].id}/controleren")
    assert page.status_code == 429
    assert WAIT in page.text
    db.session.refresh(drafts[2])
    assert drafts[2].status == PostingStatus.DRAFT


def test_nothing_is_limited_when_rate_limiting_is_off(app):
    response = ResponseFactory(responder=person())
    client = log_in(app.test_client(), response.responder)
    for n in range(40):
        assert client.post(f"/berichten/{response.id}", data={"body": f"{n}"}).status_code == 302
