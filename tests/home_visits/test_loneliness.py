"""The six-item De Jong Gierveld scale is scored as its manual prescribes."""

from __future__ import annotations

import pytest

from marketplace.home_visits.loneliness import ITEM_KEYS, decode, encode, score

EMOTIONAL = ("emptiness", "miss_people", "rejected")
SOCIAL = ("fall_back", "trust", "close")


def _answers(emotional: str, social: str) -> dict[str, str]:
    return dict.fromkeys(EMOTIONAL, emotional) | dict.fromkeys(SOCIAL, social)


def test_no_to_the_emotional_and_yes_to_the_social_items_is_not_lonely():
    result = score(_answers("nee", "ja"))
    assert (result.emotional, result.social, result.total, result.level) == (0, 0, 0, "not")


def test_yes_to_the_emotional_and_no_to_the_social_items_is_severely_lonely():
    result = score(_answers("ja", "nee"))
    assert (result.emotional, result.social, result.total, result.level) == (3, 3, 6, "severe")


def test_more_or_less_counts_on_both_kinds_of_item():
    result = score(_answers("min_of_meer", "min_of_meer"))
    assert (result.emotional, result.social) == (3, 3)


def test_two_to_four_is_moderately_lonely():
    answers = _answers("nee", "ja") | {"emptiness": "ja", "trust": "nee"}
    assert (score(answers).total, score(answers).level) == (2, "moderate")


def test_an_answer_outside_the_three_is_refused():
    with pytest.raises(ValueError):
        score(_answers("nee", "ja") | {"close": "soms"})


def test_answers_are_stored_in_the_items_order_and_read_back():
    answers = _answers("ja", "min_of_meer")
    assert decode(encode(answers)) == answers and len(encode(answers).split(",")) == len(ITEM_KEYS)
