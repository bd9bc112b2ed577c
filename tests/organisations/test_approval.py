"""Admins approve or reject organisations; coordinators hear about it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.permissions import PermissionDenied
from marketplace.audit import AuditEvent
from marketplace.notifications.models import Notification
from marketplace.organisations.errors import OrganisationNotPending
from marketplace.organisations.services import approve_organisation
from tests.conftest import log_in
from tests.factories import OrganisationFactory
from tests.organisations.conftest import member_of


@pytest.fixture
def waiting_coordinator(pending_organisation):
    return member_of(pending_organisation, "coordinator", display_name="Wim Wacht")


def approve_url(organisation):
    return f"/organisaties/{organisation.id}/goedkeuren"


def reject_url(organisation):
    return f"/organisaties/{organisation.id}/afwijzen"


def test_admin_sees_pending_organisations_oldest_first(client, admin, pending_organisation):
    OrganisationFactory(pending=True, name="Later Buurthuis")
    OrganisationFactory(name="Al Goedgekeurd")
    log_in(client, admin)
    page = client.get("/organisaties/wachtend").get_data(as_text=True)
    assert page.index("Nieuw Buurthuis") < page.index("Later Buurthuis")
    assert "Al Goedgekeurd" not in page
    assert "2 organisaties wachten" in page


def test_pending_list_asks_a_visitor_to_log_in(client):
    assert "/inloggen" in client.get("/organisaties/wachtend").headers["Location"]


def test_pending_list_is_403_for_a_plain_user(client, plain_user):
    log_in(client, plain_user)
    assert client.get("/organisaties/wachtend").status_code == 403


def test_pending_list_is_403_for_a_coordinator(client, coordinator):
    log_in(client, coordinator)
    assert client.get("/organisaties/wachtend").status_code == 403


def test_admin_approves_a_pending_organisation(
    client, session, admin, pending_organisation, waiting_coordinator
):
    log_in(client, admin)
    response = client.post(approve_url(pending_organisation))
    assert response.headers["Location"] == "/organisaties/wachtend"
    session.refresh(pending_organisation)
    assert pending_organisation.status == "approved"
    assert pending_organisation.approved_at is not None
    assert client.get("/organisaties/nieuw-buurthuis").status_code == 200


def test_approval_notifies_the_coordinators_but_not_other_staff(
    client, session, admin, pending_organisation, waiting_coordinator
):
    member_of(pending_organisation, "staff")
    log_in(client, admin)
    client.post(approve_url(pending_organisation))
    notifications = session.scalars(select(Notification)).all()
    assert [n.recipient_id for n in notifications] == [waiting_coordinator.id]
    assert notifications[0].kind == "organisation_approved"
    assert notifications[0].subject == "Uw organisatie Nieuw Buurthuis is goedgekeurd"
    assert notifications[0].link_path == f"/organisaties/{pending_organisation.id}/beheer"
    assert "Beste Wim Wacht" in notifications[0].body
    assert "/profiel/meldingen" in notifications[0].body


def test_approval_is_recorded_in_the_audit_log(client, session, admin, pending_organisation):
    log_in(client, admin)
    client.post(approve_url(pending_organisation))
    event = session.scalar(select(AuditEvent))
    assert (event.actor_id, event.action) == (admin.id, "organisation.approve")
    assert (event.target_type, event.target_id) == ("organisation", pending_organisation.id)


def test_approving_twice_sends_no_second_notification(
    client, session, admin, pending_organisation, waiting_coordinator
):
    log_in(client, admin)
    client.post(approve_url(pending_organisation))
    response = client.post(approve_url(pending_organisation), follow_redirects=True)
    assert "al een besluit genomen" in response.get_data(as_text=True)
    assert len(session.scalars(select(Notification)).all()) == 1
    assert len(session.scalars(select(AuditEvent)).all()) == 1


def test_coordinator_cannot_approve_their_own_organisation(
    client, session, pending_organisation, waiting_coordinator
):
    log_in(client, waiting_coordinator)
    assert client.post(approve_url(pending_organisation)).status_code == 403
    session.refresh(pending_organisation)
    assert pending_organisation.status == "pending"


def test_approve_asks_a_visitor_to_log_in(client, pending_organisation):
    assert "/inloggen" in client.post(approve_url(pending_organisation)).headers["Location"]


def test_approving_an_unknown_organisation_is_404(client, admin):
    log_in(client, admin)
    assert client.post("/organisaties/999999/goedkeuren").status_code == 404


def test_approve_by_get_is_405(client, admin, pending_organisation):
    log_in(client, admin)
    assert client.get(approve_url(pending_organisation)).status_code == 405


def test_service_refuses_to_approve_for_a_non_admin(session, pending_organisation, plain_user):
    with pytest.raises(PermissionDenied):
        approve_organisation(session, plain_user, pending_organisation)


def test_service_refuses_to_approve_an_approved_organisation(session, admin, organisation):
    with pytest.raises(OrganisationNotPending):
        approve_organisation(session, admin, organisation)


def test_reject_form_needs_a_reason(client, session, admin, pending_organisation):
    log_in(client, admin)
    response = client.post(reject_url(pending_organisation), data={"reason": "  "})
    assert response.status_code == 422
    assert "Schrijf op waarom" in response.get_data(as_text=True)
    session.refresh(pending_organisation)
    assert pending_organisation.status == "pending"


def test_admin_sees_the_reject_form(client, admin, pending_organisation):
    log_in(client, admin)
    response = client.get(reject_url(pending_organisation))
    assert response.status_code == 200
    assert "<h1>Nieuw Buurthuis afwijzen</h1>" in response.get_data(as_text=True)


def test_admin_rejects_with_a_reason(client, session, admin, pending_organisation):
    log_in(client, admin)
    client.post(reject_url(pending_organisation), data={"reason": "Wij vinden geen website."})
    session.refresh(pending_organisation)
    assert pending_organisation.status == "rejected"
    assert pending_organisation.rejection_reason == "Wij vinden geen website."


def test_rejection_is_recorded_in_the_audit_log_with_its_reason(
    client, session, admin, pending_organisation
):
    log_in(client, admin)
    client.post(reject_url(pending_organisation), data={"reason": "Wij vinden geen website."})
    event = session.scalar(select(AuditEvent))
    assert (event.actor_id, event.action) == (admin.id, "organisation.reject")
    assert event.reason == "Wij vinden geen website."


def test_coordinator_sees_why_their_organisation_was_rejected(client):
    organisation = OrganisationFactory(
        status="rejected", approved_at=None, rejection_reason="Wij vinden geen website."
    )
    log_in(client, member_of(organisation, "coordinator"))
    assert "Wij vinden geen website." in client.get("/organisaties/mijn").get_data(as_text=True)


def test_reject_is_403_for_a_plain_user(client, session, plain_user, pending_organisation):
    log_in(client, plain_user)
    response = client.post(reject_url(pending_organisation), data={"reason": "Nee."})
    assert response.status_code == 403
    session.refresh(pending_organisation)
    assert pending_organisation.status == "pending"


def test_rejecting_an_approved_organisation_changes_nothing(client, session, admin, organisation):
    log_in(client, admin)
    response = client.post(reject_url(organisation), data={"reason": "Te laat."})
    assert response.status_code == 302
    session.refresh(organisation)
    assert organisation.status == "approved"
