"""People around one organisation, so every route can be tried as each of them."""

from __future__ import annotations

import pytest

from marketplace.accounts.models import User
from marketplace.organisations.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, person


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
