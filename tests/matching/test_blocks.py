"""Matching never puts two people in touch when one blocked the other, in either
direction: not when a posting is matched, not when a profile is matched again, and a
suggestion made before the block is not shown."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.matching.models import MatchSuggestion
from marketplace.matching.services import (
    rematch_person,
    request_matching,
    run_match_request,
    suggestions_for,
)
from tests.factories import ContactBlockFactory, MatchSuggestionFactory, PostingFactory, person


def match(session, posting) -> None:
    match_request = request_matching(session, posting)
    session.commit()
    run_match_request(session, match_request.id)
    session.commit()


def suggested(session, posting) -> set[int]:
    return set(
        session.scalars(
            select(MatchSuggestion.user_id).where(MatchSuggestion.posting_id == posting.id)
        )
    )


def block(one, other, direction):
    if direction == "she blocked him":
        ContactBlockFactory(blocker_id=one.id, blocked_id=other.id)
    else:
        ContactBlockFactory(blocker_id=other.id, blocked_id=one.id)
    db.session.commit()


DIRECTIONS = ["she blocked him", "he blocked her"]


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_a_request_is_not_matched_to_a_blocked_volunteer(session, direction):
    author = person("3011")
    blocked, other = person("3012", volunteer=True), person("3012", volunteer=True)
    block(author, blocked, direction)
    posting = PostingFactory(published=True, author=author)
    match(session, posting)
    assert suggested(session, posting) == {other.id}


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_an_offer_is_not_suggested_to_a_blocked_request_author(session, direction):
    resident = person("3012")
    PostingFactory(published=True, author=resident, lat=51.9225, lon=4.4792)
    helper = person("3011")
    block(resident, helper, direction)
    offer = PostingFactory(published=True, offer=True, author=helper)
    match(session, offer)
    assert suggested(session, offer) == set()


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_matching_a_profile_again_skips_the_blocked_persons_postings(session, direction):
    author, other_author = person("3011"), person("3011")
    blocked_posting = PostingFactory(published=True, author=author)
    open_posting = PostingFactory(published=True, author=other_author)
    volunteer = person("3012", volunteer=True)
    block(author, volunteer, direction)
    rematch_person(session, volunteer)
    session.commit()
    assert suggested(session, blocked_posting) == set()
    assert suggested(session, open_posting) == {volunteer.id}


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_a_suggestion_from_before_the_block_is_not_shown(session, direction):
    author = person("3011")
    volunteer = person("3012", volunteer=True)
    posting = PostingFactory(published=True, author=author)
    MatchSuggestionFactory(posting=posting, user=volunteer)
    session.commit()
    assert len(session.scalars(suggestions_for(volunteer.id)).unique().all()) == 1
    block(author, volunteer, direction)
    assert session.scalars(suggestions_for(volunteer.id)).unique().all() == []
