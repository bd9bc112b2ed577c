"""Pausing all alerts for a while, and turning them on again."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from marketplace.profiles.errors import InvalidPauseDate, UnknownPausePeriod
from marketplace.profiles.services import pause_alerts, paused_through, resume_alerts
from marketplace.timestamps import local_today
from tests.conftest import log_in
from tests.factories import person

# Noon on a winter day in Rotterdam (UTC+1).
NOW = datetime(2026, 1, 10, 11, 0, tzinfo=UTC)
TODAY = date(2026, 1, 10)


@pytest.mark.parametrize(("period", "days"), [("week", 7), ("two_weeks", 14), ("month", 30)])
def test_pause_lasts_through_the_last_day_of_the_period(session, period, days):
    profile = pause_alerts(session, person(), period, now=NOW)
    assert paused_through(profile, NOW) == TODAY + timedelta(days=days)


def test_pause_ends_at_midnight_dutch_time(session):
    profile = pause_alerts(session, person(), "week", now=NOW)
    assert profile.alerts_paused_until == datetime(2026, 1, 17, 23, 0, tzinfo=UTC)


def test_pause_until_a_chosen_date_includes_that_date(session):
    profile = pause_alerts(session, person(), "date", date(2026, 2, 1), now=NOW)
    assert paused_through(profile, NOW) == date(2026, 2, 1)


def test_pause_until_today_is_allowed(session):
    profile = pause_alerts(session, person(), "date", TODAY, now=NOW)
    assert paused_through(profile, NOW) == TODAY


@pytest.mark.parametrize("until", [None, TODAY - timedelta(days=1), TODAY + timedelta(days=367)])
def test_pause_until_a_date_needs_a_date_from_today_to_a_year_ahead(session, until):
    with pytest.raises(InvalidPauseDate):
        pause_alerts(session, person(), "date", until, now=NOW)


def test_an_unknown_period_is_refused(session):
    with pytest.raises(UnknownPausePeriod):
        pause_alerts(session, person(), "forever", now=NOW)


def test_resuming_ends_the_pause(session):
    user = person()
    pause_alerts(session, user, "week", now=NOW)
    assert paused_through(resume_alerts(session, user), NOW) is None


def test_a_pause_in_the_past_is_no_pause(session):
    profile = pause_alerts(session, person(), "week", now=NOW)
    assert paused_through(profile, NOW + timedelta(days=8)) is None


# -- the page ---------------------------------------------------------------------------


def test_visitor_cannot_pause(client, session):
    response = client.post("/profiel/meldingen/pauzeren", data={"period": "week"})
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_page_says_alerts_are_on_and_offers_a_pause(client):
    log_in(client, person())
    page = client.get("/profiel/meldingen").get_data(as_text=True)
    assert "Uw meldingen staan aan." in page
    assert "Meldingen pauzeren" in page


def test_person_pauses_for_two_weeks_and_sees_until_when(client, session):
    user = person()
    log_in(client, user)
    response = client.post(
        "/profiel/meldingen/pauzeren", data={"period": "two_weeks"}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    session.refresh(user.profile)
    last_day = paused_through(user.profile)
    assert last_day is not None
    assert "geen meldingen over nieuwe oproepen" in page
    assert "Uw meldingen staan op pauze tot en met" in page
    assert str(last_day.year) in page
    assert "Meldingen weer aanzetten" in page


def test_person_pauses_until_a_typed_date(client, session):
    user = person()
    log_in(client, user)
    until = local_today() + timedelta(days=20)
    client.post(
        "/profiel/meldingen/pauzeren",
        data={"period": "date", "until_date": until.strftime("%d-%m-%Y")},
    )
    session.refresh(user.profile)
    assert paused_through(user.profile) == until


def test_choosing_a_date_without_typing_one_keeps_the_choice_and_explains(client, session):
    user = person()
    log_in(client, user)
    response = client.post("/profiel/meldingen/pauzeren", data={"period": "date"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kies een datum van vandaag tot over een jaar" in page
    assert re.search(r'<input checked[^>]*value="date"', page)
    session.refresh(user.profile)
    assert user.profile.alerts_paused_until is None


def test_a_date_in_the_past_is_refused_with_the_typed_value_kept(client, session):
    user = person()
    log_in(client, user)
    response = client.post(
        "/profiel/meldingen/pauzeren", data={"period": "date", "until_date": "01-01-2020"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kies een datum van vandaag tot over een jaar" in page
    assert "01-01-2020" in page


def test_no_period_chosen_asks_for_one(client):
    log_in(client, person())
    response = client.post("/profiel/meldingen/pauzeren", data={})
    assert response.status_code == 422
    assert "Kies hoe lang u geen meldingen wilt krijgen." in response.get_data(as_text=True)


def test_person_resumes_alerts(client, session):
    user = person(alerts_paused_until=datetime.now(UTC) + timedelta(days=3))
    log_in(client, user)
    response = client.post("/profiel/meldingen/hervatten", follow_redirects=True)
    assert "Uw meldingen staan weer aan." in response.get_data(as_text=True)
    session.refresh(user.profile)
    assert user.profile.alerts_paused_until is None


def test_pausing_by_get_is_not_allowed(client):
    log_in(client, person())
    assert client.get("/profiel/meldingen/pauzeren").status_code == 405


def test_pausing_without_a_csrf_token_is_refused(client, session, csrf_enabled):
    user = person()
    log_in(client, user)
    assert client.post("/profiel/meldingen/pauzeren", data={"period": "week"}).status_code == 400
    session.refresh(user.profile)
    assert user.profile.alerts_paused_until is None
