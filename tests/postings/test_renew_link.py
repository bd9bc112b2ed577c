"""The one-click renew link in the expiry e-mail: works without logging in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import itsdangerous.timed
from sqlalchemy import select

from marketplace.accounts.tokens import make_token
from marketplace.followups.services import PURPOSE as FOLLOW_UP_PURPOSE
from marketplace.matching.models import MatchRequest
from marketplace.notifications.models import Notification
from marketplace.postings.models import PostingStatus
from marketplace.postings.services import expire_due_postings, renew_token
from marketplace.timestamps import local_today
from tests.conftest import log_in
from tests.factories import PostingFactory, UserFactory, person

YESTERDAY = local_today() - timedelta(days=1)


def _expired(**fields):
    return PostingFactory(
        status=PostingStatus.EXPIRED, author=person(), ends_on=YESTERDAY, **fields
    )


def _url(posting):
    return f"/oproepen/verlengen/{renew_token(posting)}"


def _reload(session, posting):
    session.expire_all()
    return session.get(type(posting), posting.id)


def test_the_expiry_email_links_to_the_renew_page(client, session):
    posting = PostingFactory(published=True, author=person(), ends_on=YESTERDAY)
    expire_due_postings(session, local_today())
    session.commit()
    link = session.scalar(select(Notification.link_path))
    page = client.get(link).get_data(as_text=True)
    assert posting.title in page
    assert "Verlengen met 30 dagen" in page


def test_one_click_renews_without_logging_in(client, session):
    posting = _expired()
    response = client.post(_url(posting), follow_redirects=True)
    assert "Uw oproep is verlengd. Hij staat nu weer 30 dagen open." in response.get_data(
        as_text=True
    )
    posting = _reload(session, posting)
    assert posting.status == PostingStatus.PUBLISHED
    assert posting.ends_on == local_today() + timedelta(days=30)


def test_renewing_by_link_asks_for_matching_again(client, session):
    posting = _expired()
    client.post(_url(posting))
    assert session.scalar(select(MatchRequest.posting_id)) == posting.id


def test_the_renewed_page_links_to_the_posting(client, session):
    posting = _expired()
    page = client.post(_url(posting), follow_redirects=True).get_data(as_text=True)
    assert f'href="/oproepen/{posting.id}"' in page


def test_opening_the_link_alone_changes_nothing(client, session):
    posting = _expired()
    assert client.get(_url(posting)).status_code == 200
    assert _reload(session, posting).status == PostingStatus.EXPIRED


def test_the_link_works_once(client, session):
    posting = _expired()
    url = _url(posting)
    client.post(url)
    response = client.post(url)
    assert response.status_code == 404
    assert "Misschien is uw oproep al verlengd" in response.get_data(as_text=True)


def test_a_tampered_link_does_not_work(client, session):
    posting = _expired()
    response = client.post(_url(posting)[:-4] + "abcd")
    assert response.status_code == 404
    assert _reload(session, posting).status == PostingStatus.EXPIRED


def test_a_link_for_another_posting_id_cannot_be_forged(client, session):
    posting = _expired()
    forged = make_token(FOLLOW_UP_PURPOSE, {"posting_id": posting.id, "ends_on": str(YESTERDAY)})
    assert client.post(f"/oproepen/verlengen/{forged}").status_code == 404
    assert _reload(session, posting).status == PostingStatus.EXPIRED


def test_a_link_older_than_thirty_days_has_expired(client, session, monkeypatch):
    posting = _expired()
    long_ago = (datetime.now(UTC) - timedelta(days=31)).timestamp()
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: long_ago)
    url = _url(posting)
    monkeypatch.undo()
    response = client.post(url)
    assert response.status_code == 410
    assert "ouder dan 30 dagen" in response.get_data(as_text=True)
    assert _reload(session, posting).status == PostingStatus.EXPIRED


def test_renewing_without_a_csrf_token_is_refused(client, session, csrf_enabled):
    posting = _expired()
    assert client.post(_url(posting)).status_code == 400
    assert _reload(session, posting).status == PostingStatus.EXPIRED


def test_a_blocked_author_cannot_renew_by_link(client, session):
    posting = _expired()
    posting.author.is_blocked = True
    session.commit()
    assert client.post(_url(posting)).status_code == 403
    assert _reload(session, posting).status == PostingStatus.EXPIRED


def test_a_hidden_posting_renewed_by_link_waits_for_a_moderator(client, session):
    posting = _expired(is_hidden=True)
    page = client.post(_url(posting), follow_redirects=True).get_data(as_text=True)
    assert "Een moderator kijkt hem eerst na" in page
    assert "Log dan in" in page
    assert _reload(session, posting).status == PostingStatus.PENDING


def test_a_past_one_off_posting_leads_to_the_edit_form(client, session):
    posting = _expired(timing="once", once_on=YESTERDAY, once_daypart="morning")
    response = client.post(_url(posting))
    assert response.headers["Location"].endswith(f"/oproepen/{posting.id}/wijzigen")
    assert _reload(session, posting).status == PostingStatus.EXPIRED


def test_a_posting_that_is_pending_again_needs_no_renewing(client, session):
    posting = _expired()
    url = _url(posting)
    posting.status = PostingStatus.PENDING
    session.commit()
    assert "hoeft u niet te verlengen" in client.get(url).get_data(as_text=True)
    response = client.post(url, follow_redirects=True)
    assert "Alleen een afgesloten of verlopen oproep" in response.get_data(as_text=True)


def test_another_logged_in_user_with_the_link_renews_for_the_author(client, session):
    """The link is the permission, as in the e-mail; whoever holds it may use it."""
    posting = _expired()
    log_in(client, UserFactory())
    client.post(_url(posting))
    assert _reload(session, posting).status == PostingStatus.PUBLISHED
