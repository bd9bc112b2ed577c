from __future__ import annotations

import pytest

from marketplace.categories import ensure_default_categories
from marketplace.extensions import db
from tests.factories import OrganisationFactory, UserFactory, person
from tests.intake.helpers import staff_of


@pytest.fixture(autouse=True)
def categories():
    categories = ensure_default_categories(db.session)
    db.session.commit()
    return categories


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Welzijn Noord", phone="010 222 3344")


@pytest.fixture
def staff(organisation):
    return staff_of(organisation)


@pytest.fixture
def roles(organisation):
    """Everyone who is not on this organisation's staff, by name."""
    other = OrganisationFactory(name="Welzijn Zuid")
    return {
        "plain user": person(),
        "staff of another organisation": staff_of(other),
        "moderator": UserFactory(moderator=True),
        "admin": UserFactory(admin=True),
    }
