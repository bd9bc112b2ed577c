"""Rematching after a profile change, wider circles, and learning from "niet voor mij"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.dayparts import mask_from_slots
from marketplace.matching.candidates import find_volunteers
from marketplace.matching.models import MatchRequest, MatchSuggestion, VolunteerReach
from marketplace.matching.services import (
    dismiss_suggestion,
    request_matching,
    request_profile_matching,
    run_match_request,
)
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.postings.models import PostingStatus
from marketplace.profiles.services import ProfileData, update_profile
from marketplace.timestamps import local_today, utcnow
from tests.factories import MatchSuggestionFactory, PostingFactory, category, person


def rematch(session, user) -> int:
    match_request = request_profile_matching(session, user)
    session.commit()
    count = run_match_request(session, match_request.id)
    session.commit()
    return count


def suggested_postings(session, user) -> list[int]:
    return sorted(
        session.scalars(
            select(MatchSuggestion.posting_id).where(MatchSuggestion.user_id == user.id)
        )
    )


def alerts(session, user) -> int:
    return len(
        session.scalars(
            select(Notification)
            .where(Notification.recipient_id == user.id)
            .where(Notification.kind == NotificationKind.NEW_MATCH)
        ).all()
    )


# --- Rematching ---------------------------------------------------------------------------


def test_profile_matching_request_is_an_outbox_row_for_the_person(session):
    volunteer = person("3012", volunteer=True)
    match_request = request_profile_matching(session, volunteer)
    session.commit()
    assert (match_request.user_id, match_request.posting_id) == (volunteer.id, None)


def test_saving_a_profile_twice_before_the_worker_ran_gives_one_request(session):
    volunteer = person("3012", volunteer=True)
    first = request_profile_matching(session, volunteer)
    second = request_profile_matching(session, volunteer)
    session.commit()
    assert first.id == second.id
    assert len(session.scalars(select(MatchRequest)).all()) == 1


def test_new_interest_brings_suggestions_from_open_postings_that_now_fit(session):
    garden = PostingFactory(published=True, category=category("tuin"))
    volunteer = person("3012", volunteer=True)
    update_profile(
        session,
        volunteer,
        ProfileData(display_name="Ans", postcode="3012", wants_to_help=True, interests=["tuin"]),
    )
    assert rematch(session, volunteer) == 1
    assert suggested_postings(session, volunteer) == [garden.id]


def test_rematch_alerts_about_the_best_fits_only(session):
    for _ in range(5):
        PostingFactory(published=True)
    volunteer = person("3012", volunteer=True)
    assert rematch(session, volunteer) == 5
    assert alerts(session, volunteer) == 3


def test_rematch_stays_within_the_weekly_cap(session):
    for _ in range(3):
        PostingFactory(published=True)
    volunteer = person("3012", volunteer=True, weekly_alert_cap=1)
    rematch(session, volunteer)
    assert alerts(session, volunteer) == 1


def test_rematch_skips_closed_matched_hidden_and_past_postings(session):
    PostingFactory(matched=True)
    PostingFactory(published=True, is_hidden=True)
    PostingFactory(published=True, ends_on=local_today() - timedelta(days=1))
    closed = PostingFactory(published=True)
    closed.status = PostingStatus.CLOSED
    session.commit()
    volunteer = person("3012", volunteer=True)
    assert rematch(session, volunteer) == 0


def test_rematch_removes_unsent_suggestions_that_no_longer_fit(session):
    posting = PostingFactory(published=True)
    paused = utcnow() + timedelta(days=7)
    volunteer = person("3012", volunteer=True, alerts_paused_until=paused)
    rematch(session, volunteer)
    assert suggested_postings(session, volunteer) == [posting.id]
    volunteer.profile.interest_mask = category("tuin").mask
    session.commit()
    assert rematch(session, volunteer) == 0
    assert suggested_postings(session, volunteer) == []


def test_someone_who_stopped_helping_gets_no_new_suggestions(session):
    PostingFactory(published=True)
    volunteer = person("3012", wants_to_help=False, interest_mask=category("boodschappen").mask)
    assert rematch(session, volunteer) == 0
    assert suggested_postings(session, volunteer) == []


# --- Wider circles ------------------------------------------------------------------------


def test_each_circle_has_its_own_request(session):
    posting = PostingFactory(published=True)
    keys = {request_matching(session, posting, circle).idempotency_key for circle in (1, 2, 3)}
    assert len(keys) == 3


def test_an_unknown_circle_is_refused(session):
    posting = PostingFactory(published=True)
    with pytest.raises(ValueError):
        request_matching(session, posting, circle=4)


def test_second_circle_reaches_volunteers_up_to_twice_their_radius(session):
    schiedam = person("3111", volunteer=True, radius_km=4)  # about 6 km from the posting
    posting = PostingFactory(published=True)
    assert list(find_volunteers(session, posting, circle=1).ids) == []
    assert list(find_volunteers(session, posting, circle=2).ids) == [schiedam.id]


def test_third_circle_adds_volunteers_who_gave_no_availability(session):
    unstated = person("3012", volunteer=True, availability_mask=0)
    posting = PostingFactory(
        published=True, timing="recurring", daypart_mask=mask_from_slots(["tue-morning"])
    )
    assert list(find_volunteers(session, posting, circle=2).ids) == []
    assert list(find_volunteers(session, posting, circle=3).ids) == [unstated.id]


def test_wider_circle_request_is_matched_in_that_circle(session):
    schiedam = person("3111", volunteer=True, radius_km=4)
    posting = PostingFactory(published=True)
    match_request = request_matching(session, posting, circle=2)
    session.commit()
    assert run_match_request(session, match_request.id) == 1
    assert suggested_postings(session, schiedam) == [posting.id]


# --- Learning from "niet voor mij" --------------------------------------------------------


def reach_row(session, user, slug="boodschappen") -> VolunteerReach:
    session.expire_all()
    return session.get(VolunteerReach, (user.id, category(slug).bit))


def test_dismissing_counts_against_that_category(session):
    volunteer = person("3012", volunteer=True)
    suggestion = MatchSuggestionFactory(user=volunteer, distance_km=0.5)
    dismiss_suggestion(session, volunteer, suggestion.id)
    session.commit()
    assert reach_row(session, volunteer).dismissals == 1


def test_dismissing_twice_learns_once(session):
    volunteer = person("3012", volunteer=True)
    suggestion = MatchSuggestionFactory(user=volunteer, distance_km=0.5)
    dismiss_suggestion(session, volunteer, suggestion.id)
    dismiss_suggestion(session, volunteer, suggestion.id)
    session.commit()
    assert reach_row(session, volunteer).dismissals == 1


def test_dismissing_a_far_suggestion_learns_a_comfortable_distance(session):
    volunteer = person("3012", volunteer=True, radius_km=10)
    suggestion = MatchSuggestionFactory(user=volunteer, distance_km=8.0)
    dismiss_suggestion(session, volunteer, suggestion.id)
    session.commit()
    assert reach_row(session, volunteer).comfort_km == 8.0


def test_dismissing_a_nearby_suggestion_says_nothing_about_distance(session):
    volunteer = person("3012", volunteer=True, radius_km=10)
    suggestion = MatchSuggestionFactory(user=volunteer, distance_km=2.0)
    dismiss_suggestion(session, volunteer, suggestion.id)
    session.commit()
    assert reach_row(session, volunteer).comfort_km is None


def test_volunteer_who_dismissed_this_category_ranks_below_an_equal_one(session):
    picky = person("3012", volunteer=True)
    keen = person("3012", volunteer=True)
    old = MatchSuggestionFactory(user=picky, distance_km=0.5)
    dismiss_suggestion(session, picky, old.id)
    posting = PostingFactory(published=True)
    request = request_matching(session, posting)
    session.commit()
    run_match_request(session, request.id)
    session.commit()
    ranked = session.scalars(
        select(MatchSuggestion.user_id)
        .where(MatchSuggestion.posting_id == posting.id)
        .order_by(MatchSuggestion.score.desc())
    ).all()
    assert ranked == [keen.id, picky.id]


def test_wider_circle_alerts_new_people_besides_those_alerted_before(session):
    near = person("3012", volunteer=True)
    posting = PostingFactory(published=True)
    first = request_matching(session, posting)
    session.commit()
    run_match_request(session, first.id, notify_top_n=1)
    schiedam = person("3111", volunteer=True, radius_km=4)
    wider = request_matching(session, posting, circle=2)
    session.commit()
    run_match_request(session, wider.id, notify_top_n=1)
    session.commit()
    assert (alerts(session, near), alerts(session, schiedam)) == (1, 1)
