"""Registering an organisation: it waits for an admin, and its creator coordinates it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.memberships import Membership, Organisation
from marketplace.accounts.permissions import PermissionDenied
from marketplace.organisations.services import OrganisationData, register_organisation
from tests.conftest import log_in
from tests.factories import OrganisationFactory, UserFactory

FORM = {
    "name": "Stichting Buurt & Zorg",
    "description": "Wij helpen ouderen in Delfshaven.",
    "website": "www.buurtenzorg.nl",
    "email": "info@buurtenzorg.nl",
    "phone": "010 - 123 45 67",
    "neighbourhoods": "Delfshaven, Bospolder, , Delfshaven",
}


def register(session, name, user=None):
    user = user or UserFactory()
    organisation = register_organisation(
        session, user, OrganisationData(name=name, description="Wij helpen.")
    )
    session.commit()
    return organisation


def test_visitor_is_asked_to_log_in_first(client):
    response = client.get("/organisaties/aanmelden")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_person_with_an_unconfirmed_address_cannot_register(client, session):
    log_in(client, UserFactory(unconfirmed=True))
    response = client.post("/organisaties/aanmelden", data=FORM)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/bevestigen")
    assert session.scalar(select(Organisation)) is None


def test_registration_form_is_shown_to_a_confirmed_user(client, plain_user):
    log_in(client, plain_user)
    response = client.get("/organisaties/aanmelden")
    assert response.status_code == 200
    assert "<h1>Organisatie aanmelden</h1>" in response.get_data(as_text=True)


def test_registering_creates_a_pending_organisation(client, session, plain_user):
    log_in(client, plain_user)
    response = client.post("/organisaties/aanmelden", data=FORM)
    assert response.status_code == 302
    assert response.headers["Location"] == "/organisaties/mijn"
    organisation = session.scalar(select(Organisation))
    assert organisation.status == "pending"
    assert organisation.slug == "stichting-buurt-zorg"
    assert organisation.website == "https://www.buurtenzorg.nl"
    assert organisation.neighbourhoods == "Delfshaven, Bospolder"
    assert organisation.created_by_id == plain_user.id


def test_creator_becomes_the_coordinator(client, session, plain_user):
    log_in(client, plain_user)
    client.post("/organisaties/aanmelden", data=FORM)
    membership = session.scalar(select(Membership))
    assert membership.user_id == plain_user.id
    assert membership.role == "coordinator"


def test_registered_organisation_is_not_public_yet(client, session):
    register(session, "Stichting Buurt en Zorg")
    assert "Stichting Buurt" not in client.get("/organisaties/").get_data(as_text=True)
    assert client.get("/organisaties/stichting-buurt-en-zorg").status_code == 404


def test_form_without_a_name_is_shown_again_with_what_was_typed(client, session, plain_user):
    log_in(client, plain_user)
    response = client.post("/organisaties/aanmelden", data={**FORM, "name": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vul de naam van de organisatie in." in page
    assert "Wij helpen ouderen in Delfshaven." in page
    assert session.scalar(select(Organisation)) is None


def test_a_very_long_description_gets_a_clear_message(client, plain_user):
    log_in(client, plain_user)
    response = client.post("/organisaties/aanmelden", data={**FORM, "description": "x" * 6000})
    assert response.status_code == 422
    assert "Gebruik hoogstens 5000 tekens." in response.get_data(as_text=True)


def test_a_wrong_email_address_gets_a_clear_message(client, plain_user):
    log_in(client, plain_user)
    response = client.post("/organisaties/aanmelden", data={**FORM, "email": "geen-adres"})
    assert response.status_code == 422
    assert "Vul een geldig e-mailadres in" in response.get_data(as_text=True)


def test_slug_is_made_from_the_name_without_accents(session):
    assert register(session, "Café Ümit & Zoon").slug == "cafe-umit-zoon"


def test_the_same_name_twice_gets_a_numbered_slug(session):
    assert register(session, "Buurtwerk").slug == "buurtwerk"
    assert register(session, "Buurtwerk").slug == "buurtwerk-2"
    assert register(session, "buurtwerk!").slug == "buurtwerk-3"


def test_a_similar_longer_slug_does_not_count_as_taken(session):
    OrganisationFactory(slug="buurtwerk-noord")
    assert register(session, "Buurtwerk").slug == "buurtwerk"


def test_slug_never_hides_one_of_the_organisation_pages(session):
    assert register(session, "Mijn").slug == "mijn-2"
    assert register(session, "Aanmelden").slug == "aanmelden-2"


def test_a_name_without_letters_still_gets_a_slug(session):
    assert register(session, "???").slug == "organisatie"


def test_a_long_name_gets_a_slug_that_fits(session):
    first = register(session, "Heel " * 24)
    second = register(session, "Heel " * 24)
    assert len(first.slug) <= 100
    assert second.slug == first.slug + "-2"


def test_service_refuses_an_unconfirmed_creator(session):
    with pytest.raises(PermissionDenied):
        register(session, "Buurtwerk", user=UserFactory(unconfirmed=True))
