"""The matching task, called as the worker calls it: twice changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.matching.models import MatchRequest, MatchSuggestion
from marketplace.matching.services import request_matching
from marketplace.notifications.models import Notification
from tests.factories import PostingFactory, person


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_match_posting_task_matches_once_and_is_idempotent(run_task, session):
    person("3012", volunteer=True)
    posting = PostingFactory(published=True)
    match_request = request_matching(session, posting)
    session.commit()

    assert run_task("matching.match_posting", match_request.id) == 1
    assert run_task("matching.match_posting", match_request.id) == 0

    session.expire_all()
    assert count(session, MatchSuggestion) == 1
    assert count(session, Notification) == 1
    assert session.get(MatchRequest, match_request.id).completed_at is not None


def test_match_posting_task_for_a_vanished_request_does_nothing(run_task, session):
    assert run_task("matching.match_posting", 424242) == 0


def test_the_worker_measures_how_long_matching_takes(run_task, session):
    from marketplace.observability.metrics import MATCHING_DURATION

    def measured() -> float:
        samples = {
            s.name: s.value for family in MATCHING_DURATION.collect() for s in family.samples
        }
        return samples["buurthulp_matching_duration_seconds_count"]

    person("3012", volunteer=True)
    match_request = request_matching(session, PostingFactory(published=True))
    session.commit()
    before = measured()
    run_task("matching.match_posting", match_request.id)
    assert measured() == before + 1
