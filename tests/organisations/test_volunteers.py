"""Placed volunteers: the organisation's list, hours, and references the volunteer may show."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.notifications.models import Notification
from marketplace.organisations.errors import NotPlaced
from marketplace.organisations.models import Reference, VolunteerHours
from marketplace.organisations.pipeline import move_application, record_hours, write_reference
from tests.conftest import log_in
from tests.factories import OrganisationFactory, PostingFactory, ResponseFactory, person
from tests.organisations.conftest import client_for, make_vacancy, member_of

REFERENCE = "Vera was elke week op tijd en de bewoners waren blij met haar."


@pytest.fixture
def placed(session, application, staff_member):
    move_application(session, staff_member, application, "placed")
    session.commit()
    return application


@pytest.fixture
def referenced(session, placed, staff_member):
    write_reference(session, staff_member, placed, REFERENCE)
    session.commit()
    return placed


def volunteers_url(organisation):
    return f"/organisaties/{organisation.id}/vrijwilligers"


def hours_url(application):
    return f"/organisaties/aanmeldingen/{application.id}/uren"


def reference_url(application):
    return f"/organisaties/aanmeldingen/{application.id}/referentie"


def show_url(application):
    return f"/organisaties/mijn-aanmeldingen/{application.id}/referentie"


# --- the list of volunteers -------------------------------------------------------------


def test_staff_see_who_volunteers_with_them_and_their_hours(
    client, session, organisation, placed, staff_member
):
    record_hours(session, staff_member, placed, placed.placed_at.date(), Decimal("2.5"))
    record_hours(session, staff_member, placed, placed.placed_at.date(), Decimal("1"))
    session.commit()
    log_in(client, staff_member)
    page = client.get(volunteers_url(organisation)).get_data(as_text=True)
    assert "Vera Vrijwilliger" in page
    assert "Maatje gezocht" in page
    assert "3,5" in page


def test_applicants_who_are_not_placed_are_not_volunteers(
    client, organisation, application, staff_member
):
    log_in(client, staff_member)
    page = client.get(volunteers_url(organisation)).get_data(as_text=True)
    assert "Vera Vrijwilliger" not in page
    assert "Er zijn nog geen vrijwilligers geplaatst" in page


def test_volunteers_of_another_organisation_are_not_listed(client, session, organisation, placed):
    other = OrganisationFactory()
    other_coordinator = member_of(other, "coordinator")
    log_in(client, other_coordinator)
    assert "Vera Vrijwilliger" not in client.get(volunteers_url(other)).get_data(as_text=True)


def test_volunteer_list_access(
    app, client, organisation, plain_user, other_staff, admin, coordinator
):
    assert "/inloggen" in client.get(volunteers_url(organisation)).headers["Location"]
    assert client_for(app, plain_user).get(volunteers_url(organisation)).status_code == 404
    assert client_for(app, other_staff).get(volunteers_url(organisation)).status_code == 404
    assert client_for(app, admin).get(volunteers_url(organisation)).status_code == 403
    assert client_for(app, coordinator).get(volunteers_url(organisation)).status_code == 200


# --- hours ------------------------------------------------------------------------------


def test_staff_record_hours_with_a_dutch_comma(client, session, placed, staff_member):
    log_in(client, staff_member)
    response = client.post(
        hours_url(placed), data={"worked_on": "3-11-2026", "hours": "2,5", "note": "Wandeling"}
    )
    assert response.status_code == 302
    entry = session.scalar(select(VolunteerHours))
    assert entry.hours == Decimal("2.5")
    assert entry.worked_on.isoformat() == "2026-11-03"
    assert entry.note == "Wandeling"


@pytest.mark.parametrize("hours", ["", "0", "25", "veel"])
def test_wrong_hours_get_a_message(client, session, placed, staff_member, hours):
    log_in(client, staff_member)
    response = client.post(hours_url(placed), data={"worked_on": "3-11-2026", "hours": hours})
    assert response.status_code == 422
    assert "uren" in response.get_data(as_text=True)
    assert session.scalar(select(VolunteerHours)) is None


def test_hours_without_a_date_get_a_message(client, placed, staff_member):
    log_in(client, staff_member)
    response = client.post(hours_url(placed), data={"worked_on": "", "hours": "2"})
    assert response.status_code == 422


def test_hours_only_for_placed_volunteers(session, application, staff_member):
    with pytest.raises(NotPlaced):
        record_hours(session, staff_member, application, application.created_at.date(), Decimal(1))


def test_staff_of_another_organisation_cannot_record_hours(client, session, placed, other_staff):
    log_in(client, other_staff)
    response = client.post(hours_url(placed), data={"worked_on": "3-11-2026", "hours": "2"})
    assert response.status_code == 404
    assert session.scalar(select(VolunteerHours)) is None


def test_the_volunteer_cannot_record_own_hours(client, placed, applicant):
    log_in(client, applicant)
    response = client.post(hours_url(placed), data={"worked_on": "3-11-2026", "hours": "8"})
    assert response.status_code == 404


# --- references -------------------------------------------------------------------------


def test_staff_write_a_reference_and_the_volunteer_is_told(
    client, session, placed, staff_member, applicant
):
    log_in(client, staff_member)
    client.post(reference_url(placed), data={"body": REFERENCE})
    reference = session.scalar(select(Reference))
    assert reference.body == REFERENCE
    assert reference.is_shown is False
    notification = session.scalar(
        select(Notification).where(
            Notification.recipient_id == applicant.id, Notification.kind == "reference_written"
        )
    )
    assert "Buurtwerk Noord schreef een referentie voor u" in notification.subject


def test_rewriting_a_reference_keeps_one(client, session, referenced, staff_member):
    log_in(client, staff_member)
    client.post(reference_url(referenced), data={"body": "Beter geschreven."})
    assert [r.body for r in session.scalars(select(Reference))] == ["Beter geschreven."]


def test_no_reference_for_someone_not_placed(client, session, application, staff_member):
    log_in(client, staff_member)
    client.post(reference_url(application), data={"body": REFERENCE})
    assert session.scalar(select(Reference)) is None


def test_an_empty_reference_gets_a_message(client, placed, staff_member):
    log_in(client, staff_member)
    response = client.post(reference_url(placed), data={"body": ""})
    assert response.status_code == 422
    assert "Schrijf de referentie" in response.get_data(as_text=True)


def test_staff_of_another_organisation_cannot_write_a_reference(client, placed, other_staff):
    log_in(client, other_staff)
    assert client.post(reference_url(placed), data={"body": REFERENCE}).status_code == 404


def someone_the_applicant_answered(applicant):
    """Profiles are no directory: a person whose posting the applicant responded to may
    see the applicant's profile (and the references shown on it)."""
    author = person()
    ResponseFactory(posting=PostingFactory(author=author, published=True), responder=applicant)
    return author


def test_a_new_reference_is_not_on_the_profile(client, referenced, applicant):
    log_in(client, someone_the_applicant_answered(applicant))
    response = client.get(f"/profiel/{applicant.id}")
    assert response.status_code == 200
    assert REFERENCE not in response.get_data(as_text=True)


def test_the_volunteer_reads_the_reference_on_my_applications(client, referenced, applicant):
    log_in(client, applicant)
    page = client.get("/organisaties/mijn-aanmeldingen").get_data(as_text=True)
    assert REFERENCE in page
    assert "Op mijn profiel tonen" in page


def test_the_volunteer_shows_the_reference_on_their_profile(
    app, client, session, referenced, applicant
):
    client_for(app, applicant).post(show_url(referenced), data={"show": "ja"})
    log_in(client, someone_the_applicant_answered(applicant))
    page = client.get(f"/profiel/{applicant.id}").get_data(as_text=True)
    assert REFERENCE in page
    assert "Buurtwerk Noord" in page


def test_the_volunteer_hides_the_reference_again(app, client, session, referenced, applicant):
    browser = client_for(app, applicant)
    browser.post(show_url(referenced), data={"show": "ja"})
    browser.post(show_url(referenced), data={"show": "nee"})
    log_in(client, someone_the_applicant_answered(applicant))
    response = client.get(f"/profiel/{applicant.id}")
    assert response.status_code == 200
    assert REFERENCE not in response.get_data(as_text=True)


def test_someone_else_cannot_show_the_reference(app, session, referenced, staff_member, plain_user):
    for user in (staff_member, plain_user):
        assert (
            client_for(app, user).post(show_url(referenced), data={"show": "ja"}).status_code == 404
        )
    session.expire_all()
    assert session.scalar(select(Reference)).is_shown is False


def test_showing_without_a_reference_is_404(client, application, applicant):
    log_in(client, applicant)
    assert client.post(show_url(application), data={"show": "ja"}).status_code == 404


def test_a_strange_choice_changes_nothing(client, session, referenced, applicant):
    log_in(client, applicant)
    client.post(show_url(referenced), data={"show": "misschien"})
    session.expire_all()
    assert session.scalar(select(Reference)).is_shown is False


def test_another_volunteers_references_stay_off_a_profile(
    client, session, organisation, referenced
):
    other = person(display_name="Otto")
    ResponseFactory(posting=make_vacancy(organisation), responder=other)
    log_in(client, person())
    assert REFERENCE not in client.get(f"/profiel/{other.id}").get_data(as_text=True)
