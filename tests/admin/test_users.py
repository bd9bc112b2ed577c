from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from marketplace.audit import AuditEvent
from tests.conftest import log_in
from tests.factories import ProfileFactory, UserFactory, person


@pytest.fixture
def admin(client):
    user = ProfileFactory(display_name="Beheerder Bea", user=UserFactory(admin=True)).user
    log_in(client, user)
    return user


# Who may see the pages


@pytest.mark.parametrize("url", ["/beheer/gebruikers", "/beheer/gebruikers/1"])
def test_visitor_is_asked_to_log_in(client, url):
    assert client.get(url).headers["Location"].startswith("/inloggen")


@pytest.mark.parametrize("trait", [{}, {"moderator": True}, {"municipality": True}])
def test_people_who_are_not_admin_get_403_on_the_user_list(client, trait):
    log_in(client, UserFactory(**trait))
    assert client.get("/beheer/gebruikers").status_code == 403


def test_non_admin_gets_403_on_a_user_page(client):
    other = UserFactory()
    log_in(client, UserFactory(moderator=True))
    assert client.get(f"/beheer/gebruikers/{other.id}").status_code == 403


def test_non_admin_cannot_grant_roles(client, session):
    other = UserFactory()
    log_in(client, UserFactory(moderator=True))
    response = client.post(
        f"/beheer/gebruikers/{other.id}/rollen/toekennen", data={"role": "admin"}
    )
    assert response.status_code == 403
    session.refresh(other)
    assert not other.roles


def test_visitor_cannot_revoke_roles(client, session):
    other = UserFactory(moderator=True)
    response = client.post(
        f"/beheer/gebruikers/{other.id}/rollen/intrekken", data={"role": "moderator"}
    )
    assert response.headers["Location"].startswith("/inloggen")
    session.refresh(other)
    assert other.roles == {"moderator"}


# The list


def test_admin_sees_everyone_with_roles_and_state(client, admin):
    ProfileFactory(display_name="Geblokkeerde Gert", user=UserFactory(blocked=True))
    page = client.get("/beheer/gebruikers").get_data(as_text=True)
    assert "Beheerder Bea" in page
    assert "Geblokkeerde Gert" in page
    assert "Geblokkeerd" in page
    assert "Beheerder (mag alles" in page
    assert admin.email in page


def test_admin_searches_by_name(client, admin):
    person(display_name="Fatima")
    person(display_name="Kees")
    page = client.get("/beheer/gebruikers?q=fati").get_data(as_text=True)
    assert "Fatima" in page
    assert "Kees" not in page


def test_admin_searches_by_email(client, admin):
    ProfileFactory(display_name="Kees", user=UserFactory(email="kees@voorbeeld.nl"))
    person(display_name="Fatima")
    page = client.get("/beheer/gebruikers?q=VOORBEELD").get_data(as_text=True)
    assert "Kees" in page
    assert "Fatima" not in page


def test_search_wildcards_are_taken_literally(client, admin):
    person(display_name="Fatima")
    page = client.get("/beheer/gebruikers?q=%25").get_data(as_text=True)
    assert "Fatima" not in page
    assert "Niemand gevonden" in page


def test_too_long_search_says_so_and_shows_everyone(client, admin):
    person(display_name="Fatima")
    response = client.get("/beheer/gebruikers?q=" + "a" * 500)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Zoek met hoogstens 100 tekens" in page
    assert "Fatima" in page


def test_list_is_paginated(client, admin, app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    for name in ("Anna", "Bram", "Cor", "Dirk"):
        person(display_name=name)
    first = client.get("/beheer/gebruikers").get_data(as_text=True)
    third = client.get("/beheer/gebruikers?page=3").get_data(as_text=True)
    assert "Pagina 1 van 3" in first
    assert "Dirk" in first and "Anna" not in first
    assert "Beheerder Bea" in third


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999"])
def test_odd_page_numbers_do_not_break_the_list(client, admin, page):
    assert client.get(f"/beheer/gebruikers?page={page}").status_code == 200


# One person's roles


def test_admin_sees_a_persons_details(client, admin):
    other = ProfileFactory(
        display_name="Fatima",
        user=UserFactory(last_login_at=datetime(2025, 3, 4, 9, 30, tzinfo=UTC)),
    ).user
    page = client.get(f"/beheer/gebruikers/{other.id}").get_data(as_text=True)
    assert "<h1>Fatima</h1>" in page
    assert "4 mrt 2025" in page
    assert other.email in page
    assert "Rol geven" in page


def test_unknown_user_is_404(client, admin):
    assert client.get("/beheer/gebruikers/999999").status_code == 404


def test_admin_grants_a_role(client, admin, session):
    other = person()
    response = client.post(
        f"/beheer/gebruikers/{other.id}/rollen/toekennen", data={"role": "moderator"}
    )
    assert response.headers["Location"] == f"/beheer/gebruikers/{other.id}"
    session.refresh(other)
    assert other.roles == {"moderator"}
    assert session.scalar(select(AuditEvent)).action == "user.grant_role"


def test_granting_an_unknown_role_is_a_form_error(client, admin, session):
    other = person()
    response = client.post(
        f"/beheer/gebruikers/{other.id}/rollen/toekennen", data={"role": "koning"}
    )
    assert response.status_code == 422
    session.refresh(other)
    assert not other.roles


def test_granting_to_an_unknown_user_is_404(client, admin):
    response = client.post("/beheer/gebruikers/999999/rollen/toekennen", data={"role": "admin"})
    assert response.status_code == 404


def test_admin_revokes_a_role(client, admin, session):
    other = UserFactory(moderator=True)
    client.post(f"/beheer/gebruikers/{other.id}/rollen/intrekken", data={"role": "moderator"})
    session.refresh(other)
    assert not other.roles
    assert session.scalar(select(AuditEvent)).action == "user.revoke_role"


def test_admin_cannot_revoke_their_own_admin_role(client, admin, session):
    response = client.post(
        f"/beheer/gebruikers/{admin.id}/rollen/intrekken", data={"role": "admin"}
    )
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "U kunt uw eigen beheerdersrol niet intrekken" in follow
    session.refresh(admin)
    assert admin.has_role("admin")


def test_own_admin_role_has_no_revoke_button(client, admin):
    page = client.get(f"/beheer/gebruikers/{admin.id}").get_data(as_text=True)
    assert "uw eigen beheerdersrol kunt u niet intrekken" in page
    assert "/rollen/intrekken" not in page


def test_role_change_without_csrf_token_is_refused(client, admin, session, csrf_enabled):
    other = person()
    response = client.post(
        f"/beheer/gebruikers/{other.id}/rollen/toekennen", data={"role": "admin"}
    )
    assert response.status_code == 400
    session.refresh(other)
    assert not other.roles


def test_grant_by_get_is_not_allowed(client, admin):
    other = person()
    assert client.get(f"/beheer/gebruikers/{other.id}/rollen/toekennen").status_code == 405
