"""The periods figures are shown for (the municipality's dashboard, an organisation's own
figures): the last three months, a month, a quarter, a year, or from date to date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from marketplace.timestamps import local_midnight

MAX_DAYS = 3 * 366 + 1  # a custom period covers at most about three years


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date  # inclusive

    @property
    def start(self) -> datetime:
        """When the first day begins in Rotterdam, in UTC (as are all the stored moments)."""
        return local_midnight(self.first_day)

    @property
    def end(self) -> datetime:
        return local_midnight(self.last_day + timedelta(days=1))

    def months(self) -> list[str]:
        """Every calendar month the period touches, as "2026-03"."""
        months = []
        year, month = self.first_day.year, self.first_day.month
        while (year, month) <= (self.last_day.year, self.last_day.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


def recent_period(today: date, months: int = 3) -> Period:
    """The last ``months`` months up to and including today (the default view)."""
    year, month = today.year, today.month - months
    while month < 1:
        year, month = year - 1, month + 12
    day = min(today.day, _month_length(year, month))
    return Period(date(year, month, day) + timedelta(days=1), today)


def month_period(year: int, month: int) -> Period:
    return Period(date(year, month, 1), date(year, month, _month_length(year, month)))


def quarter_period(year: int, quarter: int) -> Period:
    first_month = 3 * (quarter - 1) + 1
    last = month_period(year, first_month + 2)
    return Period(date(year, first_month, 1), last.last_day)


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def _month_length(year: int, month: int) -> int:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return (following - timedelta(days=1)).day
