"""Timezone-aware UTC timestamps that survive SQLite, which stores no time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

# The marketplace's days, digests and periods are Rotterdam's.
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_today(now: datetime | None = None) -> date:
    """Today in Rotterdam: the one "today" for deciding whether a posting is open, what a
    digest covers and which days a form accepts (``now`` defaults to this moment)."""
    return (now or utcnow()).astimezone(LOCAL_TIME).date()


def local_midnight(day: date) -> datetime:
    """The moment ``day`` begins in Rotterdam, in UTC."""
    return datetime.combine(day, time(0), tzinfo=LOCAL_TIME).astimezone(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC: comparisons behave the same on both databases."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use marketplace.timestamps.utcnow()")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)
