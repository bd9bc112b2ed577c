"""The intake rules, called directly."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from marketplace.intake.errors import (
    ClientAlreadyLinked,
    InvalidClient,
    NotStaff,
    OrganisationNotApproved,
)
from marketplace.intake.services import (
    ClientData,
    IntakeData,
    create_client,
    invite_client,
    take_intake,
)
from marketplace.postings.validation import PostingData
from tests.factories import OrganisationFactory, UserFactory, category, person
from tests.intake.helpers import ClientFactory, staff_of


def _data(**client) -> IntakeData:
    return IntakeData(
        posting=PostingData(
            kind="offer",  # the intake always makes a request
            category_id=category("vervoer").id,
            title="",
            description="Naar het ziekenhuis.",
            postcode="",
            timing="flexible",
        ),
        client=ClientData(**({"name": "Piet", "postcode": "3012"} | client)),
        note_for_volunteer="",
        consent=True,
    )


def test_an_intake_always_makes_a_request(organisation, staff):
    posting = take_intake(db.session, staff, organisation, _data())
    assert posting.kind == "request"
    assert posting.title == "Hulp gezocht: vervoer"


def test_someone_outside_the_organisation_cannot_take_an_intake(organisation):
    with pytest.raises(NotStaff):
        take_intake(db.session, person(), organisation, _data())


def test_an_admin_is_not_staff_of_every_organisation(organisation):
    with pytest.raises(NotStaff):
        take_intake(db.session, UserFactory(admin=True), organisation, _data())


def test_an_organisation_not_yet_approved_cannot_post_for_clients():
    pending = OrganisationFactory(pending=True)
    with pytest.raises(OrganisationNotApproved):
        take_intake(db.session, staff_of(pending), pending, _data())


def test_a_client_needs_a_name_without_digits(organisation, staff):
    with pytest.raises(InvalidClient) as error:
        create_client(db.session, staff, organisation, ClientData(name="06 1234", postcode="3011"))
    assert error.value.field == "client_name"


def test_a_client_phone_number_must_look_like_one(organisation, staff):
    with pytest.raises(InvalidClient) as error:
        create_client(
            db.session, staff, organisation, ClientData(name="Piet", postcode="3011", phone="bel")
        )
    assert error.value.field == "client_phone"


def test_a_new_client_gets_the_neighbourhood_of_the_postcode(organisation, staff):
    created = create_client(db.session, staff, organisation, ClientData("Piet", "3011 AB"))
    assert created.neighbourhood == "Stadsdriehoek"
    assert created.postcode == "3011 AB"


def test_a_linked_client_cannot_be_invited_again(organisation, staff):
    linked = ClientFactory(organisation=organisation, user_id=person().id)
    with pytest.raises(ClientAlreadyLinked):
        invite_client(db.session, staff, organisation, linked, "piet@example.org")
