"""The steps for a request nobody responds to, one per run, each once per publication."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.escalation.models import Escalation, EscalationStep
from marketplace.escalation.services import escalate_batch, organisations_serving
from marketplace.matching.models import MatchRequest
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.postings.models import PostingKind
from marketplace.responses.models import ResponseStatus
from marketplace.timestamps import utcnow
from tests.escalation.conftest import waiting_request
from tests.factories import OrganisationFactory, ResponseFactory


def _escalation(session, posting):
    return session.scalar(select(Escalation).where(Escalation.posting_id == posting.id))


def _circles(session, posting):
    return sorted(
        r.circle
        for r in session.scalars(select(MatchRequest).where(MatchRequest.posting_id == posting.id))
    )


def _author_notes(session, posting):
    return session.scalars(
        select(Notification)
        .where(Notification.recipient_id == posting.author_id)
        .order_by(Notification.id)
    ).all()


def test_request_unanswered_for_three_days_is_offered_to_a_wider_circle(session):
    posting = waiting_request(3.1)
    escalate_batch(session, utcnow())
    assert _escalation(session, posting).step == EscalationStep.WIDER
    assert _circles(session, posting) == [2]


def test_author_hears_that_neighbours_further_away_are_asked(session):
    posting = waiting_request(3.1)
    escalate_batch(session, utcnow())
    (note,) = _author_notes(session, posting)
    assert note.kind == NotificationKind.REQUEST_WIDENED
    assert "We vragen nu ook buren iets verder weg." in note.body


def test_request_younger_than_three_days_is_left_alone(session):
    posting = waiting_request(2.9)
    escalate_batch(session, utcnow())
    assert _escalation(session, posting) is None
    assert _circles(session, posting) == []


def test_request_with_a_response_is_not_widened(session):
    posting = waiting_request(4)
    ResponseFactory(posting=posting)
    escalate_batch(session, utcnow())
    assert _escalation(session, posting) is None


def test_a_withdrawn_response_does_not_count(session):
    posting = waiting_request(4)
    ResponseFactory(posting=posting, status=ResponseStatus.WITHDRAWN)
    escalate_batch(session, utcnow())
    assert _escalation(session, posting).step == EscalationStep.WIDER


def test_response_from_before_the_current_publication_does_not_count(session):
    posting = waiting_request(4)
    ResponseFactory(posting=posting, created_at=utcnow() - timedelta(days=10))
    escalate_batch(session, utcnow())
    assert _escalation(session, posting).step == EscalationStep.WIDER


def test_offers_are_not_widened(session):
    posting = waiting_request(4, kind=PostingKind.OFFER)
    escalate_batch(session, utcnow())
    assert _escalation(session, posting) is None


def test_hidden_request_is_not_widened(session):
    posting = waiting_request(4, is_hidden=True)
    escalate_batch(session, utcnow())
    assert _escalation(session, posting) is None


def test_after_five_days_volunteers_without_stated_availability_are_asked_too(session):
    posting = waiting_request(5.1)
    escalate_batch(session, utcnow())
    escalate_batch(session, utcnow())
    assert _escalation(session, posting).step == EscalationStep.WIDEST
    assert _circles(session, posting) == [2, 3]
    assert "nog niet hebben gezegd wanneer ze kunnen" in _author_notes(session, posting)[-1].body


def test_second_widening_waits_for_day_five(session):
    posting = waiting_request(4)
    escalate_batch(session, utcnow())
    escalate_batch(session, utcnow())
    assert _escalation(session, posting).step == EscalationStep.WIDER


def test_a_request_takes_one_step_per_run_even_after_a_long_wait(session):
    posting = waiting_request(9)
    escalate_batch(session, utcnow())
    assert _escalation(session, posting).step == EscalationStep.WIDER


def test_after_seven_days_the_request_is_listed_and_the_author_hears_who_looks(session):
    OrganisationFactory(name="Welzijn Centrum", neighbourhoods="Stadsdriehoek, Cool")
    posting = waiting_request(7.1)
    for _run in range(3):
        escalate_batch(session, utcnow())
    escalation = _escalation(session, posting)
    assert escalation.step == EscalationStep.LISTED
    assert escalation.listed_at is not None
    note = _author_notes(session, posting)[-1]
    assert note.kind == NotificationKind.REQUEST_LISTED
    assert "Een medewerker van Welzijn Centrum of van Buurthulp kijkt mee" in note.body


def test_listed_request_without_an_organisation_mentions_buurthulp(session):
    posting = waiting_request(7.1)
    for _run in range(3):
        escalate_batch(session, utcnow())
    assert "Een medewerker van Buurthulp kijkt mee" in _author_notes(session, posting)[-1].body


def test_a_listed_request_takes_no_further_step(session):
    posting = waiting_request(7.1)
    for _run in range(5):
        escalate_batch(session, utcnow())
    assert len(_author_notes(session, posting)) == 3


def test_a_request_published_again_starts_over(session):
    posting = waiting_request(3.5)
    session.add(
        Escalation(
            posting_id=posting.id,
            published_at=posting.published_at - timedelta(days=40),
            step=EscalationStep.LISTED,
            listed_at=utcnow() - timedelta(days=33),
            claimed_at=utcnow() - timedelta(days=30),
        )
    )
    session.commit()
    escalate_batch(session, utcnow())
    escalation = _escalation(session, posting)
    assert escalation.step == EscalationStep.WIDER
    assert escalation.published_at == posting.published_at
    assert escalation.claimed_at is None


def test_batches_continue_after_the_last_posting_seen(session):
    first, second = waiting_request(4), waiting_request(4)
    stepped, last_id = escalate_batch(session, utcnow(), limit=1)
    assert (stepped, last_id) == (1, first.id)
    escalate_batch(session, utcnow(), after_posting_id=last_id, limit=1)
    assert _escalation(session, second).step == EscalationStep.WIDER
    assert escalate_batch(session, utcnow(), after_posting_id=second.id) == (0, None)


def test_organisations_serving_a_neighbourhood_match_whole_names_in_any_case(session):
    serving = OrganisationFactory(neighbourhoods="Cool,  stadsdriehoek ")
    OrganisationFactory(neighbourhoods="Stadsdriehoek-Noord")
    OrganisationFactory(neighbourhoods="Stadsdriehoek", pending=True)
    assert organisations_serving(session, "Stadsdriehoek") == [serving]
