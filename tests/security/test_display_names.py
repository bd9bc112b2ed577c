"""Names others see are one line: no line breaks, tabs, control or invisible characters."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.accounts.services import register_user
from marketplace.categories import ensure_default_categories
from marketplace.display_names import clean_display_name, has_forbidden_characters
from marketplace.extensions import db
from marketplace.organisations.services import OrganisationData, register_organisation
from marketplace.profiles.services import ProfileData, update_profile
from tests.conftest import log_in
from tests.factories import person

ONE_LINE = "Typ de naam op één regel"
PASSWORD = "lange zin om te onthouden"

BAD_NAMES = [
    "Jan\nOnderwerp: Uw wachtwoord is verlopen",
    "Jan\r\nBcc: iedereen@example.org",
    "Jan\tJansen",
    "Jan\x00",
    "Jan\x1b[31m",
    "\u202eJan",  # right-to-left override: shows the name backwards
    "Ja\u200bn",  # zero-width space: looks like "Jan"
    "Jan\u2028Piet",  # line separator
]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_names_with_breaks_or_hidden_characters_are_noticed(name):
    assert has_forbidden_characters(name)


@pytest.mark.parametrize("name", ["Jan", "Mevrouw de Vries-Özdemir", "Fatma 🌷", "👨‍👩‍👧 Familie"])
def test_ordinary_names_pass_unchanged(name):
    assert not has_forbidden_characters(name)
    assert clean_display_name(name) == name


def test_cleaning_makes_one_line_and_drops_what_cannot_be_seen():
    assert clean_display_name("  Jan\r\n\tJansen\u202e\x00 ") == "Jan Jansen"


def test_registration_refuses_a_name_with_a_line_break_and_keeps_what_was_typed(client):
    page = client.post(
        "/registreren",
        data={
            "display_name": "Jan\nOnderwerp: Uw wachtwoord",
            "email": "jan@example.org",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    assert page.status_code == 422
    assert ONE_LINE in page.text
    assert 'value="jan@example.org"' in page.text
    assert db.session.scalar(select(User)) is None


def test_the_profile_form_refuses_a_name_with_hidden_characters(client):
    ensure_default_categories(db.session)
    user = person(display_name="Ans")
    log_in(client, user)
    page = client.post(
        "/profiel/", data={"display_name": "\u202eAns", "postcode": "3011 AB", "radius_km": "3"}
    )
    assert page.status_code == 422
    assert ONE_LINE in page.text
    db.session.refresh(user.profile)
    assert user.profile.display_name == "Ans"


def test_the_organisation_form_refuses_a_name_on_two_lines(client):
    log_in(client, person())
    page = client.post(
        "/organisaties/aanmelden",
        data={"name": "Buurthuis\nBuurthulp-team", "description": "Wij helpen ouderen."},
    )
    assert page.status_code == 422
    assert ONE_LINE in page.text
    assert db.session.scalar(select(Organisation)) is None


def test_services_store_names_on_one_line_whatever_reaches_them(session):
    user = register_user(session, "jan@example.org", PASSWORD, "Jan\r\nJansen\u202e")
    assert user.profile.display_name == "Jan Jansen"
    update_profile(session, user, ProfileData(display_name="Jan\tde\nVries", postcode="3011"))
    assert user.profile.display_name == "Jan de Vries"
    organisation = register_organisation(
        session, person(), OrganisationData(name="Buurt\nhuis\x07", description="Wij helpen.")
    )
    assert organisation.name == "Buurt huis"
