"""A posting's milestones (first response, help done) follow what happens to it."""

from __future__ import annotations

from datetime import UTC, datetime

from marketplace.postings import services as postings
from marketplace.responses import services
from tests.factories import PostingFactory, ResponseFactory, person


def at(day: int) -> datetime:
    return datetime(2025, 3, day, 12, 0, tzinfo=UTC)


def test_the_first_response_is_recorded_and_a_later_one_does_not_move_it(session):
    posting = PostingFactory(published=True)
    first = services.respond_to_posting(session, posting, person(), "Ik kan dinsdag.")
    session.commit()
    assert posting.first_response_at == first.created_at

    services.respond_to_posting(session, posting, person(), "Ik kan woensdag.")
    session.commit()
    session.refresh(posting)
    assert posting.first_response_at == first.created_at
    assert posting.helped_at is None


def test_an_earlier_response_added_afterwards_moves_the_first_response_back(session):
    posting = PostingFactory(published=True)
    ResponseFactory(posting=posting, created_at=at(10))
    ResponseFactory(posting=posting, created_at=at(5))
    session.commit()
    assert posting.first_response_at == at(5)


def test_help_is_done_when_a_response_is_marked_done(session):
    posting = PostingFactory(published=True)
    response = services.respond_to_posting(session, posting, person(), "Ik help graag.")
    services.accept_response(session, posting.author, response)
    session.commit()
    assert posting.helped_at is None

    services.complete_response(session, response.responder, response)
    session.commit()
    session.refresh(posting)
    assert posting.helped_at == response.completed_at is not None


def test_closing_after_a_match_counts_as_help_done_and_renewing_keeps_it(session):
    posting = PostingFactory(published=True)
    response = services.respond_to_posting(session, posting, person(), "Ik help graag.")
    services.accept_response(session, posting.author, response)
    postings.close_posting(session, posting.author, posting)
    session.commit()
    helped = posting.closed_at
    assert helped is not None and posting.helped_at == helped

    postings.renew_posting(session, posting.author, posting)
    session.commit()
    session.refresh(posting)
    assert posting.closed_at is None
    assert posting.helped_at == helped


def test_closing_without_a_match_is_not_help_done(session):
    posting = PostingFactory(published=True)
    postings.close_posting(session, posting.author, posting)
    session.commit()
    assert posting.closed_at is not None and posting.helped_at is None
