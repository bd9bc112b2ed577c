"""Inviting colleagues by e-mail, accepting, revoking, and changing roles."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.accounts.memberships import Membership
from marketplace.notifications.models import Notification
from marketplace.organisations.errors import InvitationForOtherAccount, LastCoordinator
from marketplace.organisations.models import Invitation
from marketplace.organisations.services import accept_invitation, change_role, invite_staff
from marketplace.security_log import read_security_events
from marketplace.timestamps import utcnow
from tests.conftest import log_in
from tests.factories import OrganisationFactory, UserFactory
from tests.organisations.conftest import client_for, member_of


def invite_url(organisation):
    return f"/organisaties/{organisation.id}/medewerkers"


def revoke_url(invitation):
    return f"/organisaties/{invitation.organisation_id}/uitnodigingen/{invitation.id}/intrekken"


def role_url(organisation, user):
    return f"/organisaties/{organisation.id}/medewerkers/{user.id}/rol"


def memberships(session, organisation):
    session.expire_all()
    return {
        (m.user_id, m.role)
        for m in session.scalars(
            select(Membership).where(Membership.organisation_id == organisation.id)
        )
    }


@pytest.fixture
def invited(session, organisation, coordinator):
    """An invitation for nieuw@example.org (no account yet) and its token."""
    invitation, token = invite_staff(session, coordinator, organisation, "nieuw@example.org")
    session.commit()
    return invitation, token


# --- inviting ---------------------------------------------------------------------------


def test_coordinator_invites_a_colleague_with_an_account(
    client, session, organisation, coordinator
):
    colleague = UserFactory(email="collega@example.org")
    log_in(client, coordinator)
    response = client.post(invite_url(organisation), data={"email": " Collega@Example.org "})
    assert response.headers["Location"] == f"/organisaties/{organisation.id}/beheer"
    invitation = session.scalar(select(Invitation))
    assert invitation.email == "Collega@Example.org"
    assert invitation.role == "staff"
    notification = session.scalar(select(Notification))
    assert notification.recipient_id == colleague.id
    assert notification.link_path.startswith("/organisaties/uitnodiging/")
    assert "Buurtwerk Noord" in notification.subject


def test_an_invitation_to_a_new_address_is_mailed_there_and_not_shown_to_the_inviter(
    client, session, organisation, coordinator
):
    log_in(client, coordinator)
    client.post(invite_url(organisation), data={"email": "nieuw@example.org"})
    notification = session.scalar(select(Notification))
    assert notification.to_email == "nieuw@example.org"
    assert notification.send_email is True
    assert notification.show_in_app is False
    assert "Maak een account met dit e-mailadres" in notification.body


def test_only_a_hash_of_the_token_is_stored(session, invited):
    invitation, token = invited
    assert token not in invitation.token_hash
    assert len(invitation.token_hash) == 64


def test_inviting_someone_who_already_works_here_says_so(
    client, organisation, coordinator, staff_member
):
    log_in(client, coordinator)
    response = client.post(invite_url(organisation), data={"email": staff_member.email})
    assert response.status_code == 422
    assert "werkt al voor uw organisatie" in response.get_data(as_text=True)


def test_inviting_the_same_address_twice_says_to_revoke_first(
    client, organisation, coordinator, invited
):
    log_in(client, coordinator)
    response = client.post(invite_url(organisation), data={"email": "NIEUW@example.org"})
    assert response.status_code == 422
    assert "Trek de oude dan eerst in" in response.get_data(as_text=True)


def test_inviting_with_a_wrong_address_keeps_what_was_typed(client, organisation, coordinator):
    log_in(client, coordinator)
    response = client.post(invite_url(organisation), data={"email": "geen adres"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vul een geldig e-mailadres in" in page
    assert 'value="geen adres"' in page


def test_inviting_with_an_unknown_role_gets_a_message(client, session, organisation, coordinator):
    log_in(client, coordinator)
    response = client.post(
        invite_url(organisation), data={"email": "nieuw@example.org", "role": "baas"}
    )
    assert response.status_code == 422
    assert "Kies medewerker of coördinator." in response.get_data(as_text=True)
    assert session.scalar(select(Invitation)) is None


def test_a_visitor_is_asked_to_log_in_before_inviting(client, organisation):
    response = client.post(invite_url(organisation), data={"email": "nieuw@example.org"})
    assert "/inloggen" in response.headers["Location"]


def test_a_plain_user_gets_404_when_inviting(client, organisation, plain_user):
    log_in(client, plain_user)
    response = client.post(invite_url(organisation), data={"email": "nieuw@example.org"})
    assert response.status_code == 404


def test_staff_cannot_invite(client, session, organisation, staff_member):
    log_in(client, staff_member)
    response = client.post(invite_url(organisation), data={"email": "nieuw@example.org"})
    assert response.status_code == 403
    assert session.scalar(select(Invitation)) is None


def test_staff_of_another_organisation_gets_404_when_inviting(client, organisation, other_staff):
    log_in(client, other_staff)
    response = client.post(invite_url(organisation), data={"email": "nieuw@example.org"})
    assert response.status_code == 404


def test_admin_can_invite(client, session, organisation, admin):
    log_in(client, admin)
    client.post(
        invite_url(organisation), data={"email": "nieuw@example.org", "role": "coordinator"}
    )
    assert session.scalar(select(Invitation)).role == "coordinator"


def test_coordinator_sees_open_invitations(client, organisation, coordinator, invited):
    log_in(client, coordinator)
    page = client.get(f"/organisaties/{organisation.id}/beheer").get_data(as_text=True)
    assert "nieuw@example.org" in page
    assert revoke_url(invited[0]) in page


def test_staff_do_not_see_invited_addresses(client, organisation, staff_member, invited):
    log_in(client, staff_member)
    page = client.get(f"/organisaties/{organisation.id}/beheer").get_data(as_text=True)
    assert "nieuw@example.org" not in page


# --- the invitation link ----------------------------------------------------------------


def test_a_visitor_with_the_link_can_log_in_or_register_and_come_back(client, invited):
    _, token = invited
    page = client.get(f"/organisaties/uitnodiging/{token}").get_data(as_text=True)
    assert "Buurtwerk Noord" in page
    assert f"/inloggen?next=/organisaties/uitnodiging/{token}" in page
    assert f"/registreren?next=/organisaties/uitnodiging/{token}" in page


def test_a_visitor_posting_the_link_does_not_join(client, session, organisation, invited):
    _, token = invited
    response = client.post(f"/organisaties/uitnodiging/{token}")
    assert response.status_code == 200
    assert len(memberships(session, organisation)) == 1


def test_a_new_person_who_registered_with_the_address_accepts(app, session, organisation, invited):
    _, token = invited
    newcomer = UserFactory(email="nieuw@example.org")  # just registered
    browser = client_for(app, newcomer)
    page = browser.get(f"/organisaties/uitnodiging/{token}").get_data(as_text=True)
    assert "Uitnodiging aannemen" in page
    response = browser.post(f"/organisaties/uitnodiging/{token}")
    assert response.headers["Location"] == f"/organisaties/{organisation.id}/beheer"
    assert (newcomer.id, "staff") in memberships(session, organisation)
    session.expire_all()
    invitation = session.scalar(select(Invitation))
    assert invitation.accepted_at is not None
    assert invitation.accepted_by_id == newcomer.id


def test_the_invited_role_is_given(app, session, organisation, coordinator):
    _, token = invite_staff(session, coordinator, organisation, "baas@example.org", "coordinator")
    session.commit()
    colleague = UserFactory(email="baas@example.org")
    client_for(app, colleague).post(f"/organisaties/uitnodiging/{token}")
    assert (colleague.id, "coordinator") in memberships(session, organisation)


def test_a_person_can_join_a_second_organisation(app, session, organisation, other_staff):
    other_staff.email = "olga@example.org"
    session.commit()
    coordinator = member_of(organisation, "coordinator")
    _, token = invite_staff(session, coordinator, organisation, "olga@example.org")
    session.commit()
    client_for(app, other_staff).post(f"/organisaties/uitnodiging/{token}")
    session.expire_all()
    assert (
        len(session.scalars(select(Membership).where(Membership.user_id == other_staff.id)).all())
        == 2
    )


def test_the_wrong_account_sees_whom_the_invitation_is_for(app, invited, plain_user):
    _, token = invited
    page = client_for(app, plain_user).get(f"/organisaties/uitnodiging/{token}")
    text = page.get_data(as_text=True)
    assert "U bent ingelogd met een ander e-mailadres" in text
    assert "Uitnodiging aannemen" not in text


def test_the_wrong_account_cannot_accept(app, session, organisation, invited, plain_user):
    _, token = invited
    response = client_for(app, plain_user).post(f"/organisaties/uitnodiging/{token}")
    assert response.status_code == 403
    assert plain_user.id not in {user_id for user_id, _ in memberships(session, organisation)}


def test_accepting_for_another_address_raises(session, invited, plain_user):
    with pytest.raises(InvitationForOtherAccount):
        accept_invitation(session, plain_user, invited[1])


def test_an_expired_invitation_says_to_ask_again(app, session, organisation, invited):
    invitation, token = invited
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()
    newcomer = UserFactory(email="nieuw@example.org")
    response = client_for(app, newcomer).post(f"/organisaties/uitnodiging/{token}")
    assert response.status_code == 410
    assert "De uitnodiging is verlopen" in response.get_data(as_text=True)
    assert newcomer.id not in {user_id for user_id, _ in memberships(session, organisation)}


def test_an_unknown_link_is_404(client):
    response = client.get("/organisaties/uitnodiging/verzonnen")
    assert response.status_code == 404
    assert "De link klopt niet" in response.get_data(as_text=True)


def test_a_used_invitation_cannot_be_used_again(app, session, organisation, invited):
    _, token = invited
    newcomer = UserFactory(email="nieuw@example.org")
    browser = client_for(app, newcomer)
    browser.post(f"/organisaties/uitnodiging/{token}")
    log_in(browser, newcomer)  # staff now: sets up two-factor log-in first, as the site asks
    assert browser.get(f"/organisaties/uitnodiging/{token}").status_code == 404


# --- revoking ---------------------------------------------------------------------------


def test_coordinator_revokes_an_invitation_and_the_link_stops_working(
    app, client, session, coordinator, invited
):
    invitation, token = invited
    log_in(client, coordinator)
    client.post(revoke_url(invitation))
    session.expire_all()
    assert session.get(Invitation, invitation.id).revoked_at is not None
    newcomer = UserFactory(email="nieuw@example.org")
    assert client_for(app, newcomer).post(f"/organisaties/uitnodiging/{token}").status_code == 404


def test_staff_cannot_revoke_an_invitation(client, session, staff_member, invited):
    log_in(client, staff_member)
    assert client.post(revoke_url(invited[0])).status_code == 403


def test_staff_of_another_organisation_cannot_revoke(client, other_staff, invited):
    log_in(client, other_staff)
    assert client.post(revoke_url(invited[0])).status_code == 404


def test_revoking_an_invitation_of_another_organisation_is_404(client, session, invited):
    other = OrganisationFactory()
    other_coordinator = member_of(other, "coordinator")
    log_in(client, other_coordinator)
    response = client.post(f"/organisaties/{other.id}/uitnodigingen/{invited[0].id}/intrekken")
    assert response.status_code == 404


def test_revoking_is_post_only(client, coordinator, invited):
    log_in(client, coordinator)
    assert client.get(revoke_url(invited[0])).status_code == 405


# --- roles ------------------------------------------------------------------------------


def test_coordinator_makes_a_colleague_coordinator(
    client, session, organisation, coordinator, staff_member
):
    log_in(client, coordinator)
    client.post(role_url(organisation, staff_member), data={"role": "coordinator"})
    assert (staff_member.id, "coordinator") in memberships(session, organisation)


def test_the_last_coordinator_cannot_become_staff(client, session, organisation, coordinator):
    log_in(client, coordinator)
    response = client.post(
        role_url(organisation, coordinator), data={"role": "staff"}, follow_redirects=True
    )
    assert "laatste coördinator niet veranderen" in response.get_data(as_text=True)
    assert (coordinator.id, "coordinator") in memberships(session, organisation)


def test_changing_the_last_coordinator_raises(session, organisation, coordinator):
    with pytest.raises(LastCoordinator):
        change_role(session, coordinator, organisation, coordinator, "staff")


def test_staff_cannot_change_roles(client, session, organisation, coordinator, staff_member):
    log_in(client, staff_member)
    response = client.post(role_url(organisation, staff_member), data={"role": "coordinator"})
    assert response.status_code == 403
    assert (staff_member.id, "staff") in memberships(session, organisation)


def test_changing_the_role_of_someone_who_does_not_work_here_is_404(
    client, organisation, coordinator, plain_user
):
    log_in(client, coordinator)
    response = client.post(role_url(organisation, plain_user), data={"role": "coordinator"})
    assert response.status_code == 404


def test_an_unknown_role_changes_nothing(client, session, organisation, coordinator, staff_member):
    log_in(client, coordinator)
    client.post(role_url(organisation, staff_member), data={"role": "baas"})
    assert (staff_member.id, "staff") in memberships(session, organisation)


def test_admin_can_change_roles(client, session, organisation, admin, coordinator, staff_member):
    log_in(client, admin)
    client.post(role_url(organisation, staff_member), data={"role": "coordinator"})
    assert (staff_member.id, "coordinator") in memberships(session, organisation)


def test_joining_and_changing_roles_reach_the_security_log(session, organisation, coordinator):
    _, token = invite_staff(session, coordinator, organisation, "baas@example.org", "staff")
    colleague = UserFactory(email="baas@example.org")
    accept_invitation(session, colleague, token)
    change_role(session, coordinator, organisation, colleague, "coordinator")
    events = [e for e in read_security_events() if e["user_id"] == colleague.id][-2:]
    assert [(e["event"], e["role"], e["organisation_id"]) for e in events] == [
        ("role.granted", "staff", organisation.id),
        ("role.changed", "coordinator", organisation.id),
    ]
