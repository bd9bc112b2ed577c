"""A volunteer's own hours and references, and the statement she can print."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from marketplace.organisations.pipeline import (
    move_application,
    record_hours,
    withdraw_application,
    write_reference,
)
from marketplace.organisations.volunteer_record import volunteer_record
from tests.conftest import log_in
from tests.factories import person
from tests.organisations.conftest import client_for

REFERENCE = "Vera kwam elke week, ook als het regende."


@pytest.fixture
def placed(session, application, staff_member):
    move_application(session, staff_member, application, "placed")
    record_hours(session, staff_member, application, date(2026, 3, 2), Decimal("2.5"))
    record_hours(session, staff_member, application, date(2026, 3, 9), Decimal("3"))
    session.commit()
    return application


def test_the_record_holds_her_placement_with_the_hours_added_up(session, placed, applicant):
    record = volunteer_record(session, applicant)
    [placement] = record.placements
    assert placement.organisation_name == "Buurtwerk Noord"
    assert placement.posting_title == "Maatje gezocht"
    assert placement.hours_total == Decimal("5.5")
    assert placement.starts_on == date(2026, 3, 2)
    assert placement.ends_on is None  # still volunteering
    assert record.hours_total == Decimal("5.5")


def test_work_she_stopped_has_an_end(session, placed, applicant):
    withdraw_application(session, applicant, placed)
    session.commit()
    [placement] = volunteer_record(session, applicant).placements
    assert placement.ends_on is not None and placement.ends_on >= date(2026, 3, 9)


def test_an_application_that_led_to_nothing_is_not_in_the_record(session, application, applicant):
    assert volunteer_record(session, applicant).placements == []


def test_someone_else_has_an_empty_record(session, placed):
    assert volunteer_record(session, person()).placements == []


def test_she_sees_her_hours_and_reference(app, session, placed, applicant, staff_member):
    write_reference(session, staff_member, placed, REFERENCE)
    session.commit()
    page = client_for(app, applicant).get("/organisaties/mijn-uren").get_data(as_text=True)
    assert "Buurtwerk Noord" in page
    assert "5,5" in page
    assert "2 maart 2026" in page
    assert REFERENCE in page  # her own, even while it is not on her profile


def test_the_statement_gives_organisation_period_and_hours(app, placed, applicant):
    page = client_for(app, applicant).get("/organisaties/mijn-uren/verklaring")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Verklaring vrijwilligerswerk" in text
    assert "Vera Vrijwilliger" in text
    assert "Buurtwerk Noord" in text
    assert "sinds 2 maart 2026" in text
    assert "5,5" in text
    assert "print-letter.css" in text


def test_the_statement_is_in_english_too(app, session, placed, applicant):
    applicant.locale = "en"
    session.commit()
    text = (
        client_for(app, applicant).get("/organisaties/mijn-uren/verklaring").get_data(as_text=True)
    )
    assert "Volunteer statement" in text


@pytest.mark.parametrize("path", ["/organisaties/mijn-uren", "/organisaties/mijn-uren/verklaring"])
def test_visitors_are_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


@pytest.mark.parametrize("path", ["/organisaties/mijn-uren", "/organisaties/mijn-uren/verklaring"])
def test_nobody_else_sees_her_hours(client, placed, staff_member, path):
    for other in (person(display_name="Buurman"), staff_member):
        log_in(client, other)
        page = client.get(path).get_data(as_text=True)
        assert "Maatje gezocht" not in page
        assert "Vera Vrijwilliger" not in page


def test_a_new_volunteer_is_told_what_will_appear(client, applicant, application):
    log_in(client, applicant)
    page = client.get("/organisaties/mijn-uren").get_data(as_text=True)
    assert "U bent nog niet geplaatst" in page
