"""A vacancy's own facts: hours, dates, VOG, training, accessibility, newcomers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.organisations.models import VacancyDetails
from marketplace.organisations.pipeline import (
    VacancyDetailsData,
    update_vacancy_details,
)
from tests.conftest import log_in
from tests.factories import PostingFactory, category
from tests.organisations.conftest import client_for


@pytest.fixture
def form():
    return {
        "category_id": category("gezelschap").id,
        "title": "Maatje voor een wekelijkse wandeling",
        "description": "U wandelt elke week een uur met een oudere buurtbewoner.",
        "postcode": "3031",
        "timing": "flexible",
        "ends_on": "",
        "hours_per_week": "3",
        "starts_on": "1-2-2027",
        "work_ends_on": "1-8-2027",
        "needs_vog": "y",
        "training": "Een inwerkdag.",
        "accessibility": "Gelijkvloers.",
        "suits_newcomers": "y",
    }


def new_url(organisation):
    return f"/organisaties/{organisation.id}/vacatures/nieuw"


def edit_url(posting):
    return f"/organisaties/vacatures/{posting.id}/gegevens"


def test_a_new_vacancy_gets_its_details(client, session, organisation, staff_member, form):
    log_in(client, staff_member)
    response = client.post(new_url(organisation), data=form)
    assert response.status_code == 302
    details = session.scalar(select(VacancyDetails))
    assert details.hours_per_week == 3
    assert details.starts_on.isoformat() == "2027-02-01"
    assert details.ends_on.isoformat() == "2027-08-01"
    assert details.needs_vog is True
    assert details.training == "Een inwerkdag."
    assert details.suits_newcomers is True


def test_the_vacancy_form_shows_the_detail_fields(client, organisation, staff_member):
    log_in(client, staff_member)
    page = client.get(new_url(organisation)).get_data(as_text=True)
    assert "Verklaring Omtrent het Gedrag" in page
    assert "Hoeveel uur per week?" in page


def test_an_end_before_the_start_gets_a_message(client, session, organisation, staff_member, form):
    log_in(client, staff_member)
    response = client.post(new_url(organisation), data={**form, "work_ends_on": "1-1-2027"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kies een einddatum op of na de begindatum." in page
    assert "Een inwerkdag." in page
    assert session.scalar(select(VacancyDetails)) is None


@pytest.mark.parametrize("hours", ["0", "99", "veel"])
def test_wrong_hours_per_week_get_a_message(client, organisation, staff_member, form, hours):
    log_in(client, staff_member)
    response = client.post(new_url(organisation), data={**form, "hours_per_week": hours})
    assert response.status_code == 422


def test_too_long_training_text_gets_a_message(client, organisation, staff_member, form):
    log_in(client, staff_member)
    response = client.post(new_url(organisation), data={**form, "training": "x" * 1001})
    assert response.status_code == 422
    assert "Gebruik hoogstens 1000 tekens." in response.get_data(as_text=True)


def test_the_posting_page_shows_the_details_of_a_vacancy(client, session, vacancy, staff_member):
    update_vacancy_details(
        session,
        staff_member,
        vacancy,
        VacancyDetailsData(hours_per_week=4, needs_vog=True, accessibility="Met lift."),
    )
    session.commit()
    page = client.get(f"/oproepen/{vacancy.id}").get_data(as_text=True)
    assert "Over dit vrijwilligerswerk" in page
    assert "ongeveer 4 uur" in page
    assert "Nodig. De organisatie regelt de aanvraag." in page
    assert "Met lift." in page


def test_a_request_page_has_no_vacancy_details(client):
    page = client.get(f"/oproepen/{PostingFactory(published=True).id}").get_data(as_text=True)
    assert "Over dit vrijwilligerswerk" not in page


def test_staff_edit_the_details(client, session, vacancy, staff_member, form):
    log_in(client, staff_member)
    response = client.post(edit_url(vacancy), data={**form, "hours_per_week": "6"})
    assert response.status_code == 302
    assert session.scalar(select(VacancyDetails)).hours_per_week == 6


def test_the_edit_form_shows_the_current_details(client, session, vacancy, staff_member):
    update_vacancy_details(session, staff_member, vacancy, VacancyDetailsData(training="Cursus."))
    session.commit()
    log_in(client, staff_member)
    assert "Cursus." in client.get(edit_url(vacancy)).get_data(as_text=True)


def test_edit_details_access(app, client, vacancy, plain_user, other_staff, admin, coordinator):
    assert "/inloggen" in client.get(edit_url(vacancy)).headers["Location"]
    assert client_for(app, plain_user).get(edit_url(vacancy)).status_code == 404
    assert client_for(app, other_staff).get(edit_url(vacancy)).status_code == 404
    assert client_for(app, admin).get(edit_url(vacancy)).status_code == 404
    assert client_for(app, coordinator).get(edit_url(vacancy)).status_code == 200


def test_details_of_a_request_cannot_be_edited(client, staff_member):
    log_in(client, staff_member)
    assert client.get(edit_url(PostingFactory(published=True))).status_code == 404
