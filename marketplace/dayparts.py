"""A week as 21 slots (7 days x morning/afternoon/evening), stored as one integer bitmask.

Profiles keep their availability this way and postings their timing, so "do they overlap"
is a single ``&`` in SQL or NumPy.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS = ("morning", "afternoon", "evening")
FULL_WEEK = (1 << (len(DAYS) * len(PARTS))) - 1

DAY_LABELS = {
    "mon": _l("maandag"),
    "tue": _l("dinsdag"),
    "wed": _l("woensdag"),
    "thu": _l("donderdag"),
    "fri": _l("vrijdag"),
    "sat": _l("zaterdag"),
    "sun": _l("zondag"),
}
PART_LABELS = {"morning": _l("ochtend"), "afternoon": _l("middag"), "evening": _l("avond")}


def slot_bit(day: str, part: str) -> int:
    return 1 << (DAYS.index(day) * len(PARTS) + PARTS.index(part))


def mask_from_slots(slots: list[tuple[str, str]] | list[str]) -> int:
    """Slots as (day, part) pairs or "day-part" strings, e.g. "tue-morning"."""
    mask = 0
    for slot in slots:
        day, part = slot.split("-") if isinstance(slot, str) else slot
        mask |= slot_bit(day, part)
    return mask


def slots_from_mask(mask: int) -> list[tuple[str, str]]:
    return [(day, part) for day in DAYS for part in PARTS if mask & slot_bit(day, part)]


def mask_for_date(on: date, part: str) -> int:
    return slot_bit(DAYS[on.weekday()], part)


def slot_label(day: str, part: str) -> str:
    """ "dinsdagochtend": Dutch writes day and part as one word; other languages may not
    ("Tuesday morning"), so the joining is left to the translation."""
    return _("%(day)s%(part)s", day=DAY_LABELS[day], part=PART_LABELS[part])


def slot_table_labels() -> dict[str, list[Any]]:
    """The headings of the table of day and part checkboxes, as template context:
    ``day_labels`` for its rows and ``part_labels`` for its columns."""
    return {
        "day_labels": [DAY_LABELS[day] for day in DAYS],
        "part_labels": [PART_LABELS[part] for part in PARTS],
    }
