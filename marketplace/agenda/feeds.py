"""iCalendar feeds (RFC 5545): per wijk, everything in its agenda, with each series as one
event with its RRULE and EXDATEs and the Europe/Amsterdam VTIMEZONE; and a private one per
person for the dates they signed up for. Calendar apps cannot log in, so the personal feed
sits behind a secret link (``feed_token``: a keyed hash of the account, nothing stored)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, time, timedelta

from icalendar import Calendar, Event, vRecur
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.agenda.models import Activity, ActivitySignup, ActivityStatus
from marketplace.agenda.schedule import occurrence
from marketplace.timestamps import LOCAL_TIME, local_today, utcnow

# A series that ended this long ago is left out of the wijk's feed.
KEEP_ENDED = timedelta(days=31)


def feed_token(secret: str, user_id: int) -> str:
    """The secret part of someone's personal feed link."""
    message = f"agenda-feed:{user_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def token_matches(secret: str, user_id: int, token: str) -> bool:
    return hmac.compare_digest(feed_token(secret, user_id), token)


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Buurthulp//Wijkagenda//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    return calendar


def _base_event(activity: Activity, uid: str, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", activity.approved_at or activity.created_at or utcnow())
    event.add("summary", activity.title)
    event.add("description", activity.description)
    event.add("location", f"{activity.place_name}, {activity.street}, {activity.postcode}")
    event.add("url", url)
    return event


def _series_event(activity: Activity, url: str) -> Event:
    event = _base_event(activity, f"activity-{activity.id}@buurthulp", url)
    first = occurrence(activity, activity.starts_on)
    event.add("dtstart", first.starts_at)
    event.add("dtend", first.ends_at)
    if activity.rrule:
        rule = vRecur.from_ical(activity.rrule)
        if activity.ends_on:
            # With a zoned DTSTART, UNTIL is in UTC (RFC 5545, 3.3.10).
            last = datetime.combine(activity.ends_on, time(23, 59, 59), tzinfo=LOCAL_TIME)
            rule["UNTIL"] = last.astimezone(UTC)
        event.add("rrule", rule)
        for day in sorted(activity.excluded_dates):
            event.add("exdate", datetime.combine(day, activity.start_time, tzinfo=LOCAL_TIME))
    return event


def wijk_feed(session: Session, wijk: str, link: Callable[..., str]) -> bytes:
    """The wijk's agenda as an iCalendar file; ``link(activity)`` gives its page's URL."""
    since = local_today() - KEEP_ENDED
    activities = session.scalars(
        select(Activity)
        .where(
            Activity.status == ActivityStatus.APPROVED,
            Activity.wijk == wijk,
            Activity.ends_on.is_(None) | (Activity.ends_on >= since),
        )
        .order_by(Activity.id)
    )
    calendar = _calendar(f"Wijkagenda {wijk}")
    for activity in activities:
        if activity.rrule or activity.starts_on >= since:
            calendar.add_component(_series_event(activity, link(activity)))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def personal_feed(session: Session, user_id: int, link: Callable[..., str]) -> bytes:
    """The dates ``user_id`` signed up for (from a month ago on), one event each."""
    signups: Iterable[ActivitySignup] = session.scalars(
        select(ActivitySignup)
        .where(
            ActivitySignup.user_id == user_id,
            ActivitySignup.occurs_on >= local_today() - KEEP_ENDED,
        )
        .order_by(ActivitySignup.occurs_on, ActivitySignup.id)
    )
    calendar = _calendar("Mijn wijkagenda")
    for signup in signups:
        activity = signup.activity
        if activity.status != ActivityStatus.APPROVED:
            continue
        item = occurrence(activity, signup.occurs_on)
        event = _base_event(activity, f"signup-{signup.id}@buurthulp", link(activity, item.day))
        event.add("dtstart", item.starts_at)
        event.add("dtend", item.ends_at)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
