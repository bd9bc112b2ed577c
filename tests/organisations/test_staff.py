"""My organisations, the management page, and adding and removing staff."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.memberships import Membership
from marketplace.accounts.permissions import PermissionDenied
from marketplace.organisations.errors import LastCoordinator
from marketplace.organisations.services import remove_staff
from marketplace.permissions import staff_of, staff_organisations
from marketplace.postings.models import PostingKind
from tests.conftest import log_in
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PostingFactory,
    ResponseFactory,
)
from tests.organisations.conftest import member_of


def manage_url(organisation):
    return f"/organisaties/{organisation.id}/beheer"


def remove_url(organisation, user):
    return f"/organisaties/{organisation.id}/medewerkers/{user.id}/verwijderen"


def memberships(session, organisation):
    session.expire_all()
    return {
        (m.user_id, m.role)
        for m in session.scalars(
            select(Membership).where(Membership.organisation_id == organisation.id)
        )
    }


# --- my organisations ---------------------------------------------------------------------


def test_my_organisations_asks_a_visitor_to_log_in(client):
    assert "/inloggen" in client.get("/organisaties/mijn").headers["Location"]


def test_my_organisations_is_empty_for_a_plain_user(client, plain_user):
    log_in(client, plain_user)
    page = client.get("/organisaties/mijn").get_data(as_text=True)
    assert "U werkt nog niet voor een organisatie" in page
    assert "Voor beheerders" not in page


def test_my_organisations_lists_where_i_work_with_my_role(client, organisation, coordinator):
    OrganisationFactory(name="Niet Mijn Club")
    log_in(client, coordinator)
    page = client.get("/organisaties/mijn").get_data(as_text=True)
    assert "Buurtwerk Noord" in page
    assert "U bent coördinator." in page
    assert manage_url(organisation) in page
    assert "Niet Mijn Club" not in page


def test_admin_finds_the_pending_organisations_from_my_organisations(
    client, admin, pending_organisation
):
    log_in(client, admin)
    page = client.get("/organisaties/mijn").get_data(as_text=True)
    assert "1 organisatie wacht op goedkeuring." in page
    assert "/organisaties/wachtend" in page


def test_navigation_shows_my_organisation_to_staff(client, staff_member):
    log_in(client, staff_member)
    assert "Mijn organisatie</a>" in client.get("/organisaties/").get_data(as_text=True)


# --- the management page ------------------------------------------------------------------


def test_manage_asks_a_visitor_to_log_in(client, organisation):
    assert "/inloggen" in client.get(manage_url(organisation)).headers["Location"]


def test_manage_is_404_for_a_plain_user(client, organisation, plain_user):
    log_in(client, plain_user)
    assert client.get(manage_url(organisation)).status_code == 404


def test_manage_is_404_for_staff_of_another_organisation(client, organisation, other_staff):
    log_in(client, other_staff)
    assert client.get(manage_url(organisation)).status_code == 404


def test_manage_is_404_for_an_unknown_organisation(client, admin):
    log_in(client, admin)
    assert client.get("/organisaties/999999/beheer").status_code == 404


def test_coordinator_sees_staff_and_the_form_to_invite_staff(
    client, organisation, coordinator, staff_member
):
    log_in(client, coordinator)
    page = client.get(manage_url(organisation)).get_data(as_text=True)
    assert "Carla Coördinator" in page
    assert "Sam Medewerker" in page
    assert "Collega uitnodigen" in page
    assert remove_url(organisation, staff_member) in page


def test_staff_sees_colleagues_but_cannot_change_them(
    client, organisation, coordinator, staff_member
):
    log_in(client, staff_member)
    response = client.get(manage_url(organisation))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Carla Coördinator" in page
    assert "Collega uitnodigen" not in page
    assert remove_url(organisation, coordinator) not in page


def test_admin_may_manage_any_organisation(client, organisation, admin, coordinator):
    log_in(client, admin)
    page = client.get(manage_url(organisation)).get_data(as_text=True)
    assert "Carla Coördinator" in page
    assert "Collega uitnodigen" in page


def test_manage_lists_vacancies_with_status_and_applicant_count(client, organisation, staff_member):
    posting = PostingFactory(
        kind=PostingKind.VACANCY, organisation=organisation, published=True, title="Maatje"
    )
    ResponseFactory(posting=posting)
    ResponseFactory(posting=posting)
    PostingFactory(kind=PostingKind.VACANCY, organisation=organisation, title="Chauffeur")
    log_in(client, staff_member)
    page = client.get(manage_url(organisation)).get_data(as_text=True)
    assert "Maatje" in page
    assert "Zichtbaar" in page
    assert "2 aanmeldingen" in page
    assert "Chauffeur" in page
    assert "Wacht op controle" in page
    assert "0 aanmeldingen" in page
    assert f"/organisaties/vacatures/{posting.id}/aanmeldingen" in page


# --- removing staff -----------------------------------------------------------------------


def test_coordinator_removes_a_colleague(client, session, organisation, coordinator, staff_member):
    log_in(client, coordinator)
    response = client.post(remove_url(organisation, staff_member))
    assert response.headers["Location"] == manage_url(organisation)
    assert memberships(session, organisation) == {(coordinator.id, "coordinator")}


def test_the_last_coordinator_cannot_be_removed(client, session, organisation, coordinator):
    log_in(client, coordinator)
    response = client.post(remove_url(organisation, coordinator), follow_redirects=True)
    assert "laatste coördinator" in response.get_data(as_text=True)
    assert memberships(session, organisation) == {(coordinator.id, "coordinator")}


def test_a_coordinator_can_be_removed_when_another_remains(
    client, session, organisation, coordinator
):
    second = member_of(organisation, "coordinator")
    log_in(client, coordinator)
    client.post(remove_url(organisation, second))
    assert memberships(session, organisation) == {(coordinator.id, "coordinator")}


def test_staff_cannot_remove_colleagues(client, session, organisation, coordinator, staff_member):
    log_in(client, staff_member)
    assert client.post(remove_url(organisation, coordinator)).status_code == 403
    assert len(memberships(session, organisation)) == 2


def test_staff_of_another_organisation_cannot_remove_staff(
    client, organisation, staff_member, other_staff
):
    log_in(client, other_staff)
    assert client.post(remove_url(organisation, staff_member)).status_code == 404


def test_removing_someone_who_does_not_work_here_is_404(
    client, organisation, coordinator, plain_user
):
    log_in(client, coordinator)
    assert client.post(remove_url(organisation, plain_user)).status_code == 404


def test_remove_by_get_is_405(client, organisation, coordinator, staff_member):
    log_in(client, coordinator)
    assert client.get(remove_url(organisation, staff_member)).status_code == 405


def test_service_keeps_the_last_coordinator_even_for_an_admin(
    session, organisation, coordinator, admin
):
    with pytest.raises(LastCoordinator):
        remove_staff(session, admin, organisation, coordinator)


def test_service_refuses_staff_changes_by_plain_staff(session, organisation, staff_member):
    with pytest.raises(PermissionDenied):
        remove_staff(session, staff_member, organisation, staff_member)


# --- who works where ----------------------------------------------------------------------


def test_is_staff_is_true_for_coordinators_and_staff_only(
    session, organisation, coordinator, staff_member, other_staff, admin
):
    assert staff_of(session, coordinator, organisation.id)
    assert staff_of(session, staff_member, organisation.id)
    assert not staff_of(session, other_staff, organisation.id)
    assert not staff_of(session, admin, organisation.id)


def test_staff_organisations_lists_every_organisation_a_person_works_for(
    session, organisation, pending_organisation
):
    user = member_of(pending_organisation)
    MembershipFactory(organisation=organisation, user=user)
    OrganisationFactory(name="Niet Mijn Club")
    names = [o.name for o in staff_organisations(session, user)]
    assert names == ["Buurtwerk Noord", "Nieuw Buurthuis"]


def test_staff_organisations_is_empty_for_a_plain_user(session, organisation, plain_user):
    assert staff_organisations(session, plain_user) == []
