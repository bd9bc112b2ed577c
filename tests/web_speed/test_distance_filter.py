"""The distance filter's query (a box on the (status, lat, lon) index, then the distance)
finds exactly the postings a plain great-circle check finds, nearest first."""

import itertools
import random

from marketplace.extensions import db
from marketplace.geo import distance_km
from marketplace.postings.queries import SORT_NEAREST, BrowseFilters, Origin, browse_query
from marketplace.timestamps import local_today
from tests.factories import PostingFactory

ORIGIN = Origin(lat=51.9225, lon=4.4792)  # Rotterdam centre


def test_the_distance_filter_finds_what_a_plain_check_finds():
    rng = random.Random(17)
    postings = [
        PostingFactory(
            published=True,
            lat=ORIGIN.lat + rng.uniform(-0.12, 0.12),
            lon=ORIGIN.lon + rng.uniform(-0.2, 0.2),
        )
        for _ in range(150)
    ]
    PostingFactory(lat=ORIGIN.lat, lon=ORIGIN.lon)  # pending: never listed
    db.session.commit()
    for km in (1, 2, 5, 10):
        query = browse_query(
            BrowseFilters(origin=ORIGIN, max_km=km, sort=SORT_NEAREST), local_today()
        )
        found = [posting.id for posting in db.session.scalars(query)]
        expected = {
            posting.id
            for posting in postings
            if distance_km(ORIGIN.lat, ORIGIN.lon, posting.lat, posting.lon) <= km
        }
        # At the very edge the flat-earth test and the great circle may differ by metres.
        edge = {
            posting.id
            for posting in postings
            if abs(distance_km(ORIGIN.lat, ORIGIN.lon, posting.lat, posting.lon) - km) < 0.01
        }
        assert set(found) ^ expected <= edge
        assert expected or km == 1
        distances = [
            distance_km(ORIGIN.lat, ORIGIN.lon, p.lat, p.lon)
            for p in (db.session.get(type(postings[0]), i) for i in found)
        ]
        assert (
            distances == sorted(distances)
            or max(a - b for a, b in itertools.pairwise(distances)) < 0.01
        )
