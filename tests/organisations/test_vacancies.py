"""Staff publish vacancies (moderated like every posting) and follow their applicants."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.dayparts import mask_from_slots
from marketplace.postings.models import Posting, PostingKind
from marketplace.timestamps import local_today
from tests.conftest import log_in
from tests.factories import OrganisationFactory, PostingFactory, ResponseFactory, category, person
from tests.organisations.conftest import member_of


@pytest.fixture
def form():
    return {
        "category_id": category("gezelschap").id,
        "title": "Maatje voor een wekelijkse wandeling",
        "description": "U wandelt elke week een uur met een oudere buurtbewoner.",
        "postcode": "3031",
        "timing": "recurring",
        "recurring_slots": ["tue-morning", "thu-morning"],
        "ends_on": "",
    }


def new_url(organisation):
    return f"/organisaties/{organisation.id}/vacatures/nieuw"


def applicants_url(posting):
    return f"/organisaties/vacatures/{posting.id}/aanmeldingen"


def vacancy(organisation, **fields):
    return PostingFactory(
        kind=PostingKind.VACANCY, organisation=organisation, title="Maatje gezocht", **fields
    )


# --- new vacancy --------------------------------------------------------------------------


def test_new_vacancy_asks_a_visitor_to_log_in(client, organisation):
    assert "/inloggen" in client.get(new_url(organisation)).headers["Location"]


def test_new_vacancy_is_404_for_a_plain_user(client, organisation, plain_user):
    log_in(client, plain_user)
    assert client.get(new_url(organisation)).status_code == 404


def test_new_vacancy_is_404_for_staff_of_another_organisation(
    client, session, organisation, other_staff, form
):
    log_in(client, other_staff)
    assert client.post(new_url(organisation), data=form).status_code == 404
    assert session.scalar(select(Posting)) is None


def test_new_vacancy_is_403_for_an_admin_who_does_not_work_there(client, organisation, admin):
    log_in(client, admin)
    assert client.get(new_url(organisation)).status_code == 403


def test_new_vacancy_is_404_for_an_unknown_organisation(client, staff_member):
    log_in(client, staff_member)
    assert client.get("/organisaties/999999/vacatures/nieuw").status_code == 404


def test_staff_sees_the_vacancy_form(client, organisation, staff_member):
    log_in(client, staff_member)
    response = client.get(new_url(organisation))
    assert response.status_code == 200
    assert "<h1>Vacature plaatsen voor Buurtwerk Noord</h1>" in response.get_data(as_text=True)


def test_staff_of_a_pending_organisation_is_told_to_wait(client, session, form):
    organisation = OrganisationFactory(pending=True)
    log_in(client, member_of(organisation, "coordinator"))
    response = client.post(new_url(organisation), data=form, follow_redirects=True)
    assert "zodra een beheerder uw organisatie heeft goedgekeurd" in response.get_data(as_text=True)
    assert session.scalar(select(Posting)) is None


def test_staff_vacancy_waits_for_a_moderator(client, session, organisation, staff_member, form):
    log_in(client, staff_member)
    response = client.post(new_url(organisation), data=form)
    assert response.headers["Location"] == f"/organisaties/{organisation.id}/beheer"
    posting = session.scalar(select(Posting))
    assert posting.status == "pending"
    assert posting.kind == "vacancy"
    assert posting.organisation_id == organisation.id
    assert posting.author_id == staff_member.id
    assert posting.daypart_mask == mask_from_slots(["tue-morning", "thu-morning"])


def test_coordinator_can_post_a_vacancy_too(client, session, organisation, coordinator, form):
    log_in(client, coordinator)
    client.post(new_url(organisation), data=form)
    assert session.scalar(select(Posting)).organisation_id == organisation.id


def test_vacancy_without_a_title_is_shown_again_with_what_was_typed(
    client, session, organisation, staff_member, form
):
    log_in(client, staff_member)
    response = client.post(new_url(organisation), data={**form, "title": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vul een titel in" in page
    assert "U wandelt elke week een uur" in page
    assert session.scalar(select(Posting)) is None


def test_vacancy_with_an_unknown_postcode_gets_a_message(
    client, session, organisation, staff_member, form
):
    log_in(client, staff_member)
    response = client.post(new_url(organisation), data={**form, "postcode": "0000"})
    assert response.status_code == 422
    assert "postcode" in response.get_data(as_text=True).lower()
    assert session.scalar(select(Posting)) is None


def test_vacancy_with_an_end_date_in_the_past_gets_a_message(
    client, session, organisation, staff_member, form
):
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    log_in(client, staff_member)
    response = client.post(new_url(organisation), data={**form, "ends_on": yesterday})
    assert response.status_code == 422
    assert "Deze datum is voorbij" in response.get_data(as_text=True)
    assert session.scalar(select(Posting)) is None


# --- applicants ---------------------------------------------------------------------------


def test_applicants_asks_a_visitor_to_log_in(client, organisation):
    assert "/inloggen" in client.get(applicants_url(vacancy(organisation))).headers["Location"]


def test_applicants_is_404_for_a_plain_user(client, organisation, plain_user):
    log_in(client, plain_user)
    assert client.get(applicants_url(vacancy(organisation))).status_code == 404


def test_applicants_is_404_for_staff_of_another_organisation(client, organisation, other_staff):
    log_in(client, other_staff)
    assert client.get(applicants_url(vacancy(organisation))).status_code == 404


def test_applicants_is_404_for_an_admin_who_does_not_work_there(client, organisation, admin):
    log_in(client, admin)
    assert client.get(applicants_url(vacancy(organisation))).status_code == 404


def test_applicants_is_404_for_a_posting_that_is_not_a_vacancy(client, staff_member):
    log_in(client, staff_member)
    assert client.get(applicants_url(PostingFactory(published=True))).status_code == 404


def test_applicants_is_404_for_an_unknown_posting(client, staff_member):
    log_in(client, staff_member)
    assert client.get("/organisaties/vacatures/999999/aanmeldingen").status_code == 404


def test_staff_sees_applicants_with_their_status_and_conversation(
    client, organisation, staff_member
):
    posting = vacancy(organisation, published=True)
    waiting = ResponseFactory(posting=posting, responder=person(display_name="Anna Aanmelder"))
    ResponseFactory(posting=posting, responder=person(display_name="Bert Gekozen"), accepted=True)
    ResponseFactory(posting=posting, responder=person(display_name="Cor Nee"), status="declined")
    log_in(client, staff_member)
    page = client.get(applicants_url(posting)).get_data(as_text=True)
    assert "Anna Aanmelder" in page
    assert "Bert Gekozen" in page
    assert "Cor Nee" in page
    assert "Nieuw" in page
    assert "Past niet" in page  # the declined response
    assert f"/berichten/{waiting.id}" in page
    assert "3 aanmeldingen" in page


def test_applicants_page_shows_no_contact_details(client, organisation, staff_member):
    posting = vacancy(organisation, published=True)
    applicant = person(display_name="Anna Aanmelder", phone="06 9876 5432")
    ResponseFactory(posting=posting, responder=applicant)
    log_in(client, staff_member)
    page = client.get(applicants_url(posting)).get_data(as_text=True)
    assert applicant.email not in page
    assert "06 9876 5432" not in page


def test_applicants_page_without_applicants_says_so(client, organisation, coordinator):
    log_in(client, coordinator)
    page = client.get(applicants_url(vacancy(organisation))).get_data(as_text=True)
    assert "Nog niemand heeft zich aangemeld" in page
