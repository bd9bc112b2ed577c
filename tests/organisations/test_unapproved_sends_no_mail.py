"""An organisation that is not (yet) approved cannot make Buurthulp e-mail anyone."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.accounts.memberships import OrganisationStatus
from marketplace.extensions import db
from marketplace.intake.errors import OrganisationNotApproved as IntakeNotApproved
from marketplace.intake.services import invite_client
from marketplace.notifications.models import Notification
from marketplace.organisations import pipeline, services
from marketplace.organisations.errors import OrganisationNotApproved
from marketplace.organisations.models import Invitation
from marketplace.responses import errors as response_errors
from marketplace.responses.services import accept_response, send_message
from tests.conftest import log_in
from tests.factories import PostingFactory, ResponseFactory, person
from tests.intake.helpers import ClientFactory
from tests.organisations.conftest import member_of

NOT_APPROVED = "Uw organisatie is nog niet goedgekeurd."


def notifications() -> int:
    return db.session.scalar(select(func.count()).select_from(Notification))


@pytest.fixture
def pending_coordinator(pending_organisation):
    return member_of(pending_organisation, "coordinator", display_name="Nina Nieuw")


def test_a_pending_organisation_cannot_invite_a_colleague(
    client, pending_organisation, pending_coordinator
):
    log_in(client, pending_coordinator)
    page = client.post(
        f"/organisaties/{pending_organisation.id}/medewerkers",
        data={"email": "collega@example.org"},
    )
    assert page.status_code == 403
    assert NOT_APPROVED in page.text
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    assert notifications() == 0


def test_the_service_refuses_with_a_domain_error(
    session, pending_organisation, pending_coordinator
):
    with pytest.raises(OrganisationNotApproved):
        services.invite_staff(
            session, pending_coordinator, pending_organisation, "collega@example.org", "staff"
        )


def test_the_manage_page_of_a_pending_organisation_explains_instead_of_an_invite_form(
    client, pending_organisation, pending_coordinator
):
    page = log_in(client, pending_coordinator).get(
        f"/organisaties/{pending_organisation.id}/beheer"
    )
    assert page.status_code == 200
    assert "zodra een beheerder uw organisatie heeft goedgekeurd" in page.text
    assert "Uitnodiging sturen" not in page.text


def test_a_pending_organisation_cannot_invite_a_client(session, pending_organisation):
    staff = member_of(pending_organisation, "staff")
    the_client = ClientFactory(organisation=pending_organisation)
    with pytest.raises(IntakeNotApproved):
        invite_client(session, staff, pending_organisation, the_client, "joke@example.org")
    assert notifications() == 0


def test_staff_of_an_organisation_that_is_not_approved_cannot_message_an_applicant(
    session, pending_organisation
):
    staff = member_of(pending_organisation, "coordinator")
    posting = PostingFactory(published=True, author=staff, organisation=pending_organisation)
    response = ResponseFactory(posting=posting, responder=person())
    with pytest.raises(response_errors.OrganisationNotApproved):
        send_message(session, staff, response, "Wanneer kunt u langskomen?")
    with pytest.raises(response_errors.OrganisationNotApproved):
        accept_response(session, staff, response)
    assert notifications() == 0


def test_the_volunteer_can_still_write_to_such_an_organisation(session, pending_organisation):
    staff = member_of(pending_organisation, "coordinator")
    posting = PostingFactory(published=True, author=staff, organisation=pending_organisation)
    response = ResponseFactory(posting=posting, responder=person())
    send_message(session, response.responder, response, "Is de vacature nog open?")


def test_an_organisation_no_longer_approved_cannot_tell_applicants_anything(
    session, organisation, coordinator, application
):
    organisation.status = OrganisationStatus.PENDING
    session.flush()
    before = notifications()
    with pytest.raises(OrganisationNotApproved):
        pipeline.move_application(session, coordinator, application, "contacted")
    assert notifications() == before


def test_moving_an_application_of_an_organisation_no_longer_approved_says_why(
    client, session, organisation, coordinator, application
):
    organisation.status = OrganisationStatus.PENDING
    session.commit()
    before = notifications()
    log_in(client, coordinator)
    client.post(f"/organisaties/aanmeldingen/{application.id}/status", data={"status": "contacted"})
    with client.session_transaction() as flask_session:
        messages = [message for _, message in flask_session.get("_flashes", [])]
    assert any(NOT_APPROVED in message for message in messages)
    assert notifications() == before
