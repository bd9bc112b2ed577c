"""When an activity takes place: one date, or a series from an RFC 5545 rule with
exceptions, expanded into dates for the days a page shows.

Times are wall-clock times in Rotterdam (``LOCAL_TIME``): "every Tuesday 10:00" stays 10:00
across the change to summer time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from dateutil.rrule import rrulestr

from marketplace.timestamps import LOCAL_TIME

if TYPE_CHECKING:
    from marketplace.agenda.models import Activity


class Repeat(StrEnum):
    """The series a form offers; ``rule_for`` turns one into an RRULE."""

    ONCE = "once"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"  # the same weekday of the month: "every first Tuesday"


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def rule_for(repeat: Repeat | str, first: date) -> str | None:
    """The RRULE for ``repeat`` starting on ``first`` (None: a single date)."""
    day = _WEEKDAYS[first.weekday()]
    match Repeat(repeat):
        case Repeat.WEEKLY:
            return f"FREQ=WEEKLY;BYDAY={day}"
        case Repeat.FORTNIGHTLY:
            return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"
        case Repeat.MONTHLY:
            nth = (first.day - 1) // 7 + 1
            return f"FREQ=MONTHLY;BYDAY={nth}{day}"
    return None


def repeat_of(rule: str | None) -> Repeat:
    """The form's choice for a stored rule (the inverse of ``rule_for``)."""
    if not rule:
        return Repeat.ONCE
    if "MONTHLY" in rule:
        return Repeat.MONTHLY
    return Repeat.FORTNIGHTLY if "INTERVAL=2" in rule else Repeat.WEEKLY


@dataclass(frozen=True)
class Occurrence:
    """One date of an activity, with its start and end as aware Rotterdam times."""

    activity: Activity
    day: date
    starts_at: datetime
    ends_at: datetime

    @property
    def key(self) -> str:
        return f"{self.activity.id}-{self.day.isoformat()}"


def dates_between(activity: Activity, first: date, last: date) -> list[date]:
    """The dates ``activity`` takes place from ``first`` to ``last`` (both included)."""
    start = max(first, activity.starts_on)
    end = min(last, activity.ends_on) if activity.ends_on else last
    if start > end:
        return []
    if not activity.rrule:
        return [activity.starts_on] if start <= activity.starts_on <= end else []
    # Naive dates at midnight: the rule is about days; the time is added afterwards.
    rule = rrulestr(
        activity.rrule, dtstart=datetime.combine(activity.starts_on, datetime.min.time())
    )
    skipped = activity.excluded_dates
    found = rule.between(
        datetime.combine(start, datetime.min.time()),
        datetime.combine(end, datetime.min.time()),
        inc=True,
    )
    return [moment.date() for moment in found if moment.date() not in skipped]


def occurrence(activity: Activity, day: date) -> Occurrence:
    starts_at = datetime.combine(day, activity.start_time, tzinfo=LOCAL_TIME)
    ends_at = datetime.combine(day, activity.end_time, tzinfo=LOCAL_TIME)
    if ends_at <= starts_at:  # past midnight
        ends_at += timedelta(days=1)
    return Occurrence(activity, day, starts_at, ends_at)


def takes_place_on(activity: Activity, day: date) -> bool:
    return bool(dates_between(activity, day, day))


def expand(activities: Iterable[Activity], first: date, last: date) -> list[Occurrence]:
    """Every date of ``activities`` from ``first`` to ``last``, in order of start time."""
    found = [
        occurrence(activity, day)
        for activity in activities
        for day in dates_between(activity, first, last)
    ]
    return sorted(found, key=lambda o: (o.starts_at, o.activity.title, o.activity.id))
