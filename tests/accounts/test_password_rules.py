"""New passwords: not common or leaked, not the person's address or name, not a row or
one repeated character; each refusal explains the rule, on register, reset and change."""

from __future__ import annotations

import pytest

from marketplace.accounts import services
from marketplace.accounts.errors import WeakPassword
from marketplace.accounts.passwords import PasswordProblem, common_passwords, password_problem
from marketplace.notifications.models import NotificationKind
from tests.accounts.helpers import link_in_last_mail
from tests.conftest import log_in
from tests.factories import PASSWORD, person

COMMON_MESSAGE = "Dit wachtwoord wordt veel gebruikt en is makkelijk te raden."
PERSONAL_MESSAGE = "Uw wachtwoord mag niet uw e-mailadres of uw naam bevatten."
PREDICTABLE_MESSAGE = "steeds hetzelfde teken of een rijtje zoals 1234567890"


def _register(client, password, email="jan.jansen@example.org", name="Jan Jansen"):
    return client.post(
        "/registreren",
        data={
            "display_name": name,
            "email": email,
            "password": password,
            "password_again": password,
        },
    )


# The rules themselves


def test_the_shipped_list_holds_tens_of_thousands_of_common_passwords():
    assert len(common_passwords()) > 25_000
    assert {"password", "qwerty", "wachtwoord", "welkom01"} <= common_passwords()


@pytest.mark.parametrize(
    "password", ["password12", "Wachtwoord", "WACHTWOORD2024!", "iloveyou12", "feyenoord1"]
)
def test_a_common_password_is_refused_whatever_its_capitals_or_trailing_digits(password):
    assert password_problem(password) == PasswordProblem.COMMON


@pytest.mark.parametrize(
    "password",
    ["jan.jansen@example.org", "jansen2024!", "JanJansen99", "ikbenjanjansen", "jan jansen"],
)
def test_a_password_with_the_address_or_name_is_refused(password):
    problem = password_problem(password, email="jan.jansen@example.org", names=["Jan Jansen"])
    assert problem == PasswordProblem.PERSONAL


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaa",
        "aaaaaaaaab",
        "1234567890",
        "0987654321",
        "abcdefghijk",
        "qwertyuiop1",
        "abababababab",
        "abcdabcdabcd",
        "x1234567890y",
    ],
)
def test_one_repeated_character_or_a_row_is_refused(password):
    assert password_problem(password) == PasswordProblem.PREDICTABLE


@pytest.mark.parametrize(
    "password", ["fiets markt regen", "lang-genoeg-wachtwoord", "Zeven Kleine Eendjes", "Jan!"]
)
def test_a_good_password_passes(password):
    expected = PasswordProblem.TOO_SHORT if password == "Jan!" else None
    assert password_problem(password, email="jan@example.org", names=["Jan"]) == expected


def test_a_short_part_of_the_name_may_appear_in_a_password():
    # "Els" in "wandelschoenen": only parts of four letters or more count.
    assert password_problem("wandelschoenen rood", names=["Els"]) is None


def test_the_service_refuses_a_personal_password_too(session):
    with pytest.raises(WeakPassword) as caught:
        services.register_user(session, "piet@example.org", "piet@example.org", "Piet")
    assert caught.value.problem == PasswordProblem.PERSONAL


# Register, reset and change explain the rule


def test_register_refuses_a_common_password_and_explains_why(client):
    response = _register(client, "wachtwoord123")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert COMMON_MESSAGE in page
    assert "drie losse woorden" in page
    assert 'value="jan.jansen@example.org"' in page  # what was typed stays


def test_register_refuses_the_name_in_the_password(client):
    response = _register(client, "Jansen-Rotterdam")
    assert response.status_code == 422
    assert PERSONAL_MESSAGE in response.get_data(as_text=True)


def test_register_refuses_a_row_of_digits(client):
    response = _register(client, "1234567890")
    assert response.status_code == 422
    assert PREDICTABLE_MESSAGE in response.get_data(as_text=True)


def test_register_page_explains_the_rules_next_to_the_field(client):
    page = client.get("/registreren").get_data(as_text=True)
    assert "geen rijtje zoals 1234567890" in page
    assert "drie losse woorden" in page


def test_reset_refuses_a_common_password(client):
    user = person()
    client.post("/wachtwoord-vergeten", data={"email": user.email})
    link = link_in_last_mail(user, NotificationKind.RESET_PASSWORD)
    response = client.post(
        link, data={"password": "qwerty123456", "password_again": "qwerty123456"}
    )
    assert response.status_code == 422
    assert COMMON_MESSAGE in response.get_data(as_text=True)


def test_reset_refuses_the_own_address(client):
    user = person()
    client.post("/wachtwoord-vergeten", data={"email": user.email})
    link = link_in_last_mail(user, NotificationKind.RESET_PASSWORD)
    response = client.post(link, data={"password": user.email, "password_again": user.email})
    assert response.status_code == 422
    assert PERSONAL_MESSAGE in response.get_data(as_text=True)


def test_change_password_refuses_repeated_characters(client):
    log_in(client, person())
    response = client.post(
        "/account/wachtwoord",
        data={
            "current_password": PASSWORD,
            "password": "zzzzzzzzzzzz",
            "password_again": "zzzzzzzzzzzz",
        },
    )
    assert response.status_code == 422
    assert PREDICTABLE_MESSAGE in response.get_data(as_text=True)
