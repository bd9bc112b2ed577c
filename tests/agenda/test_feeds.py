"""The iCalendar feeds, read back with the icalendar package."""

from __future__ import annotations

from datetime import timedelta

from dateutil.rrule import rrulestr
from icalendar import Calendar

from marketplace.agenda.feeds import feed_token
from marketplace.agenda.services import sign_up
from tests.agenda.factories import make_activity
from tests.conftest import log_in
from tests.factories import person


def _events(calendar):
    return [c for c in calendar.walk("VEVENT")]


def test_the_wijk_feed_is_a_calendar_with_the_amsterdam_time_zone(client):
    make_activity()
    response = client.get("/agenda/Stadsdriehoek.ics")
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


def test_a_weekly_series_is_one_event_with_its_rule_and_exceptions(client):
    activity = make_activity()
    skipped = activity.starts_on + timedelta(days=14)
    activity.exdates = skipped.isoformat()
    [event] = _events(Calendar.from_ical(client.get("/agenda/Stadsdriehoek.ics").data))
    start = event.decoded("DTSTART")
    assert (start.date(), start.hour, str(start.tzinfo)) == (
        activity.starts_on,
        10,
        "Europe/Amsterdam",
    )
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    exdates = {d.dt.date() for d in event["EXDATE"].dts}
    dates = [d.date() for d in rule[:4] if d.date() not in exdates]
    first = activity.starts_on
    assert dates == [first, first + timedelta(days=7), first + timedelta(days=21)]


def test_a_series_with_an_end_date_has_until_in_utc(client):
    activity = make_activity()
    activity.ends_on = activity.starts_on + timedelta(days=28)
    [event] = _events(Calendar.from_ical(client.get("/agenda/Stadsdriehoek.ics").data))
    until = event["RRULE"]["UNTIL"][0]
    assert until.utcoffset() == timedelta(0)


def test_an_unknown_wijk_has_no_feed(client):
    assert client.get("/agenda/Nergenshuizen.ics").status_code == 404


def test_the_personal_feed_lists_the_dates_signed_up_for(client, app, session):
    activity = make_activity()
    resident = person()
    sign_up(session, resident, activity, activity.starts_on)
    session.commit()
    token = feed_token(app.config["SECRET_KEY"], resident.id)
    calendar = Calendar.from_ical(client.get(f"/agenda/mijn/{resident.id}-{token}.ics").data)
    [event] = _events(calendar)
    assert event.decoded("DTSTART").date() == activity.starts_on
    assert "RRULE" not in event


def test_the_personal_feed_needs_the_right_secret(client, app):
    resident = person()
    token = feed_token(app.config["SECRET_KEY"], resident.id + 1)
    assert client.get(f"/agenda/mijn/{resident.id}-{token}.ics").status_code == 404


def test_the_subscribe_page_shows_the_personal_link(client, app):
    resident = person()
    log_in(client, resident)
    token = feed_token(app.config["SECRET_KEY"], resident.id)
    assert token in client.get("/agenda/agenda-in-uw-telefoon").get_data(as_text=True)


def test_the_poster_shows_the_weeks_dates_the_phone_number_and_a_short_link(client, app):
    activity = make_activity()
    log_in(client, person())
    page = client.get(
        f"/agenda/Stadsdriehoek/poster?week={activity.starts_on.isoformat()}"
    ).get_data(as_text=True)
    assert "Koffieochtend" in page
    assert app.config["HELP_PHONE"] in page
    assert "/w/Stadsdriehoek" in page


def test_the_short_link_leads_to_the_wijks_agenda(client):
    response = client.get("/w/Stadsdriehoek")
    assert response.headers["Location"].endswith("/agenda/?wijk=Stadsdriehoek")
