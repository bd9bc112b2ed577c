"""Plain-language answers to "Waarom ziet u dit?", built from a suggestion's stored reasons.

Stored reasons are language-neutral (``{"distance_km": 1.2, "categories": ["boodschappen"],
"slots": [["tue", "morning"]], "languages": ["tr"]}``); the words are made here, in the
reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from marketplace import volunteer_candidates
from marketplace.dayparts import DAYS, PARTS, slot_label
from marketplace.profiles.services import LANGUAGES
from marketplace.templating import format_distance

# More slots than this read as a timetable, not a reason.
MAX_SLOTS_SHOWN = 3


def reason_phrases(
    reasons: Mapping[str, Any],
    category_names: Mapping[str, str],
    related_title: str | None = None,
) -> list[str]:
    """Short phrases, e.g. ["ca. 1 km van u vandaan", "u helpt graag met boodschappen"].

    ``related_title`` is set for an offer suggested to the author of a request: the phrases
    then speak about their request instead of their interests.
    """
    phrases = []
    distance = reasons.get("distance_km")
    if isinstance(distance, int | float):
        phrases.append(_("%(distance)s van u vandaan", distance=format_distance(distance)))

    if related_title:
        phrases.append(_("past bij uw vraag „%(title)s”", title=related_title))
    else:
        names = [
            category_names[slug].lower()
            for slug in reasons.get("categories", [])
            if slug in category_names
        ]
        if names:
            phrases.append(_("u helpt graag met %(categories)s", categories=", ".join(names)))

    names = [str(LANGUAGES[code]) for code in reasons.get("languages", []) if code in LANGUAGES]
    if names:
        phrases.append(
            _("u spreekt %(languages)s, zoals de oproep vraagt", languages=", ".join(names))
        )

    labels = [
        slot_label(day, part)
        for day, part in (tuple(slot) for slot in reasons.get("slots", []) if len(slot) == 2)
        if day in DAYS and part in PARTS
    ]
    if labels:
        shown = ", ".join(labels[:MAX_SLOTS_SHOWN])
        if len(labels) > MAX_SLOTS_SHOWN:
            shown = _("%(slots)s en meer", slots=shown)
        if related_title:
            phrases.append(_("de hulp kan op %(slots)s", slots=shown))
        else:
            phrases.append(_("u kunt op %(slots)s", slots=shown))
    phrases.extend(volunteer_candidates.reason_words(reasons))  # e.g. "Heeft een VOG"
    return phrases
