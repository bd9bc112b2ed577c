"""Profiles: what people tell about themselves, and how others get to see it.

The home location is derived offline from the postcode (``marketplace.geo``); only the
neighbourhood is ever shown to other people.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace import events, geo
from marketplace.categories import Category, active_categories
from marketplace.dayparts import (
    DAY_LABELS,
    DAYS,
    PART_LABELS,
    PARTS,
    mask_from_slots,
    slot_bit,
    slots_from_mask,
)
from marketplace.dayparts import slot_label as daypart_slot_label
from marketplace.display_names import clean_display_name
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
from marketplace.profiles.models import MailTopic, NotificationPreference, Profile
from marketplace.timestamps import LOCAL_TIME, local_midnight, local_today, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.models import User

MIN_RADIUS_KM, MAX_RADIUS_KM = 1, 25
DEFAULT_RADIUS_KM = 5  # the model's default
MIN_WEEKLY_ALERTS, MAX_WEEKLY_ALERTS = 1, 20

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


def language_mask(codes: str | list[str] | None) -> int:
    """The languages as bits (bit i for the i-th of LANGUAGES), for matching: a posting's
    language and a person's languages share a bit when she speaks it."""
    wanted = set(codes.split(",") if isinstance(codes, str) else codes or [])
    return sum(1 << bit for bit, code in enumerate(LANGUAGES) if code in wanted)


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
    shows_neighbourhood: bool = False


def update_profile(session: Session, user: User, data: ProfileData) -> Profile:
    """Save what ``user`` tells about themselves, creating their profile if it is missing.

    Home coordinates and the neighbourhood come from the postcode. Interests in categories
    that are no longer active are kept: the person could not see them in the form.

    When something matching looks at changes (interests, radius, availability, postcode,
    wanting to help, languages), the person is matched again to the open postings that now fit.

    Raises DisplayNameMissing, InvalidPostcode, UnknownPostcode, RadiusOutOfRange.
    """
    display_name = clean_display_name(data.display_name)
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
    for name, value in place.columns().items():
        setattr(profile, name, value)
    profile.phone = " ".join((data.phone or "").split()) or None
    profile.wants_to_help = bool(data.wants_to_help)
    profile.interest_mask = _interest_mask(session, profile.interest_mask or 0, data.interests)
    profile.availability_mask = mask_from_slots(
        [slot for slot in data.availability if slot in _ALL_SLOTS]
    )
    profile.radius_km = data.radius_km
    profile.languages = ",".join(code for code in LANGUAGES if code in data.languages) or None
    profile.shows_neighbourhood = bool(data.shows_neighbourhood)
    session.flush()
    if _matching_inputs(profile) != before:
        events.profile_changed.send(user, session=session)
    return profile


def update_contact(session: Session, user: User, postcode: str, phone: str) -> Profile:
    """The two things someone asking for help needs first: where (for the distance to
    volunteers) and a phone number (volunteers often call). The rest stays as it is.

    Raises InvalidPostcode, UnknownPostcode.
    """
    data = replace(_data_of(session, _profile_of(session, user)), postcode=postcode, phone=phone)
    return update_profile(session, user, data)


def start_helping(
    session: Session,
    user: User,
    *,
    postcode: str,
    interests: list[str],
    availability: list[str],
    radius_km: int,
) -> Profile:
    """Someone chose to help: she wants suggestions for what she likes, when and how far.
    Matching looks for open postings that fit (``update_profile``).

    Raises InvalidPostcode, UnknownPostcode, RadiusOutOfRange.
    """
    data = replace(
        _data_of(session, _profile_of(session, user)),
        postcode=postcode,
        wants_to_help=True,
        interests=interests,
        availability=availability,
        radius_km=radius_km,
    )
    return update_profile(session, user, data)


def _data_of(session: Session, profile: Profile) -> ProfileData:
    """What is stored now, as the profile form would send it back unchanged. Interests in
    categories that are no longer active are kept by ``update_profile`` anyway."""
    interest_mask = profile.interest_mask or 0
    return ProfileData(
        display_name=profile.display_name,
        postcode=profile.postcode or "",
        phone=profile.phone,
        wants_to_help=bool(profile.wants_to_help),
        interests=[c.slug for c in session.scalars(select(Category)) if interest_mask & c.mask],
        availability=[f"{d}-{p}" for d, p in slots_from_mask(profile.availability_mask or 0)],
        radius_km=profile.radius_km or DEFAULT_RADIUS_KM,
        languages=(profile.languages or "").split(",") if profile.languages else [],
        shows_neighbourhood=bool(profile.shows_neighbourhood),
    )


def _matching_inputs(profile: Profile) -> tuple[object, ...]:
    """What matching uses from a profile: a change here asks for a new match."""
    return (
        profile.interest_mask or 0,
        profile.radius_km,
        profile.availability_mask or 0,
        profile.postcode,
        bool(profile.wants_to_help),
        profile.languages or "",
    )


def update_notification_settings(
    session: Session,
    user: User,
    preference: str,
    weekly_alert_cap: int,
    *,
    urgent_alerts: bool | None = None,
) -> Profile:
    """How often ``user`` hears about new matches, and at most how many alerts a week;
    ``urgent_alerts`` (None: unchanged): on a digest, still straight away for a request
    close by and soon.

    Raises UnknownNotificationPreference, AlertCapOutOfRange.
    """
    if preference not in {p.value for p in NotificationPreference}:
        raise UnknownNotificationPreference()
    if not MIN_WEEKLY_ALERTS <= weekly_alert_cap <= MAX_WEEKLY_ALERTS:
        raise AlertCapOutOfRange()
    profile = _profile_of(session, user)
    profile.notification_preference = preference
    profile.weekly_alert_cap = weekly_alert_cap
    if urgent_alerts is not None:
        profile.urgent_alerts = urgent_alerts
    session.flush()
    return profile


def update_mail_topics(session: Session, user: User, wanted: Iterable[MailTopic]) -> Profile:
    """E-mail about the kinds of message in ``wanted``, none about the others."""
    profile = _profile_of(session, user)
    chosen = set(wanted)
    for topic in MailTopic:
        profile.set_mail_about(topic, on=topic in chosen)
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
    today = local_today(now)
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


# Shortcuts next to the grid: a whole pattern with one button ("hele week" and so on).
AVAILABILITY_PATTERNS = {
    "hele-week": _l("Hele week"),
    "ochtenden": _l("Alleen ochtenden"),
    "weekend": _l("Weekend"),
    "leeg": _l("Alles leegmaken"),
}
_WEEKEND = ("sat", "sun")


def availability_pattern(name: str) -> list[str] | None:
    """The slots of a shortcut (see ``AVAILABILITY_PATTERNS``), or None for an unknown one."""
    slots = {
        "hele-week": [f"{d}-{p}" for d in DAYS for p in PARTS],
        "ochtenden": [f"{d}-{PARTS[0]}" for d in DAYS],
        "weekend": [f"{d}-{p}" for d in DAYS for p in PARTS if d in _WEEKEND],
        "leeg": [],
    }
    return slots.get(name)


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
