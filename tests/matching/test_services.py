"""Matching on the database: request_matching and run_match_request end to end."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.dayparts import mask_from_slots
from marketplace.matching.errors import PostingNotPublished, SuggestionNotFound
from marketplace.matching.models import MatchRequest, MatchSuggestion
from marketplace.matching.services import (
    dismiss_suggestion,
    request_matching,
    run_match_request,
)
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.timestamps import utcnow
from tests.factories import MatchSuggestionFactory, PostingFactory, category, person


def match(session, posting, **kwargs) -> int:
    match_request = request_matching(session, posting)
    session.commit()
    count = run_match_request(session, match_request.id, **kwargs)
    session.commit()
    return count


def suggestions(session, posting) -> list[MatchSuggestion]:
    return list(
        session.scalars(
            select(MatchSuggestion)
            .where(MatchSuggestion.posting_id == posting.id)
            .order_by(MatchSuggestion.score.desc())
        )
    )


def alerts(session) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.kind == NotificationKind.NEW_MATCH)
            .order_by(Notification.id)
        )
    )


def test_request_matching_adds_one_outbox_row_per_publication(session):
    posting = PostingFactory(published=True)
    first = request_matching(session, posting)
    second = request_matching(session, posting)
    session.commit()
    assert first.id == second.id
    assert first.idempotency_key == f"match:{posting.id}:{posting.published_at.isoformat()}"
    assert session.scalar(select(func.count()).select_from(MatchRequest)) == 1


def test_request_matching_refuses_a_posting_that_was_never_published(session):
    with pytest.raises(PostingNotPublished):
        request_matching(session, PostingFactory())


def test_matching_stores_suggestions_with_reasons_for_fitting_volunteers(session):
    volunteer = person("3012", volunteer=True)
    person("1012", volunteer=True)  # Amsterdam: too far
    person("3012", volunteer=True, interest_mask=category("tuin").mask)
    posting = PostingFactory(
        published=True, timing="recurring", daypart_mask=mask_from_slots(["tue-morning"])
    )
    assert match(session, posting) == 1
    [suggestion] = suggestions(session, posting)
    assert suggestion.user_id == volunteer.id
    assert 0 < suggestion.score <= 1
    assert suggestion.reasons == {
        "distance_km": pytest.approx(0.8, abs=0.1),
        "categories": ["boodschappen"],
        "slots": [["tue", "morning"]],
    }


def test_matching_alerts_the_volunteer_with_a_link_to_the_posting(session):
    volunteer = person("3012", volunteer=True)
    posting = PostingFactory(published=True)
    match(session, posting)
    [alert] = alerts(session)
    assert alert.recipient_id == volunteer.id
    assert alert.idempotency_key == f"new_match:{posting.id}:{volunteer.id}"
    assert alert.link_path == f"/oproepen/{posting.id}"
    assert posting.title in alert.subject
    assert "u helpt graag met boodschappen" in alert.body
    assert suggestions(session, posting)[0].notified_at is not None


def test_matching_alerts_only_the_best_n(session):
    volunteers = [person("3012", volunteer=True) for _ in range(4)]
    posting = PostingFactory(published=True)
    match(session, posting, notify_top_n=2)
    assert len(suggestions(session, posting)) == 4
    assert [a.recipient_id for a in alerts(session)] == [v.id for v in volunteers[:2]]


def test_running_the_same_request_twice_changes_nothing(session):
    person("3012", volunteer=True)
    person("3014", volunteer=True)
    posting = PostingFactory(published=True)
    match_request = request_matching(session, posting)
    session.commit()
    assert run_match_request(session, match_request.id) == 2
    session.commit()
    before = [(s.id, s.score, s.notified_at) for s in suggestions(session, posting)]
    assert run_match_request(session, match_request.id) == 0
    session.commit()
    assert [(s.id, s.score, s.notified_at) for s in suggestions(session, posting)] == before
    assert len(alerts(session)) == 2


def test_matching_a_posting_again_updates_suggestions_without_new_alerts(session):
    person("3012", volunteer=True)
    posting = PostingFactory(published=True)
    match(session, posting)
    posting.published_at = utcnow() + timedelta(seconds=1)  # published again: a new request
    session.commit()
    assert match(session, posting) == 1
    assert len(suggestions(session, posting)) == 1
    assert len(alerts(session)) == 1


def test_completed_request_is_marked_and_skipped(session):
    posting = PostingFactory(published=True)
    match_request = request_matching(session, posting)
    session.commit()
    run_match_request(session, match_request.id)
    session.commit()
    assert match_request.completed_at is not None


def test_hidden_posting_is_not_matched(session):
    person("3012", volunteer=True)
    posting = PostingFactory(published=True, is_hidden=True)
    assert match(session, posting) == 0
    assert suggestions(session, posting) == []


def test_posting_closed_before_the_worker_ran_is_not_matched(session):
    person("3012", volunteer=True)
    posting = PostingFactory(published=True)
    match_request = request_matching(session, posting)
    posting.status = "closed"
    session.commit()
    assert run_match_request(session, match_request.id) == 0
    session.commit()
    assert suggestions(session, posting) == []
    assert match_request.completed_at is not None


def test_volunteer_who_paused_alerts_gets_a_suggestion_but_no_alert(session):
    person("3012", volunteer=True, alerts_paused_until=utcnow() + timedelta(days=3))
    posting = PostingFactory(published=True)
    match(session, posting)
    assert len(suggestions(session, posting)) == 1
    assert alerts(session) == []


def test_volunteer_at_the_weekly_cap_is_not_alerted_and_the_next_one_is(session):
    capped = person("3012", volunteer=True, weekly_alert_cap=1)
    other = person("3014", volunteer=True)
    match(session, PostingFactory(published=True, title="Eerste"))
    assert {a.recipient_id for a in alerts(session)} == {capped.id, other.id}

    second = PostingFactory(published=True, title="Tweede")
    match(session, second, notify_top_n=1)
    assert [a.recipient_id for a in alerts(session)][-1] == other.id
    assert len(alerts(session)) == 3


def test_dismissed_suggestion_is_not_alerted_on_a_new_run(session):
    volunteer = person("3012", volunteer=True)
    posting = PostingFactory(published=True)
    MatchSuggestionFactory(posting=posting, user=volunteer, dismissed_at=utcnow())
    match(session, posting)
    assert alerts(session) == []
    assert suggestions(session, posting)[0].dismissed_at is not None


def test_offer_is_suggested_to_authors_of_fitting_requests(session):
    resident = person("3012")
    request = PostingFactory(published=True, author=resident, lat=51.9225, lon=4.4792)
    PostingFactory(published=True, category=category("tuin"))
    offer = PostingFactory(published=True, offer=True, author=person("3011"))
    assert match(session, offer) == 1
    [suggestion] = suggestions(session, offer)
    assert (suggestion.user_id, suggestion.related_posting_id) == (resident.id, request.id)
    [alert] = alerts(session)
    assert alert.recipient_id == resident.id
    assert alert.link_path == f"/oproepen/{offer.id}"
    assert request.title in alert.body


def test_offer_gives_one_suggestion_per_request_author(session):
    resident = person("3012")
    PostingFactory(published=True, author=resident)
    PostingFactory(published=True, author=resident, title="Nog een vraag")
    offer = PostingFactory(published=True, offer=True, author=person("3011"))
    assert match(session, offer) == 1


def test_offer_from_someone_without_a_profile_searches_five_km(session):
    PostingFactory(published=True, lat=51.9225, lon=4.4792)
    PostingFactory(published=True, lat=51.9105, lon=4.3440)  # Schiedam, about 10 km
    offer = PostingFactory(published=True, offer=True)
    assert match(session, offer) == 1


def test_dismissing_sets_dismissed_at(session):
    suggestion = MatchSuggestionFactory()
    dismiss_suggestion(session, suggestion.user, suggestion.id)
    session.commit()
    assert suggestion.dismissed_at is not None


def test_dismissing_someone_elses_suggestion_is_refused(session):
    suggestion = MatchSuggestionFactory()
    with pytest.raises(SuggestionNotFound):
        dismiss_suggestion(session, person(), suggestion.id)
