"""Expanding an activity's series into dates."""

from __future__ import annotations

from datetime import date, time
from types import SimpleNamespace

from marketplace.agenda.schedule import dates_between, expand, repeat_of, rule_for


def _activity(**fields):
    values = {
        "id": 1,
        "title": "Koffie",
        "starts_on": date(2026, 3, 3),  # a Tuesday
        "ends_on": None,
        "start_time": time(10),
        "end_time": time(11, 30),
        "rrule": "FREQ=WEEKLY;BYDAY=TU",
        "excluded_dates": set(),
    }
    values.update(fields)
    return SimpleNamespace(**values)


def test_a_weekly_series_gives_every_tuesday_in_the_range():
    days = dates_between(_activity(), date(2026, 3, 1), date(2026, 3, 31))
    assert days == [date(2026, 3, d) for d in (3, 10, 17, 24, 31)]


def test_an_exception_date_is_left_out():
    activity = _activity(excluded_dates={date(2026, 3, 17)})
    assert date(2026, 3, 17) not in dates_between(activity, date(2026, 3, 1), date(2026, 3, 31))


def test_a_series_stops_at_its_end_date():
    activity = _activity(ends_on=date(2026, 3, 12))
    assert dates_between(activity, date(2026, 3, 1), date(2026, 3, 31)) == [
        date(2026, 3, 3),
        date(2026, 3, 10),
    ]


def test_a_one_off_activity_has_only_its_own_date():
    activity = _activity(rrule=None)
    assert dates_between(activity, date(2026, 3, 1), date(2026, 12, 31)) == [date(2026, 3, 3)]


def test_the_local_time_stays_the_same_across_summer_time():
    found = expand([_activity()], date(2026, 3, 24), date(2026, 3, 31))
    assert [o.starts_at.hour for o in found] == [10, 10]
    assert [o.starts_at.utcoffset().total_seconds() / 3600 for o in found] == [1, 2]


def test_monthly_is_the_same_weekday_of_the_month():
    rule = rule_for("monthly", date(2026, 3, 3))  # first Tuesday
    days = dates_between(_activity(rrule=rule), date(2026, 3, 1), date(2026, 5, 31))
    assert days == [date(2026, 3, 3), date(2026, 4, 7), date(2026, 5, 5)]
    assert repeat_of(rule) == "monthly"


def test_fortnightly_skips_a_week():
    rule = rule_for("fortnightly", date(2026, 3, 3))
    assert dates_between(_activity(rrule=rule), date(2026, 3, 1), date(2026, 3, 31)) == [
        date(2026, 3, 3),
        date(2026, 3, 17),
        date(2026, 3, 31),
    ]
