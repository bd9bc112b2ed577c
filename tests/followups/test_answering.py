"""The page behind the link: three big buttons, no login, and what each answer does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import itsdangerous.timed
import pytest
from sqlalchemy import select

from marketplace.followups.models import FollowUp, FollowUpAnswer
from marketplace.followups.services import FIRST, ask_batch, follow_up_token, followup_outcomes
from marketplace.matching.models import MatchRequest
from marketplace.postings.models import PostingKind, PostingStatus
from marketplace.postings.services import renew_token
from marketplace.responses.models import ResponseStatus
from marketplace.timestamps import local_today, utcnow
from tests.factories import PostingFactory
from tests.followups.conftest import accepted_response


def _asked(session, response):
    ask_batch(session, FIRST, utcnow())
    session.commit()
    return session.scalar(
        select(FollowUp).where(
            FollowUp.response_id == response.id, FollowUp.user_id == response.responder_id
        )
    )


def _url(follow_up):
    return f"/gelukt/{follow_up_token(follow_up)}"


def _reload(session, obj):
    session.expire_all()
    return session.get(type(obj), obj.id)


def test_the_link_shows_three_big_buttons_without_logging_in(client, session):
    follow_up = _asked(session, accepted_response())
    page = client.get(_url(follow_up)).get_data(as_text=True)
    assert "Is het gelukt?" in page
    for label in ("Ja, het is gelukt", "Nog niet", "Nee, het is niet gelukt"):
        assert label in page


def test_yes_is_stored_with_the_time(client, session):
    follow_up = _asked(session, accepted_response())
    response = client.post(_url(follow_up), data={"answer": "yes"}, follow_redirects=True)
    assert "Fijn dat het gelukt is!" in response.get_data(as_text=True)
    follow_up = _reload(session, follow_up)
    assert follow_up.answer == FollowUpAnswer.YES
    assert follow_up.answered_at is not None


def test_not_yet_can_later_become_yes(client, session):
    follow_up = _asked(session, accepted_response())
    client.post(_url(follow_up), data={"answer": "not_yet"})
    client.post(_url(follow_up), data={"answer": "yes"})
    assert _reload(session, follow_up).answer == FollowUpAnswer.YES


def test_no_puts_the_request_back_into_matching(client, session):
    agreed = accepted_response()
    follow_up = _asked(session, agreed)
    client.post(_url(follow_up), data={"answer": "no"})
    posting = _reload(session, agreed.posting)
    assert posting.status == PostingStatus.PUBLISHED
    assert posting.matched_at is None
    assert posting.published_at > utcnow() - timedelta(minutes=1)
    assert _reload(session, agreed).status == ResponseStatus.WITHDRAWN
    keys = session.scalars(
        select(MatchRequest.idempotency_key).where(MatchRequest.posting_id == posting.id)
    ).all()
    assert keys == [f"match:{posting.id}:{posting.published_at.isoformat()}"]


def test_no_keeps_a_reopened_request_open_for_two_weeks_at_least(client, session):
    agreed = accepted_response(posting_fields={"ends_on": local_today() + timedelta(days=2)})
    client.post(_url(_asked(session, agreed)), data={"answer": "no"})
    assert _reload(session, agreed.posting).ends_on == local_today() + timedelta(days=14)


def test_no_about_an_offer_ends_the_agreement_but_leaves_the_offer_as_it_is(client, session):
    offer = PostingFactory(published=True, kind=PostingKind.OFFER)
    agreed = accepted_response()
    agreed.posting = offer
    session.commit()
    client.post(_url(_asked(session, agreed)), data={"answer": "no"})
    assert _reload(session, agreed).status == ResponseStatus.WITHDRAWN
    assert _reload(session, offer).status == PostingStatus.PUBLISHED
    assert session.scalar(select(MatchRequest)) is None


def test_no_is_final(client, session):
    follow_up = _asked(session, accepted_response())
    client.post(_url(follow_up), data={"answer": "no"})
    page = client.post(_url(follow_up), data={"answer": "yes"}, follow_redirects=True)
    assert "U heeft al laten weten dat het niet is gelukt." in page.get_data(as_text=True)
    assert _reload(session, follow_up).answer == FollowUpAnswer.NO


def test_no_twice_reopens_the_request_once(client, session):
    agreed = accepted_response()
    follow_up = _asked(session, agreed)
    client.post(_url(follow_up), data={"answer": "no"})
    published_at = _reload(session, agreed.posting).published_at
    client.post(_url(follow_up), data={"answer": "no"})
    assert _reload(session, agreed.posting).published_at == published_at


def test_an_unknown_answer_shows_the_buttons_again(client, session):
    follow_up = _asked(session, accepted_response())
    response = client.post(_url(follow_up), data={"answer": "misschien"})
    assert response.status_code == 422
    assert "Kies ‘Ja’, ‘Nog niet’ of ‘Nee’." in response.get_data(as_text=True)
    assert _reload(session, follow_up).answer is None


def test_a_tampered_link_does_not_work(client, session):
    follow_up = _asked(session, accepted_response())
    response = client.get(_url(follow_up)[:-3] + "abc")
    assert response.status_code == 404
    assert "Deze link werkt niet" in response.get_data(as_text=True)


def test_a_link_made_for_another_purpose_does_not_work(client, session):
    posting = PostingFactory(status=PostingStatus.EXPIRED)
    assert client.get(f"/gelukt/{renew_token(posting)}").status_code == 404


def test_a_link_for_a_question_never_asked_does_not_work(client, session):
    follow_up = _asked(session, accepted_response())
    other = FollowUp(response_id=follow_up.response_id, user_id=follow_up.user_id, round=2)
    other.id = 0
    assert client.get(_url(other)).status_code == 404


def test_a_link_older_than_sixty_days_has_expired(client, session, monkeypatch):
    follow_up = _asked(session, accepted_response())
    long_ago = (datetime.now(UTC) - timedelta(days=61)).timestamp()
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: long_ago)
    url = _url(follow_up)
    monkeypatch.undo()
    response = client.post(url, data={"answer": "yes"})
    assert response.status_code == 410
    assert _reload(session, follow_up).answer is None


def test_answering_without_a_csrf_token_is_refused(client, session, csrf_enabled):
    follow_up = _asked(session, accepted_response())
    assert client.post(_url(follow_up), data={"answer": "yes"}).status_code == 400
    assert _reload(session, follow_up).answer is None


def test_the_page_does_not_show_contact_details(client, session):
    agreed = accepted_response()
    page = client.get(_url(_asked(session, agreed))).get_data(as_text=True)
    assert agreed.responder.email not in page
    assert agreed.posting.author.email not in page


# -- figures -----------------------------------------------------------------------------


@pytest.fixture
def answered(session):
    """Two agreements: one in Stadsdriehoek answered yes/no, one in Cool unanswered."""
    first = accepted_response()
    second = accepted_response(posting_fields={"neighbourhood": "Cool"})
    ask_batch(session, FIRST, utcnow())
    rows = session.scalars(select(FollowUp).where(FollowUp.response_id == first.id)).all()
    rows[0].answer, rows[1].answer = FollowUpAnswer.YES, FollowUpAnswer.NO
    session.commit()
    return first, second


def test_outcomes_count_every_answer(session, answered):
    since, until = utcnow() - timedelta(days=1), utcnow() + timedelta(days=1)
    assert followup_outcomes(session, since, until) == {
        "asked": 4,
        "yes": 1,
        "not_yet": 0,
        "no": 1,
        "unanswered": 2,
        "responses": 2,
    }


def test_outcomes_for_one_neighbourhood(session, answered):
    since, until = local_today() - timedelta(days=1), local_today() + timedelta(days=1)
    outcomes = followup_outcomes(session, since, until, neighbourhood="cool")
    assert (outcomes["asked"], outcomes["unanswered"], outcomes["responses"]) == (2, 2, 1)


def test_outcomes_leave_out_questions_asked_outside_the_period(session, answered):
    until = utcnow() - timedelta(days=1)
    assert followup_outcomes(session, until - timedelta(days=30), until)["asked"] == 0
