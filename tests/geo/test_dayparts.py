from datetime import date

import pytest

from marketplace.dayparts import (
    DAYS,
    FULL_WEEK,
    PARTS,
    mask_for_date,
    mask_from_slots,
    slot_bit,
    slot_label,
    slots_from_mask,
)


def test_a_week_has_21_distinct_slots():
    bits = {slot_bit(day, part) for day in DAYS for part in PARTS}
    assert len(bits) == 21
    assert sum(bits) == FULL_WEEK


def test_slots_survive_a_round_trip_through_the_mask():
    slots = [("mon", "morning"), ("tue", "evening"), ("sun", "afternoon")]
    assert slots_from_mask(mask_from_slots(slots)) == slots


def test_slot_strings_give_the_same_mask_as_pairs():
    assert mask_from_slots(["tue-morning", "sat-evening"]) == mask_from_slots(
        [("tue", "morning"), ("sat", "evening")]
    )


def test_the_full_week_holds_every_slot():
    assert len(slots_from_mask(FULL_WEEK)) == 21
    assert mask_from_slots(slots_from_mask(FULL_WEEK)) == FULL_WEEK


def test_an_empty_mask_has_no_slots():
    assert slots_from_mask(0) == []
    assert mask_from_slots([]) == 0


def test_overlap_is_a_single_and():
    volunteer = mask_from_slots(["tue-morning", "wed-evening"])
    assert volunteer & mask_from_slots(["tue-morning"])
    assert not volunteer & mask_from_slots(["tue-afternoon"])


def test_a_date_maps_to_its_weekday_slot():
    tuesday = date(2025, 3, 4)
    assert mask_for_date(tuesday, "morning") == slot_bit("tue", "morning")


@pytest.mark.parametrize(
    ("day", "part", "label"),
    [
        ("mon", "morning", "maandagochtend"),
        ("tue", "afternoon", "dinsdagmiddag"),
        ("sun", "evening", "zondagavond"),
    ],
)
def test_a_slot_reads_as_one_dutch_word(app, day, part, label):
    with app.test_request_context():
        assert slot_label(day, part) == label
