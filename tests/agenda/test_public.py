"""The agenda is public: the lists, an activity, the month, the poster and the wijk feed
need no log-in. Signing up, "Ga je mee?", the private feed and organising do."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.agenda.factories import make_activity, organiser
from tests.factories import person


def test_a_guest_opens_the_short_link_from_the_poster_and_sees_the_wijks_week(client):
    make_activity()
    response = client.get("/w/Stadsdriehoek", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Wijkagenda Stadsdriehoek" in page
    assert "Koffieochtend" in page
    assert response.request.path == "/agenda/"


@pytest.mark.parametrize(
    "path",
    [
        "/agenda/",
        "/agenda/?wijk=Stadsdriehoek&periode=morgen",
        "/agenda/maand",
        "/agenda/Stadsdriehoek/poster",
        "/agenda/Stadsdriehoek.ics",
    ],
)
def test_the_agenda_lists_poster_and_wijk_feed_need_no_log_in(client, path):
    make_activity()
    assert client.get(path).status_code == 200


def test_a_guest_sees_the_activity_with_its_public_contact(client):
    activity = make_activity()
    page = client.get(f"/agenda/activiteit/{activity.id}").get_data(as_text=True)
    assert "Buurthuis De Hoek, Hoogstraat 1" in page
    assert "010 123 45 67" in page


def test_the_activity_page_never_shows_the_organisers_own_address_or_e_mail(client):
    staff = organiser()
    staff.email = "medewerker.prive@example.org"
    activity = make_activity(staff)
    page = client.get(f"/agenda/activiteit/{activity.id}").get_data(as_text=True)
    assert "medewerker.prive@example.org" not in page
    assert staff.profile is None or (staff.profile.postcode or "§") not in page


def test_a_guest_is_sent_to_log_in_and_back_to_the_activity_to_sign_up(client):
    activity = make_activity()
    day = activity.starts_on.isoformat()
    page = client.get(f"/agenda/activiteit/{activity.id}?datum={day}").get_data(as_text=True)
    assert "Log in om u aan te melden" in page
    assert f'action="/agenda/activiteit/{activity.id}/{day}/aanmelden"' not in page
    login = client.get(f"/inloggen?next=/agenda/activiteit/{activity.id}?datum={day}")
    assert login.status_code == 200
    link = next(
        part
        for part in page.split('"')
        if part.startswith("/inloggen?next=") and "aanmelden" not in part
    )
    target = parse_qs(urlparse(link.replace("&amp;", "&")).query)["next"][0]
    assert target == f"/agenda/activiteit/{activity.id}?datum={day}"


@pytest.mark.parametrize(
    "method, path",
    [
        ("post", "/agenda/activiteit/{id}/{day}/aanmelden"),
        ("post", "/agenda/activiteit/{id}/{day}/ga-je-mee"),
        ("post", "/agenda/activiteit/{id}/ik-neem-iemand-mee"),
        ("get", "/agenda/nieuw"),
        ("get", "/agenda/mijn"),
        ("get", "/agenda/agenda-in-uw-telefoon"),
        ("get", "/agenda/activiteit/{id}/aanmeldingen"),
        ("get", "/agenda/activiteit/{id}/wijzigen"),
    ],
)
def test_signing_up_company_and_organising_still_need_a_log_in(client, method, path):
    activity = make_activity()
    url = path.format(id=activity.id, day=activity.starts_on.isoformat())
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_a_guest_does_not_see_a_residents_pending_activity(client):
    activity = make_activity(person())
    assert client.get(f"/agenda/activiteit/{activity.id}").status_code == 404
