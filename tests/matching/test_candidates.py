"""Candidate retrieval from the database: only people who pass every hard filter."""

from __future__ import annotations

from marketplace.dayparts import mask_from_slots
from marketplace.matching.candidates import find_requests_for_offer, find_volunteers
from marketplace.notifications.models import Notification, NotificationKind
from tests.factories import PostingFactory, UserFactory, category, person


def volunteer_ids(session, posting) -> list[int]:
    return sorted(int(i) for i in find_volunteers(session, posting).ids)


def test_nearby_volunteer_with_the_interest_is_a_candidate(session):
    volunteer = person("3012", volunteer=True)
    posting = PostingFactory(published=True)
    assert volunteer_ids(session, posting) == [volunteer.id]


def test_volunteer_living_beyond_their_radius_is_not_a_candidate(session):
    person("3111", volunteer=True, radius_km=5)  # Schiedam, about 6 km away
    posting = PostingFactory(published=True)
    assert volunteer_ids(session, posting) == []


def test_volunteer_outside_the_largest_radius_is_not_a_candidate(session):
    person("1012", volunteer=True, radius_km=25)  # Amsterdam
    posting = PostingFactory(published=True)
    assert volunteer_ids(session, posting) == []


def test_volunteer_with_other_interests_is_not_a_candidate(session):
    person("3012", volunteer=True, interest_mask=category("tuin").mask)
    posting = PostingFactory(published=True)
    assert volunteer_ids(session, posting) == []


def test_volunteer_not_free_at_the_posting_time_is_not_a_candidate(session):
    person("3012", volunteer=True, availability_mask=mask_from_slots(["sat-evening"]))
    free = person("3012", volunteer=True, availability_mask=mask_from_slots(["tue-morning"]))
    posting = PostingFactory(
        published=True, timing="recurring", daypart_mask=mask_from_slots(["tue-morning"])
    )
    assert volunteer_ids(session, posting) == [free.id]


def test_blocked_volunteer_is_not_a_candidate(session):
    person("3012", volunteer=True, user=UserFactory(blocked=True))
    posting = PostingFactory(published=True)
    assert volunteer_ids(session, posting) == []


def test_unconfirmed_volunteer_is_not_a_candidate(session):
    person("3012", volunteer=True, user=UserFactory(unconfirmed=True))
    posting = PostingFactory(published=True)
    assert volunteer_ids(session, posting) == []


def test_author_is_not_a_candidate_for_their_own_posting(session):
    author = person("3012", volunteer=True)
    posting = PostingFactory(published=True, author=author)
    assert volunteer_ids(session, posting) == []


def test_person_who_does_not_want_to_help_is_not_a_candidate(session):
    person("3012", volunteer=True, wants_to_help=False)
    posting = PostingFactory(published=True)
    assert volunteer_ids(session, posting) == []


def test_candidates_carry_their_new_match_alerts_of_this_week(session):
    volunteer = person("3012", volunteer=True)
    for n in range(3):
        session.add(
            Notification(
                recipient_id=volunteer.id,
                kind=NotificationKind.NEW_MATCH,
                idempotency_key=f"test:{n}",
                to_email=volunteer.email,
                subject="Nieuwe oproep",
                body="...",
            )
        )
    session.commit()
    candidates = find_volunteers(session, PostingFactory(published=True))
    assert list(candidates.alerts_this_week) == [3]


def test_offer_finds_open_requests_of_the_same_category_nearby(session):
    offerer = person("3011", radius_km=5)
    request = PostingFactory(published=True, postcode="3012", lat=51.9225, lon=4.4792)
    PostingFactory(published=True, category=category("tuin"))  # other category
    PostingFactory(published=True, author=offerer)  # the offerer's own request
    PostingFactory(published=False)  # not yet approved
    offer = PostingFactory(published=True, offer=True, author=offerer)
    requests, _, _ = find_requests_for_offer(session, offer)
    assert [r.posting_id for r in requests] == [request.id]


def test_offer_without_overlapping_time_finds_no_timed_request(session):
    offerer = person("3011")
    PostingFactory(
        published=True, timing="recurring", daypart_mask=mask_from_slots(["mon-evening"])
    )
    flexible = PostingFactory(published=True)
    offer = PostingFactory(
        published=True,
        offer=True,
        author=offerer,
        timing="recurring",
        daypart_mask=mask_from_slots(["tue-morning"]),
    )
    requests, _, _ = find_requests_for_offer(session, offer)
    assert [r.posting_id for r in requests] == [flexible.id]
