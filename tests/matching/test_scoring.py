"""The pure scoring: no database, no app."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from marketplace.dayparts import FULL_WEEK, mask_from_slots
from marketplace.matching.scoring import (
    Candidates,
    Target,
    could_make_top,
    haversine_km,
    rank,
    score,
)

HOME = (51.91869, 4.48756)  # Rotterdam, 3011
BOODSCHAPPEN = 1 << 0
VERVOER = 1 << 1
TUESDAY_MORNING = mask_from_slots(["tue-morning"])


def north_of_home(km: float) -> tuple[float, float]:
    return HOME[0] + km / 111.195, HOME[1]


def candidate(
    id_: int,
    km: float = 1.0,
    radius_km: float = 5,
    interests: int = BOODSCHAPPEN,
    availability: int = FULL_WEEK,
    alerts: int = 0,
) -> tuple[int, float, float, float, int, int, int]:
    lat, lon = north_of_home(km)
    return (id_, lat, lon, radius_km, interests, availability, alerts)


def ranked_ids(rows: list, target: Target | None = None, top_n: int = 50) -> list[int]:
    candidates = Candidates.from_rows(rows)
    ranking = rank(candidates, target or Target(*HOME, category_mask=BOODSCHAPPEN), top_n)
    return [int(candidates.ids[i]) for i in ranking.indices]


def test_haversine_matches_a_known_distance():
    rotterdam_to_amsterdam = haversine_km(
        np.array([51.91869]), np.array([4.48756]), 52.3731, 4.8922
    )
    assert 57 < rotterdam_to_amsterdam[0] < 59


def test_candidate_beyond_their_own_radius_is_filtered_out():
    assert ranked_ids([candidate(1, km=6, radius_km=5), candidate(2, km=4, radius_km=5)]) == [2]


def test_candidate_with_a_larger_radius_reaches_further():
    assert ranked_ids([candidate(1, km=6, radius_km=10)]) == [1]


def test_candidate_without_the_category_among_interests_is_filtered_out():
    assert ranked_ids([candidate(1, interests=VERVOER), candidate(2)]) == [2]


def test_candidate_not_free_when_the_posting_is_planned_is_filtered_out():
    target = Target(*HOME, category_mask=BOODSCHAPPEN, daypart_mask=TUESDAY_MORNING)
    rows = [
        candidate(1, availability=mask_from_slots(["wed-evening"])),
        candidate(2, availability=TUESDAY_MORNING),
    ]
    assert ranked_ids(rows, target) == [2]


def test_flexible_posting_accepts_any_availability():
    assert ranked_ids([candidate(1, availability=0)]) == [1]


def test_nearer_candidate_ranks_first():
    assert ranked_ids([candidate(1, km=3), candidate(2, km=0.5)]) == [2, 1]


def test_candidate_free_in_more_of_the_posting_slots_ranks_first():
    wanted = mask_from_slots(["tue-morning", "thu-morning"])
    target = Target(*HOME, category_mask=BOODSCHAPPEN, daypart_mask=wanted)
    rows = [candidate(1, availability=TUESDAY_MORNING), candidate(2, availability=wanted)]
    assert ranked_ids(rows, target) == [2, 1]


def test_fairness_moves_a_heavily_alerted_volunteer_down():
    rows = [candidate(1, km=1.0, alerts=8), candidate(2, km=1.3, alerts=0)]
    assert ranked_ids(rows) == [2, 1]


def test_equal_scores_are_ordered_by_id():
    rows = [candidate(7), candidate(3), candidate(5)]
    assert ranked_ids(rows) == [3, 5, 7]


def test_scores_lie_between_zero_and_one_and_come_best_first():
    rows = [candidate(i, km=i * 0.4, alerts=i % 3, interests=(1 << i) | 1) for i in range(1, 12)]
    ranking = rank(Candidates.from_rows(rows), Target(*HOME, category_mask=BOODSCHAPPEN))
    assert np.all((ranking.scores >= 0) & (ranking.scores <= 1))
    assert list(ranking.scores) == sorted(ranking.scores, reverse=True)


def test_top_n_limits_the_result_and_distances_are_returned():
    rows = [candidate(i, km=i * 0.3) for i in range(1, 11)]
    candidates = Candidates.from_rows(rows)
    ranking = rank(candidates, Target(*HOME, category_mask=BOODSCHAPPEN), top_n=3)
    assert [int(candidates.ids[i]) for i in ranking.indices] == [1, 2, 3]
    assert np.allclose(ranking.distances_km, [0.3, 0.6, 0.9], atol=0.01)


def test_no_candidates_give_an_empty_ranking():
    ranking = rank(Candidates.from_rows([]), Target(*HOME, category_mask=BOODSCHAPPEN))
    assert len(ranking.indices) == 0


def test_dismissals_in_the_category_move_a_candidate_down():
    candidates = Candidates.from_rows([candidate(1), candidate(2)])
    candidates = replace(candidates, dismissals=np.array([2, 0]))
    ranking = rank(candidates, Target(*HOME, category_mask=BOODSCHAPPEN))
    assert [int(candidates.ids[i]) for i in ranking.indices] == [2, 1]


def test_posting_beyond_the_learned_comfortable_distance_scores_lower():
    candidates = Candidates.from_rows([candidate(1, km=3), candidate(2, km=3)])
    candidates = replace(candidates, comfort_km=np.array([2.0, -1.0]))
    target = Target(*HOME, category_mask=BOODSCHAPPEN)
    distances = haversine_km(candidates.lat, candidates.lon, *HOME)
    first, second = score(candidates, target, distances)
    assert second - first == pytest.approx(0.1)


def test_posting_within_the_learned_comfortable_distance_is_not_penalised():
    candidates = Candidates.from_rows([candidate(1, km=1), candidate(2, km=1)])
    candidates = replace(candidates, comfort_km=np.array([2.0, -1.0]))
    distances = haversine_km(candidates.lat, candidates.lon, *HOME)
    first, second = score(candidates, Target(*HOME, category_mask=BOODSCHAPPEN), distances)
    assert first == second


def test_scores_are_exact_in_double_precision():
    # bitwise_count gives uint8; without a cast NumPy computed this part in float16.
    candidates = Candidates.from_rows([candidate(1, km=0, interests=BOODSCHAPPEN | VERVOER)])
    target = Target(*HOME, category_mask=BOODSCHAPPEN, daypart_mask=TUESDAY_MORNING)
    expected = 0.45 + 0.25 + 0.15 + 0.15 / np.sqrt(2)
    assert score(candidates, target, np.zeros(1))[0] == pytest.approx(expected, abs=1e-12)


def test_doubled_radius_in_a_wider_circle_reaches_further():
    rows = [candidate(1, km=6, radius_km=5)]
    assert ranked_ids(rows, Target(*HOME, category_mask=BOODSCHAPPEN, radius_factor=2.0)) == [1]


def test_candidates_who_cannot_make_the_top_are_not_worth_an_alert_lookup():
    rows = [candidate(i, km=0.1 * i) for i in range(1, 4)] + [candidate(9, km=4.9)]
    candidates = Candidates.from_rows(rows)
    target = Target(*HOME, category_mask=BOODSCHAPPEN)
    distances = haversine_km(candidates.lat, candidates.lon, *HOME)
    worth = could_make_top(candidates, target, distances, top_n=2)
    assert list(worth) == [True, True, True, False]
