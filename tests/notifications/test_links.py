"""Links in notifications are made with url_for, also where there is no request."""

from __future__ import annotations

from flask import has_request_context

from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, page_path, page_url
from tests.factories import PostingFactory, person


def test_outside_a_request_links_are_built_for_base_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://buurthulp.example")
    assert not has_request_context()  # as in the worker and on the command line
    assert page_path("postings.detail", posting_id=7) == "/oproepen/7"
    assert page_url("postings.detail", posting_id=7) == "https://buurthulp.example/oproepen/7"


def test_a_notification_made_by_the_worker_links_to_the_page_in_full(session, app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://buurthulp.example")
    posting = PostingFactory(published=True)
    notification = notify(
        session,
        person(),
        NotificationKind.NEW_MATCH,
        "test-link",
        link_path=page_path("postings.detail", posting_id=posting.id),
        posting=posting,
        distance_km=1.0,
    )
    assert notification.link_path == f"/oproepen/{posting.id}"
    assert f"https://buurthulp.example/oproepen/{posting.id}" in notification.body
    assert "https://buurthulp.example/profiel/meldingen" in notification.body
