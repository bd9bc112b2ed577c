"""The indexed path gives exactly the top-N of scoring every profile, on thousands of people."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import insert, update

from marketplace.accounts.models import User
from marketplace.categories import ensure_default_categories
from marketplace.geo.postcodes import all_pc4s, lookup_postcode
from marketplace.matching.candidates import all_volunteers, find_volunteers, target_for
from marketplace.matching.models import VolunteerReach
from marketplace.matching.reach import rebuild_reach
from marketplace.matching.scoring import rank
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.profiles.models import Profile
from marketplace.timestamps import utcnow
from tests.factories import PASSWORD_HASH, PostingFactory

VOLUNTEERS = 3000
# Far above what the id sequence hands out to the factories in the same test.
FIRST_ID = 100_001
SEED = 4


@pytest.fixture
def city(session):
    """3,000 volunteers over Rotterdam's postcodes (and a few in Schiedam and Delft), some
    alerted this week or earlier, some who dismissed suggestions before."""
    rng = np.random.default_rng(SEED)
    categories = ensure_default_categories(session)
    pc4s = [*all_pc4s("Rotterdam"), "3111", "2611"]
    places = [lookup_postcode(pc4) for pc4 in pc4s]
    now = utcnow()
    users, profiles = [], []
    for number in range(VOLUNTEERS):
        place = places[int(rng.integers(len(places)))]
        interests = rng.choice(len(categories), size=int(rng.integers(1, 5)), replace=False)
        slots = rng.random(21) < 0.3
        users.append(
            {
                "id": FIRST_ID + number,
                "email": f"v{number}@example.org",
                "password_hash": PASSWORD_HASH,
                "email_confirmed_at": now,
            }
        )
        profiles.append(
            {
                "user_id": FIRST_ID + number,
                "display_name": f"Buur {number}",
                "postcode": place.pc4,
                "pc4": place.pc4,
                # Most live at the centroid, some a little off it: ties and near-ties both.
                "lat": place.lat + (rng.normal(0, 0.005) if number % 3 == 0 else 0.0),
                "lon": place.lon + (rng.normal(0, 0.008) if number % 3 == 0 else 0.0),
                "neighbourhood": place.neighbourhood,
                "wants_to_help": bool(rng.random() < 0.95),
                "interest_mask": int(sum(1 << int(bit) for bit in interests)),
                "availability_mask": int(sum(1 << i for i in range(21) if slots[i])),
                "radius_km": int(rng.integers(1, 26)),
            }
        )
    session.execute(insert(User), users)
    session.execute(insert(Profile), profiles)
    rebuild_reach(session)
    alerted = rng.choice(VOLUNTEERS, size=600, replace=False) + FIRST_ID
    session.execute(
        insert(Notification),
        [
            {
                "recipient_id": int(user_id),
                "kind": NotificationKind.NEW_MATCH,
                "idempotency_key": f"test:{user_id}:{copy}",
                "to_email": "x@example.org",
                "subject": "Hulp gezocht",
                "body": "...",
                # A third of them last month: those must not count.
                "created_at": now - timedelta(days=20 if user_id % 3 == 0 else 2),
            }
            for user_id in alerted
            for copy in range(int(rng.integers(1, 4)))
        ],
    )
    for user_id in rng.choice(VOLUNTEERS, size=300, replace=False) + FIRST_ID:
        session.execute(
            update(VolunteerReach)
            .where(VolunteerReach.user_id == int(user_id))
            .values(dismissals=int(rng.integers(1, 4)), comfort_km=float(rng.uniform(0.5, 10)))
        )
    session.commit()
    return categories, places, rng


def top(candidates, target, top_n):
    ranking = rank(candidates, target, top_n)
    return [
        (int(candidates.ids[index]), float(score))
        for index, score in zip(ranking.indices, ranking.scores, strict=True)
    ]


@pytest.mark.parametrize("top_n", [50, 10])
def test_indexed_top_n_equals_scoring_every_profile(session, city, top_n):
    categories, places, rng = city
    for number in range(24):
        place = places[int(rng.integers(len(places)))]
        timed = number % 2 == 1
        posting = PostingFactory(
            published=True,
            category=categories[number % len(categories)],
            lat=place.lat,
            lon=place.lon,
            daypart_mask=int(sum(1 << int(s) for s in rng.choice(21, 2))) if timed else 0,
        )
        circle = 1 + number % 3
        target = target_for(posting, circle)
        indexed = top(find_volunteers(session, posting, circle, top_n=top_n), target, top_n)
        exhaustive = top(all_volunteers(session, posting), target, top_n)
        assert indexed == exhaustive, f"posting {number} (circle {circle})"
        assert len(indexed) > 0


def test_posting_far_from_everyone_finds_the_few_who_reach_it(session, city):
    categories, _, _ = city
    amsterdam = lookup_postcode("1012")
    posting = PostingFactory(
        published=True, category=categories[0], lat=amsterdam.lat, lon=amsterdam.lon
    )
    target = target_for(posting)
    indexed = top(find_volunteers(session, posting), target, 50)
    assert indexed == top(all_volunteers(session, posting), target, 50) == []
