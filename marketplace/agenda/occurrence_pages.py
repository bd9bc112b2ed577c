"""What the agenda pages need besides the rules: periods ("vandaag", "morgen", "deze
week", a month), grouping by day, and the schema.org ``Event`` data of an activity page."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from marketplace.agenda.models import Activity
from marketplace.agenda.schedule import Occurrence

PERIODS = ("vandaag", "morgen", "week")


def period_range(period: str, today: date) -> tuple[date, date]:
    """The first and last day of ``period`` ("week": today and the six days after it)."""
    if period == "vandaag":
        return today, today
    if period == "morgen":
        return today + timedelta(days=1), today + timedelta(days=1)
    return today, today + timedelta(days=6)


def month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def by_day(found: Sequence[Occurrence]) -> list[tuple[date, list[Occurrence]]]:
    return [(day, list(items)) for day, items in groupby(found, key=lambda o: o.day)]


def month_weeks(
    year: int, month: int, found: Sequence[Occurrence]
) -> list[list[dict[str, Any] | None]]:
    """The month as weeks (Monday first) of days with their occurrences; days of other
    months are None."""
    per_day: dict[date, list[Occurrence]] = {}
    for item in found:
        per_day.setdefault(item.day, []).append(item)
    weeks: list[list[dict[str, Any] | None]] = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {"day": day, "items": per_day.get(day, [])} if day.month == month else None
                for day in week
            ]
        )
    return weeks


def event_data(activity: Activity, item: Occurrence, url: str) -> dict[str, Any]:
    """schema.org ``Event`` for one date of ``activity``."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": activity.title,
        "description": activity.description,
        "startDate": item.starts_at.isoformat(),
        "endDate": item.ends_at.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": activity.is_free,
        "url": url,
        "location": {
            "@type": "Place",
            "name": activity.place_name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": activity.street,
                "postalCode": activity.postcode,
                "addressLocality": "Rotterdam",
                "addressCountry": "NL",
            },
        },
    }
    if activity.organisation is not None:
        data["organizer"] = {"@type": "Organization", "name": activity.organisation.name}
    if not activity.is_free:
        data["offers"] = {
            "@type": "Offer",
            "price": f"{activity.cost_cents / 100:.2f}",
            "priceCurrency": "EUR",
        }
    if activity.places is not None:
        data["maximumAttendeeCapacity"] = activity.places
    return data
