"""Profiles: what people tell about themselves, and how others get to see it.

The home location is derived offline from the postcode (``marketplace.geo``); only the
neighbourhood is ever shown to other people.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace import geo
from marketplace.accounts.models import User
from marketplace.dayparts import DAY_LABELS, DAYS, PART_LABELS, PARTS, mask_from_slots, slot_bit
from marketplace.dayparts import slot_label as daypart_slot_label
from marketplace.matching.services import request_profile_matching
from marketplace.postings.categories import active_categories
from marketplace.postings.models import Category
from marketplace.profiles.errors import (
    AlertCapOutOfRange,
    DisplayNameMissing,
    InvalidPauseDate,
    InvalidPostcode,
    RadiusOutOfRange,
    UnknownNotificationPreference,
    UnknownPausePeriod,
    UnknownPostcode,
)
from marketplace.profiles.models import NotificationPreference, Profile
from marketplace.timestamps import LOCAL_TIME, local_midnight, utcnow

MIN_RADIUS_KM, MAX_RADIUS_KM = 1, 25
MIN_WEEKLY_ALERTS, MAX_WEEKLY_ALERTS = 1, 20
MAX_ID = 2**31 - 1

# Languages people can say they speak, in the order the form shows them; the codes are
# stored comma-separated in ``Profile.languages``.
LANGUAGES = {
    "nl": _l("Nederlands"),
    "en": _l("Engels"),
    "ar": _l("Arabisch"),
    "tr": _l("Turks"),
    "pl": _l("Pools"),
    "ber": _l("Tamazight (Berbers)"),
    "pap": _l("Papiaments"),
    "uk": _l("Oekraïens"),
    "de": _l("Duits"),
    "fr": _l("Frans"),
    "es": _l("Spaans"),
    "pt": _l("Portugees"),
}

# The wijk table shipped in marketplace/geo covers Rotterdam only; elsewhere the
# neighbourhood is the place name.
WIJK_MUNICIPALITY = "Rotterdam"


@dataclass
class ProfileData:
    """What the profile form collects; ``interests`` are category slugs, ``availability``
    slots like "tue-morning", ``languages`` codes from ``LANGUAGES``."""

    display_name: str
    postcode: str
    phone: str | None = None
    wants_to_help: bool = False
    interests: list[str] = field(default_factory=list)
    availability: list[str] = field(default_factory=list)
    radius_km: int = 5
    languages: list[str] = field(default_factory=list)


def update_profile(session: Session, user: User, data: ProfileData) -> Profile:
    """Save what ``user`` tells about themselves, creating their profile if it is missing.

    Home coordinates and the neighbourhood come from the postcode. Interests in categories
    that are no longer active are kept: the person could not see them in the form.

    When something matching looks at changes (interests, radius, availability, postcode,
    wanting to help), the person is matched again to the open postings that now fit.

    Raises DisplayNameMissing, InvalidPostcode, UnknownPostcode, RadiusOutOfRange.
    """
    display_name = (data.display_name or "").strip()
    if not display_name:
        raise DisplayNameMissing()
    try:
        place = geo.lookup_postcode(data.postcode)
    except geo.InvalidPostcode:
        raise InvalidPostcode() from None
    except geo.UnknownPostcode:
        raise UnknownPostcode() from None
    if not MIN_RADIUS_KM <= data.radius_km <= MAX_RADIUS_KM:
        raise RadiusOutOfRange()

    profile = _profile_of(session, user)
    before = _matching_inputs(profile)
    profile.display_name = display_name
    profile.postcode = place.postcode
    profile.pc4 = place.pc4
    profile.lat = place.lat
    profile.lon = place.lon
    profile.neighbourhood = place.neighbourhood
    profile.phone = " ".join((data.phone or "").split()) or None
    profile.wants_to_help = bool(data.wants_to_help)
    profile.interest_mask = _interest_mask(session, profile.interest_mask or 0, data.interests)
    profile.availability_mask = mask_from_slots(
        [slot for slot in data.availability if slot in _ALL_SLOTS]
    )
    profile.radius_km = data.radius_km
    profile.languages = ",".join(code for code in LANGUAGES if code in data.languages) or None
    session.flush()
    if _matching_inputs(profile) != before:
        request_profile_matching(session, user)
    return profile


def _matching_inputs(profile: Profile) -> tuple[object, ...]:
    """What matching uses from a profile: a change here asks for a new match."""
    return (
        profile.interest_mask or 0,
        profile.radius_km,
        profile.availability_mask or 0,
        profile.postcode,
        bool(profile.wants_to_help),
    )


def update_notification_settings(
    session: Session, user: User, preference: str, weekly_alert_cap: int
) -> Profile:
    """How often ``user`` hears about new matches, and at most how many alerts a week.

    Raises UnknownNotificationPreference, AlertCapOutOfRange.
    """
    if preference not in {p.value for p in NotificationPreference}:
        raise UnknownNotificationPreference()
    if not MIN_WEEKLY_ALERTS <= weekly_alert_cap <= MAX_WEEKLY_ALERTS:
        raise AlertCapOutOfRange()
    profile = _profile_of(session, user)
    profile.notification_preference = preference
    profile.weekly_alert_cap = weekly_alert_cap
    session.flush()
    return profile


# --- Pausing alerts ----------------------------------------------------------------------

# Choices for "pause all alerts": a number of days from today, or "date" (until a chosen day).
PAUSE_DAYS = {"week": 7, "two_weeks": 14, "month": 30}
PAUSE_UNTIL_DATE = "date"
PAUSE_MAX_AHEAD = timedelta(days=366)
# A pause runs "up to and including" a day as people here count days.


def pause_alerts(
    session: Session,
    user: User,
    period: str,
    until_date: date | None = None,
    *,
    now: datetime | None = None,
) -> Profile:
    """Pause every alert about new postings up to and including a day: ``period`` is a key
    of PAUSE_DAYS (counted from today), or "date" with ``until_date``.

    Matching skips people whose ``alerts_paused_until`` lies ahead. Messages about their
    own postings and conversations still arrive. Raises UnknownPausePeriod, InvalidPauseDate.
    """
    today = (now or utcnow()).astimezone(LOCAL_TIME).date()
    if period in PAUSE_DAYS:
        last_day = today + timedelta(days=PAUSE_DAYS[period])
    elif period == PAUSE_UNTIL_DATE:
        if until_date is None or until_date < today or until_date > today + PAUSE_MAX_AHEAD:
            raise InvalidPauseDate()
        last_day = until_date
    else:
        raise UnknownPausePeriod()
    profile = _profile_of(session, user)
    profile.alerts_paused_until = local_midnight(last_day + timedelta(days=1))
    session.flush()
    return profile


def resume_alerts(session: Session, user: User) -> Profile:
    """End a pause now: new matches are alerted again."""
    profile = _profile_of(session, user)
    profile.alerts_paused_until = None
    session.flush()
    return profile


def paused_through(profile: Profile | None, now: datetime | None = None) -> date | None:
    """The last day alerts are paused, or None when they are not paused."""
    if profile is None or profile.alerts_paused_until is None:
        return None
    if profile.alerts_paused_until <= (now or utcnow()):
        return None
    return (profile.alerts_paused_until.astimezone(LOCAL_TIME) - timedelta(days=1)).date()


def _profile_of(session: Session, user: User) -> Profile:
    """The user's profile; a new one when the row is missing (it should not be)."""
    if user.profile is not None:
        return user.profile
    profile = Profile(user=user, display_name="")
    session.add(profile)
    return profile


def _interest_mask(session: Session, current_mask: int, slugs: Iterable[str]) -> int:
    wanted = set(slugs)
    mask = 0
    for category in session.scalars(select(Category)):
        if not category.is_active:
            mask |= current_mask & category.mask  # hidden from the form, so keep it
        elif category.slug in wanted:
            mask |= category.mask
    return mask


# --- Showing a profile -------------------------------------------------------------------


@dataclass(frozen=True)
class PublicProfile:
    """All that anyone may see of a person: never e-mail, phone, postcode or coordinates."""

    user_id: int
    display_name: str
    neighbourhood: str | None
    member_since: datetime


def public_profile(session: Session, user_id: int) -> PublicProfile | None:
    """The public face of a user; None for unknown and blocked users."""
    if not 0 < user_id <= MAX_ID:  # a bigger number would overflow the database column
        return None
    user = session.get(User, user_id)
    if user is None or user.is_blocked:
        return None
    profile = user.profile
    return PublicProfile(
        user_id=user.id,
        # Never fall back to the e-mail address: it is private.
        display_name=(profile.display_name if profile else "") or _("Een buurtbewoner"),
        neighbourhood=profile.neighbourhood if profile else None,
        member_since=user.created_at,
    )


def interest_categories(session: Session, profile: Profile) -> list[Category]:
    """The active categories ``profile`` likes helping with, in display order."""
    mask = profile.interest_mask or 0
    return [category for category in active_categories(session) if mask & category.mask]


def language_names(profile: Profile) -> list[str]:
    """The languages a person speaks, as words in the reader's language."""
    codes = set((profile.languages or "").split(","))
    return [str(name) for code, name in LANGUAGES.items() if code in codes]


def home_area_sentence(profile: Profile | None) -> str | None:
    """ "U woont in de wijk Stadsdriehoek": tells the owner where we place them."""
    if profile is None or not profile.neighbourhood:
        return None
    if profile.pc4 and _municipality(profile.pc4) == WIJK_MUNICIPALITY:
        return _("U woont in de wijk %(wijk)s.", wijk=profile.neighbourhood)
    return _("U woont in %(place)s.", place=profile.neighbourhood)


def _municipality(pc4: str) -> str | None:
    try:
        return geo.lookup_postcode(pc4).municipality
    except (geo.InvalidPostcode, geo.UnknownPostcode):
        return None


# --- The weekly availability grid (7 days x morning/afternoon/evening) -------------------

_ALL_SLOTS = frozenset(f"{day}-{part}" for day in DAYS for part in PARTS)


def availability_choices() -> list[tuple[str, str]]:
    """Every slot as ("tue-morning", "dinsdagochtend")."""
    return [(f"{day}-{part}", daypart_slot_label(day, part)) for day in DAYS for part in PARTS]


@dataclass(frozen=True)
class AvailabilitySlot:
    value: str  # "tue-morning"
    label: str  # "dinsdagochtend"
    is_selected: bool


@dataclass(frozen=True)
class AvailabilityRow:
    day_label: str
    slots: list[AvailabilitySlot]


@dataclass(frozen=True)
class AvailabilityGrid:
    """A table: one row per day, one column per part of the day. Needs no queries."""

    column_labels: list[str]
    rows: list[AvailabilityRow]

    @property
    def is_empty(self) -> bool:
        return not any(slot.is_selected for row in self.rows for slot in row.slots)


def availability_grid(selected: int | Iterable[str] | None) -> AvailabilityGrid:
    """The grid for a stored ``availability_mask``, or for the slot values a form holds."""
    if isinstance(selected, int):
        mask = selected
    else:
        mask = mask_from_slots([slot for slot in selected or () if slot in _ALL_SLOTS])
    return AvailabilityGrid(
        column_labels=[str(PART_LABELS[part]) for part in PARTS],
        rows=[
            AvailabilityRow(
                day_label=str(DAY_LABELS[day]),
                slots=[
                    AvailabilitySlot(
                        value=f"{day}-{part}",
                        label=daypart_slot_label(day, part),
                        is_selected=bool(mask & slot_bit(day, part)),
                    )
                    for part in PARTS
                ],
            )
            for day in DAYS
        ],
    )
