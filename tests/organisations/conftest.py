"""People around one organisation, so every route can be tried as each of them."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.organisations.models import Application
from marketplace.organisations.pipeline import application_for_response
from marketplace.postings.models import Posting, PostingKind
from marketplace.responses.models import Response
from tests.conftest import log_in
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PostingFactory,
    ResponseFactory,
    UserFactory,
    person,
)


def member_of(organisation: Organisation, role: str = "staff", **profile_fields: object) -> User:
    user = person(**profile_fields)
    MembershipFactory(organisation=organisation, user=user, role=role)
    return user


@pytest.fixture
def organisation() -> Organisation:
    return OrganisationFactory(
        name="Buurtwerk Noord",
        slug="buurtwerk-noord",
        description="Wij zoeken maatjes voor ouderen in Noord.",
        website="https://www.buurtwerk-noord.nl",
        email="info@buurtwerk-noord.nl",
        phone="010 111 22 33",
        neighbourhoods="Oude Noorden, Blijdorp",
    )


@pytest.fixture
def pending_organisation() -> Organisation:
    return OrganisationFactory(pending=True, name="Nieuw Buurthuis", slug="nieuw-buurthuis")


@pytest.fixture
def coordinator(organisation: Organisation) -> User:
    return member_of(organisation, "coordinator", display_name="Carla Coördinator")


@pytest.fixture
def staff_member(organisation: Organisation) -> User:
    return member_of(organisation, "staff", display_name="Sam Medewerker")


@pytest.fixture
def other_staff() -> User:
    """Works for another, approved organisation."""
    return member_of(OrganisationFactory(), "coordinator", display_name="Olga Anders")


@pytest.fixture
def admin() -> User:
    return UserFactory(admin=True)


@pytest.fixture
def plain_user() -> User:
    return person(display_name="Piet Buur")


# --- vacancies and applicants ----------------------------------------------------------


def make_vacancy(organisation: Organisation, **fields: object) -> Posting:
    fields.setdefault("title", "Maatje gezocht")
    return PostingFactory(
        kind=PostingKind.VACANCY, organisation=organisation, published=True, **fields
    )


@pytest.fixture
def vacancy(organisation: Organisation, coordinator: User) -> Posting:
    return make_vacancy(organisation, author=coordinator)


@pytest.fixture
def applicant() -> User:
    return person(display_name="Vera Vrijwilliger")


@pytest.fixture
def response(vacancy: Posting, applicant: User) -> Response:
    return ResponseFactory(posting=vacancy, responder=applicant, message="Ik wil graag helpen.")


@pytest.fixture
def application(session: Session, response: Response) -> Application:
    application = application_for_response(session, response)
    assert application is not None
    session.commit()
    return application


def client_for(app: Flask, user: User) -> FlaskClient:
    """A separate browser for ``user``, for tests with more than one person."""
    return log_in(app.test_client(), user)
