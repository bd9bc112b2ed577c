"""The audit trail page: administrators only, newest first, filterable."""

from datetime import timedelta

import pytest

from marketplace.audit import AuditEvent
from marketplace.extensions import db
from marketplace.timestamps import utcnow
from tests.conftest import log_in
from tests.factories import PostingFactory, ProfileFactory, UserFactory, person


def page_text(response):
    return response.get_data(as_text=True)


def audit_event(actor, action="posting.approve", reason=None, age=timedelta(0), target_id=1):
    event = AuditEvent(
        actor_id=actor.id,
        action=action,
        target_type=action.split(".")[0],
        target_id=target_id,
        reason=reason,
        details={},
        created_at=utcnow() - age,
    )
    db.session.add(event)
    db.session.commit()
    return event


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get("/moderatie/logboek")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen")


@pytest.mark.parametrize("who", ["user", "moderator"])
def test_only_an_admin_may_read_the_audit_trail(client, moderator, who):
    log_in(client, person() if who == "user" else moderator)
    assert client.get("/moderatie/logboek").status_code == 403


def test_the_audit_trail_shows_who_did_what_to_what_and_why_newest_first(client, admin, moderator):
    posting = PostingFactory()
    audit_event(
        moderator, "posting.reject", "Er staat een adres in.", timedelta(days=1), posting.id
    )
    audit_event(moderator, "user.block", "Scheldt.", timedelta(hours=1), target_id=7)
    log_in(client, admin)
    page = page_text(client.get("/moderatie/logboek"))
    assert "Mo de Rator" in page
    assert moderator.email in page
    assert "Oproep afgewezen" in page
    assert "Er staat een adres in." in page
    assert f'href="/moderatie/oproepen/{posting.id}"' in page
    assert page.index("Scheldt.") < page.index("Er staat een adres in.")


def test_the_audit_trail_filters_by_action(client, admin, moderator):
    audit_event(moderator, "posting.reject", "Reden om af te wijzen")
    audit_event(moderator, "posting.hide", "Reden om te verbergen")
    log_in(client, admin)
    page = page_text(client.get("/moderatie/logboek?action=posting.hide"))
    assert "Reden om te verbergen" in page
    assert "Reden om af te wijzen" not in page


def test_the_audit_trail_filters_by_part_of_the_moderators_email(client, admin):
    anna = ProfileFactory(user=UserFactory(moderator=True, email="anna@buurt.nl")).user
    bert = ProfileFactory(user=UserFactory(moderator=True, email="bert@buurt.nl")).user
    audit_event(anna, reason="Besluit van Anna")
    audit_event(bert, reason="Besluit van Bert")
    log_in(client, admin)
    page = page_text(client.get("/moderatie/logboek?actor=ANNA@"))
    assert "Besluit van Anna" in page
    assert "Besluit van Bert" not in page


@pytest.mark.parametrize(
    "query", ["action=drop-tables", "actor=%25_%25", "actor=" + "x" * 300, "page=oops"]
)
def test_a_strange_filter_is_ignored_not_an_error(client, admin, moderator, query):
    audit_event(moderator, reason="Gewoon een besluit")
    log_in(client, admin)
    response = client.get(f"/moderatie/logboek?{query}")
    assert response.status_code == 200


def test_a_too_long_email_filter_is_explained_and_left_out(client, admin, moderator):
    audit_event(moderator, reason="Gewoon een besluit")
    log_in(client, admin)
    page = page_text(client.get("/moderatie/logboek?actor=" + "x" * 300))
    assert "Gewoon een besluit" in page
    assert "error-message" in page


def test_the_audit_trail_is_paginated(client, app, admin, moderator):
    for n in range(app.config["PAGE_SIZE"] + 1):
        audit_event(moderator, reason=f"Besluit {n:02d}", age=timedelta(minutes=n))
    log_in(client, admin)
    assert "Besluit 00" in page_text(client.get("/moderatie/logboek"))
    second = page_text(client.get("/moderatie/logboek?page=2"))
    assert "Besluit 00" not in second
    assert f"Besluit {app.config['PAGE_SIZE']:02d}" in second


def test_decisions_taken_on_the_pages_show_up_in_the_audit_trail(client, app, admin, moderator):
    from flask import g

    posting = PostingFactory(author=person(), title="Oproep voor het logboek")
    log_in(client, moderator)
    client.post(f"/moderatie/oproepen/{posting.id}/afwijzen", data={"rejection_reason": "Te vaag."})
    g.pop("_login_user", None)  # the next request is someone else's (see test_blocking)
    admin_browser = log_in(app.test_client(), admin)
    page = page_text(admin_browser.get("/moderatie/logboek"))
    assert "Oproep afgewezen" in page
    assert "Te vaag." in page
