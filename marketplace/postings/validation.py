"""What a valid posting is: the checks on what an author typed, shared by every way of
posting (the form, the step-by-step questions, the phone intake, vacancies).

Each check raises InvalidPosting naming the field and saying, in plain words, what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from marketplace import dayparts
from marketplace.accounts.models import User
from marketplace.accounts.permissions import require_confirmed
from marketplace.categories import Category
from marketplace.geo import lookup_postcode
from marketplace.postings.errors import InvalidPosting
from marketplace.postings.models import LastingKind, PostingKind, Timing
from marketplace.profiles.services import LANGUAGES

# A posting names a language besides Dutch, which everyone here speaks.
POSTING_LANGUAGES = {code: name for code, name in LANGUAGES.items() if code != "nl"}

TITLE_MAX = 120
DESCRIPTION_MAX = 4000
# How long a request or offer stays up when the author picks no end date.
DEFAULT_RUNTIME = timedelta(days=30)
# Further ahead than this is almost always a typing mistake (2052 for 2025).
MAX_AHEAD = timedelta(days=366)


@dataclass
class PostingData:
    """What the author typed. ``postcode`` empty means "my own postcode"."""

    kind: str
    category_id: int | None
    title: str
    description: str
    postcode: str | None
    timing: str
    once_on: date | None = None
    once_daypart: str | None = None
    recurring_slots: list[str] = field(default_factory=list)
    ends_on: date | None = None
    language: str | None = None
    lasting: str | None = None  # a request for a lasting contact (LastingKind), or None


def clean_language(code: str | None) -> str | None:
    """A code from the list of languages, or None. Raises InvalidPosting."""
    if not code:
        return None
    if code not in POSTING_LANGUAGES:
        raise InvalidPosting("language", _l("Kies een taal uit de lijst, of laat het leeg."))
    return code


def clean_lasting(kind: str, lasting: str | None) -> str | None:
    """A lasting contact (``LastingKind``) for a request, or None. Raises InvalidPosting."""
    if not lasting:
        return None
    if kind != PostingKind.REQUEST or lasting not in set(LastingKind):
        raise InvalidPosting("lasting", _l("Kies of u een vast contact zoekt."))
    return lasting


def check_may_post(author: User) -> None:
    require_confirmed(author)  # raises EmailNotConfirmed / PermissionDenied (blocked)


def active_category(session: Session, category_id: int | None) -> Category:
    category = session.get(Category, category_id) if category_id is not None else None
    if category is None or not category.is_active:
        raise InvalidPosting("category_id", _l("Kies een soort hulp uit de lijst."))
    return category


def clean_text(data: PostingData) -> tuple[str, str]:
    title = (data.title or "").strip()
    description = (data.description or "").strip()
    if not title:
        raise InvalidPosting(
            "title", _l("Vul een titel in, bijvoorbeeld ‘Wie doet boodschappen?’.")
        )
    if len(title) > TITLE_MAX:
        raise InvalidPosting(
            "title", _l("Maak de titel korter: hooguit %(n)s tekens.", n=TITLE_MAX)
        )
    if not description:
        raise InvalidPosting("description", _l("Vertel in een paar zinnen waar het om gaat."))
    if len(description) > DESCRIPTION_MAX:
        raise InvalidPosting(
            "description",
            _l("Maak de beschrijving korter: hooguit %(n)s tekens.", n=DESCRIPTION_MAX),
        )
    return title, description


def clean_timing(data: PostingData, today: date) -> tuple[date | None, str | None, int]:
    """(once_on, once_daypart, daypart_mask) for the chosen timing."""
    if data.timing == Timing.ONCE:
        if data.once_on is None:
            raise InvalidPosting("once_on", _l("Vul de datum in, bijvoorbeeld 3-12-2025."))
        if data.once_on < today:
            raise InvalidPosting("once_on", _l("Deze datum is voorbij. Kies vandaag of later."))
        if data.once_on > today + MAX_AHEAD:
            raise InvalidPosting("once_on", _l("Kies een datum binnen een jaar."))
        if data.once_daypart not in dayparts.PARTS:
            raise InvalidPosting("once_daypart", _l("Kies ochtend, middag of avond."))
        return (
            data.once_on,
            data.once_daypart,
            dayparts.mask_for_date(data.once_on, data.once_daypart),
        )
    if data.timing == Timing.RECURRING:
        try:
            mask = dayparts.mask_from_slots(data.recurring_slots)
        except ValueError:
            mask = 0
        if not mask:
            raise InvalidPosting(
                "recurring_slots",
                _l("Kies minstens één dag en dagdeel, bijvoorbeeld dinsdagochtend."),
            )
        return None, None, mask
    if data.timing == Timing.FLEXIBLE:
        return None, None, 0
    raise InvalidPosting("timing", _l("Kies wanneer de hulp nodig is."))


def clean_ends_on(data: PostingData, kind: str, once_on: date | None, today: date) -> date | None:
    if data.ends_on is None:
        if kind == PostingKind.VACANCY:
            return None  # a vacancy stays open until the organisation closes it
        default = today + DEFAULT_RUNTIME
        return max(default, once_on) if once_on else default
    if data.ends_on < today:
        raise InvalidPosting("ends_on", _l("Deze datum is voorbij. Kies vandaag of later."))
    if once_on and data.ends_on < once_on:
        raise InvalidPosting(
            "ends_on", _l("De einddatum ligt vóór de datum van de hulp. Kies een latere einddatum.")
        )
    if data.ends_on > today + MAX_AHEAD:
        raise InvalidPosting("ends_on", _l("Kies een einddatum binnen een jaar."))
    return data.ends_on


def validated_fields(
    session: Session, author: User, data: PostingData, kind: str, today: date
) -> dict[str, object]:
    """Check every value before changing anything, so a refused edit leaves no trace.

    Raises InvalidPosting, InvalidPostcode, UnknownPostcode.
    """
    category = active_category(session, data.category_id)
    title, description = clean_text(data)
    postcode = (data.postcode or "").strip()
    if not postcode and author.profile is not None:
        postcode = author.profile.postcode or ""
    place = lookup_postcode(postcode)  # raises InvalidPostcode / UnknownPostcode
    once_on, once_daypart, daypart_mask = clean_timing(data, today)
    return {
        "category": category,
        "title": title,
        "description": description,
        **place.columns(),
        "timing": data.timing,
        "once_on": once_on,
        "once_daypart": once_daypart,
        "daypart_mask": daypart_mask,
        "ends_on": clean_ends_on(data, kind, once_on, today),
        "language": clean_language(data.language),
        "lasting": clean_lasting(kind, data.lasting),
    }
