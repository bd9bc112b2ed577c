"""The pending queue, the review page and the decisions taken on it, through HTTP."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.audit import AuditEvent
from marketplace.matching.models import MatchRequest
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.postings.models import Posting, PostingStatus
from marketplace.timestamps import utcnow
from tests.conftest import log_in
from tests.factories import PostingFactory, ProfileFactory, ReportFactory, person

DECISIONS = ["goedkeuren", "afwijzen", "verbergen"]


def page_text(response):
    return response.get_data(as_text=True)


# --- who may come in -----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/moderatie/", "/moderatie/oproepen/{id}"])
def test_a_visitor_is_sent_to_log_in(client, path):
    posting = PostingFactory()
    response = client.get(path.format(id=posting.id))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen")


@pytest.mark.parametrize("decision", DECISIONS)
def test_a_visitor_cannot_decide(client, session, decision):
    posting = PostingFactory()
    response = client.post(f"/moderatie/oproepen/{posting.id}/{decision}", data={})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen")
    session.expire_all()
    assert session.get(Posting, posting.id).status == PostingStatus.PENDING


@pytest.mark.parametrize("path", ["/moderatie/", "/moderatie/oproepen/{id}"])
def test_a_plain_user_gets_403(client, path):
    posting = PostingFactory()
    log_in(client, person())
    assert client.get(path.format(id=posting.id)).status_code == 403


@pytest.mark.parametrize("decision", DECISIONS)
def test_a_plain_user_cannot_decide(client, session, decision):
    posting = PostingFactory()
    log_in(client, person())
    response = client.post(
        f"/moderatie/oproepen/{posting.id}/{decision}", data={"rejection_reason": "Nee."}
    )
    assert response.status_code == 403
    session.expire_all()
    assert session.get(Posting, posting.id).status == PostingStatus.PENDING


def test_an_admin_sees_the_queue(client, admin):
    log_in(client, admin)
    assert client.get("/moderatie/").status_code == 200


@pytest.mark.parametrize("path", ["/moderatie/oproepen/999", "/moderatie/oproepen/999/goedkeuren"])
def test_an_unknown_posting_is_404(client, moderator, path):
    log_in(client, moderator)
    response = client.get(path) if "goedkeuren" not in path else client.post(path)
    assert response.status_code == 404


def test_approving_by_get_is_405(client, moderator):
    posting = PostingFactory()
    log_in(client, moderator)
    assert client.get(f"/moderatie/oproepen/{posting.id}/goedkeuren").status_code == 405


# --- the queue -----------------------------------------------------------------------------


def test_the_queue_counts_the_pending_postings_and_lists_the_oldest_first(client, moderator):
    PostingFactory(title="Nieuwste oproep", submitted_at=utcnow() - timedelta(minutes=5))
    PostingFactory(title="Oudste oproep", submitted_at=utcnow() - timedelta(days=3))
    PostingFactory(title="Middelste oproep", submitted_at=utcnow() - timedelta(days=1))
    PostingFactory(title="Al online", published=True)
    log_in(client, moderator)
    page = page_text(client.get("/moderatie/"))
    assert "3 oproepen wachten op controle" in page
    assert (
        page.index("Oudste oproep") < page.index("Middelste oproep") < page.index("Nieuwste oproep")
    )
    assert "Al online" not in page


def test_the_queue_shows_who_wrote_what_where(client, moderator):
    author = ProfileFactory(display_name="Truus").user
    PostingFactory(author=author, title="Wie wandelt met mij?", neighbourhood="Kralingen")
    log_in(client, moderator)
    page = page_text(client.get("/moderatie/"))
    assert "1 oproep wacht op controle" in page
    assert "Truus" in page
    assert "Kralingen" in page
    assert "Boodschappen" in page
    assert "Hulpvraag" in page


def test_the_queue_links_to_the_open_reports(client, moderator):
    ReportFactory()
    ReportFactory()
    log_in(client, moderator)
    page = page_text(client.get("/moderatie/"))
    assert "2 open klachten" in page
    assert 'href="/moderatie/meldingen"' in page


def test_the_queue_is_paginated(client, app, moderator):
    per_page = app.config["PAGE_SIZE"]
    for n in range(per_page + 1):
        PostingFactory(title=f"Oproep nummer {n:02d}", submitted_at=utcnow() - timedelta(hours=n))
    log_in(client, moderator)
    first = page_text(client.get("/moderatie/"))
    second = page_text(client.get("/moderatie/?page=2"))
    assert f"{per_page + 1} oproepen wachten op controle" in first
    assert f"Oproep nummer {per_page:02d}" in first  # the oldest
    assert "Oproep nummer 00" not in first
    assert "Oproep nummer 00" in second


@pytest.mark.parametrize("page", ["abc", "-3", "9999"])
def test_a_strange_page_number_is_no_error(client, moderator, page):
    log_in(client, moderator)
    assert client.get(f"/moderatie/?page={page}").status_code == 200


def test_an_empty_queue_says_so(client, moderator):
    log_in(client, moderator)
    assert "Er wachten geen oproepen op controle" in page_text(client.get("/moderatie/"))


# --- the review page -----------------------------------------------------------------------


def test_the_review_page_shows_the_text_and_the_author(client, moderator):
    author = ProfileFactory(display_name="Truus", user__email="truus@example.org").user
    PostingFactory(author=author, rejected=True)
    posting = PostingFactory(author=author, description="Ik zoek hulp met mijn tuin.")
    log_in(client, moderator)
    page = page_text(client.get(f"/moderatie/oproepen/{posting.id}"))
    assert "Ik zoek hulp met mijn tuin." in page
    assert "Truus" in page
    assert "truus@example.org" not in page  # moderators do not need the e-mail address
    assert "Lid sinds" in page
    assert "Eerder afgewezen oproepen</dt><dd>1</dd>" in page
    assert "Goedkeuren en online zetten" in page


def test_a_moderator_sees_no_decision_buttons_on_their_own_posting(client, moderator):
    posting = PostingFactory(author=moderator)
    log_in(client, moderator)
    page = page_text(client.get(f"/moderatie/oproepen/{posting.id}"))
    assert "Dit is uw eigen oproep" in page
    assert "Goedkeuren en online zetten" not in page


def test_the_review_page_offers_hiding_for_a_published_posting(client, moderator):
    posting = PostingFactory(published=True)
    log_in(client, moderator)
    page = page_text(client.get(f"/moderatie/oproepen/{posting.id}"))
    assert "Verbergen" in page
    assert "Goedkeuren en online zetten" not in page


# --- approving -----------------------------------------------------------------------------


def test_approving_publishes_matches_notifies_and_audits(client, session, moderator):
    posting = PostingFactory(author=person())
    log_in(client, moderator)
    response = client.post(f"/moderatie/oproepen/{posting.id}/goedkeuren")
    assert response.status_code == 302
    assert response.headers["Location"] == "/moderatie/"
    session.expire_all()
    posting = session.get(Posting, posting.id)
    assert posting.status == PostingStatus.PUBLISHED
    assert session.scalars(select(MatchRequest.posting_id)).all() == [posting.id]
    assert session.scalars(
        select(Notification.kind).where(Notification.recipient_id == posting.author_id)
    ).all() == [NotificationKind.POSTING_APPROVED]
    assert session.scalars(select(AuditEvent.action)).all() == ["posting.approve"]


def test_a_moderator_cannot_approve_their_own_posting_through_the_page(client, session, moderator):
    posting = PostingFactory(author=moderator)
    log_in(client, moderator)
    response = client.post(f"/moderatie/oproepen/{posting.id}/goedkeuren", follow_redirects=True)
    assert "U kunt uw eigen oproep niet controleren" in page_text(response)
    session.expire_all()
    assert session.get(Posting, posting.id).status == PostingStatus.PENDING
    assert session.scalars(select(AuditEvent)).all() == []


def test_approving_a_posting_that_is_no_longer_pending_gives_a_clear_message(client, moderator):
    posting = PostingFactory(rejected=True)
    log_in(client, moderator)
    response = client.post(f"/moderatie/oproepen/{posting.id}/goedkeuren", follow_redirects=True)
    assert response.status_code == 200
    assert "Deze oproep wacht niet meer op controle" in page_text(response)


# --- rejecting -----------------------------------------------------------------------------


def test_rejecting_with_a_reason_reaches_the_author(client, session, moderator):
    posting = PostingFactory(author=person())
    log_in(client, moderator)
    response = client.post(
        f"/moderatie/oproepen/{posting.id}/afwijzen",
        data={"rejection_reason": "Haal uw telefoonnummer uit de tekst."},
    )
    assert response.status_code == 302
    session.expire_all()
    posting = session.get(Posting, posting.id)
    assert posting.status == PostingStatus.REJECTED
    assert posting.rejection_reason == "Haal uw telefoonnummer uit de tekst."
    notification = session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.POSTING_REJECTED)
    ).one()
    assert notification.recipient_id == posting.author_id
    assert "Haal uw telefoonnummer uit de tekst." in notification.body
    assert session.scalars(select(AuditEvent.reason)).all() == [
        "Haal uw telefoonnummer uit de tekst."
    ]


def test_rejecting_without_a_reason_keeps_the_form_with_an_error(client, session, moderator):
    posting = PostingFactory()
    log_in(client, moderator)
    response = client.post(
        f"/moderatie/oproepen/{posting.id}/afwijzen", data={"rejection_reason": "  "}
    )
    assert response.status_code == 422
    assert "Schrijf waarom u de oproep afwijst" in page_text(response)
    session.expire_all()
    assert session.get(Posting, posting.id).status == PostingStatus.PENDING


def test_a_reason_that_is_too_long_is_an_error_and_the_text_is_kept(client, moderator):
    posting = PostingFactory()
    log_in(client, moderator)
    reason = "Te lang. " * 120
    response = client.post(
        f"/moderatie/oproepen/{posting.id}/afwijzen", data={"rejection_reason": reason}
    )
    assert response.status_code == 422
    page = page_text(response)
    assert "hooguit 1000 tekens" in page
    assert reason.strip() in page


def test_a_moderator_cannot_reject_their_own_posting_through_the_page(client, session, moderator):
    posting = PostingFactory(author=moderator)
    log_in(client, moderator)
    response = client.post(
        f"/moderatie/oproepen/{posting.id}/afwijzen",
        data={"rejection_reason": "Niet goed."},
        follow_redirects=True,
    )
    assert "U kunt uw eigen oproep niet controleren" in page_text(response)
    session.expire_all()
    assert session.get(Posting, posting.id).status == PostingStatus.PENDING


# --- hiding --------------------------------------------------------------------------------


def test_hiding_a_published_posting_tells_the_author(client, session, moderator):
    posting = PostingFactory(published=True, author=person())
    log_in(client, moderator)
    response = client.post(
        f"/moderatie/oproepen/{posting.id}/verbergen", data={"hide_reason": "Dit is reclame."}
    )
    assert response.headers["Location"] == f"/moderatie/oproepen/{posting.id}"
    session.expire_all()
    assert session.get(Posting, posting.id).is_hidden
    notification = session.scalars(select(Notification)).one()
    assert notification.kind == NotificationKind.POSTING_HIDDEN
    assert "Dit is reclame." in notification.body


def test_hiding_returns_to_the_page_the_moderator_came_from(client, moderator):
    posting = PostingFactory(published=True)
    log_in(client, moderator)
    response = client.post(
        f"/moderatie/oproepen/{posting.id}/verbergen",
        data={"hide_reason": "Reclame.", "next": "/moderatie/meldingen"},
    )
    assert response.headers["Location"] == "/moderatie/meldingen"


def test_hiding_never_sends_the_moderator_to_another_site(client, moderator):
    posting = PostingFactory(published=True)
    log_in(client, moderator)
    response = client.post(
        f"/moderatie/oproepen/{posting.id}/verbergen",
        data={"hide_reason": "Reclame.", "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == f"/moderatie/oproepen/{posting.id}"


def test_hiding_without_a_reason_keeps_the_form(client, session, moderator):
    posting = PostingFactory(published=True)
    log_in(client, moderator)
    response = client.post(f"/moderatie/oproepen/{posting.id}/verbergen", data={})
    assert response.status_code == 422
    assert "Schrijf waarom u de oproep verbergt" in page_text(response)
    session.expire_all()
    assert not session.get(Posting, posting.id).is_hidden


def test_hiding_a_pending_posting_gives_a_clear_message(client, moderator):
    posting = PostingFactory()
    log_in(client, moderator)
    response = client.post(
        f"/moderatie/oproepen/{posting.id}/verbergen",
        data={"hide_reason": "Reclame."},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "verbergen is niet nodig" in page_text(response)
