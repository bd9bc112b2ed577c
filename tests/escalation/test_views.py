"""The list "Hulp gezocht" for organisations and moderators, and "wij bellen rond"."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.escalation.models import Escalation
from marketplace.notifications.models import Notification, NotificationKind
from tests.conftest import log_in
from tests.escalation.conftest import listed_request, staff_of, waiting_request
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ResponseFactory,
    UserFactory,
    person,
)

URL = "/hulp-gezocht/"


def _escalation(session, posting):
    session.expire_all()
    return session.scalar(select(Escalation).where(Escalation.posting_id == posting.id))


def test_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_ordinary_user_may_not_see_the_list(client):
    log_in(client, person())
    assert client.get(URL).status_code == 403


def test_staff_of_an_organisation_not_yet_approved_may_not_see_the_list(client):
    organisation = OrganisationFactory(pending=True, neighbourhoods="Stadsdriehoek")
    user = MembershipFactory(organisation=organisation, user=person()).user
    log_in(client, user)
    assert client.get(URL).status_code == 403


def test_moderator_sees_a_listed_request_and_how_long_it_waited(client):
    posting = listed_request(days=9)
    log_in(client, UserFactory(moderator=True))
    page = client.get(URL).get_data(as_text=True)
    assert posting.title in page
    assert "Wacht al 9 dagen." in page


def test_staff_see_requests_in_the_neighbourhoods_their_organisation_serves(client):
    posting = listed_request()
    log_in(client, staff_of("Cool, Stadsdriehoek"))
    assert posting.title in client.get(URL).get_data(as_text=True)


def test_staff_do_not_see_requests_in_other_neighbourhoods(client):
    listed_request()
    log_in(client, staff_of("Feijenoord"))
    page = client.get(URL).get_data(as_text=True)
    assert "Er staan geen hulpvragen op deze lijst." in page


def test_request_that_got_a_response_leaves_the_list(client):
    posting = listed_request()
    ResponseFactory(posting=posting)
    log_in(client, UserFactory(moderator=True))
    assert posting.title not in client.get(URL).get_data(as_text=True)


def test_request_not_yet_listed_is_not_shown(client):
    posting = waiting_request(8)
    log_in(client, UserFactory(moderator=True))
    assert posting.title not in client.get(URL).get_data(as_text=True)


def test_the_oldest_request_comes_first(client):
    newer = listed_request(days=8, title="Nieuwere vraag")
    older = listed_request(days=12, title="Oudere vraag")
    log_in(client, UserFactory(moderator=True))
    page = client.get(URL).get_data(as_text=True)
    assert page.index(older.title) < page.index(newer.title)


def test_the_list_is_paginated_and_ignores_a_bad_page_number(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 1)
    listed_request(days=12, title="Oudere vraag")
    listed_request(days=8, title="Nieuwere vraag")
    log_in(client, UserFactory(moderator=True))
    assert "Nieuwere vraag" in client.get(URL + "?page=2").get_data(as_text=True)
    response = client.get(URL + "?page=abc")
    assert response.status_code == 200
    assert "Oudere vraag" in response.get_data(as_text=True)


def test_staff_member_notes_that_their_organisation_phones_around(client, session):
    posting = listed_request()
    user = staff_of(name="Welzijn Centrum")
    log_in(client, user)
    page = client.post(
        f"/hulp-gezocht/{posting.id}/wij-bellen-rond", follow_redirects=True
    ).get_data(as_text=True)
    escalation = _escalation(session, posting)
    assert escalation.claimed_by_user_id == user.id
    assert escalation.claimed_by_organisation.name == "Welzijn Centrum"
    assert escalation.claimed_at is not None
    assert f"{user.profile.display_name} van Welzijn Centrum belt rond" in page


def test_author_hears_that_a_staff_member_phones_around(client, session):
    posting = listed_request()
    log_in(client, staff_of(name="Welzijn Centrum"))
    client.post(f"/hulp-gezocht/{posting.id}/wij-bellen-rond")
    note = session.scalar(
        select(Notification).where(Notification.kind == NotificationKind.REQUEST_CLAIMED)
    )
    assert note.recipient_id == posting.author_id
    assert "Een medewerker van Welzijn Centrum kijkt mee en belt misschien rond" in note.body


def test_a_second_person_cannot_claim_the_same_request(client, app, session):
    posting = listed_request()
    first = staff_of()
    log_in(client, first)
    client.post(f"/hulp-gezocht/{posting.id}/wij-bellen-rond")
    other = log_in(app.test_client(), UserFactory(moderator=True))
    page = other.post(
        f"/hulp-gezocht/{posting.id}/wij-bellen-rond", follow_redirects=True
    ).get_data(as_text=True)
    assert "Iemand anders belt al rond voor deze oproep." in page
    assert _escalation(session, posting).claimed_by_user_id == first.id


def test_moderator_claims_for_buurthulp(client, session):
    posting = listed_request()
    moderator = UserFactory(moderator=True)
    log_in(client, moderator)
    client.post(f"/hulp-gezocht/{posting.id}/wij-bellen-rond")
    escalation = _escalation(session, posting)
    assert escalation.claimed_by_user_id == moderator.id
    assert escalation.claimed_by_organisation_id is None


def test_staff_cannot_claim_a_request_outside_their_neighbourhoods(client, session):
    posting = listed_request()
    log_in(client, staff_of("Feijenoord"))
    page = client.post(
        f"/hulp-gezocht/{posting.id}/wij-bellen-rond", follow_redirects=True
    ).get_data(as_text=True)
    assert "staat niet meer op de lijst" in page
    assert _escalation(session, posting).claimed_at is None


def test_ordinary_user_cannot_claim(client, session):
    posting = listed_request()
    log_in(client, person())
    assert client.post(f"/hulp-gezocht/{posting.id}/wij-bellen-rond").status_code == 403
    assert _escalation(session, posting).claimed_at is None


def test_claiming_by_get_is_not_allowed(client):
    posting = listed_request()
    log_in(client, UserFactory(moderator=True))
    assert client.get(f"/hulp-gezocht/{posting.id}/wij-bellen-rond").status_code == 405


def test_claiming_without_a_csrf_token_is_refused(client, session, csrf_enabled):
    posting = listed_request()
    log_in(client, UserFactory(moderator=True))
    assert client.post(f"/hulp-gezocht/{posting.id}/wij-bellen-rond").status_code == 400
    assert _escalation(session, posting).claimed_at is None


def test_claimer_can_release_the_request(client, session):
    posting = listed_request()
    log_in(client, staff_of())
    client.post(f"/hulp-gezocht/{posting.id}/wij-bellen-rond")
    client.post(f"/hulp-gezocht/{posting.id}/loslaten")
    assert _escalation(session, posting).claimed_at is None


def test_another_staff_member_cannot_release_someone_elses_claim(client, app, session):
    posting = listed_request()
    first = staff_of()
    log_in(client, first)
    client.post(f"/hulp-gezocht/{posting.id}/wij-bellen-rond")
    other = log_in(app.test_client(), staff_of())
    other.post(f"/hulp-gezocht/{posting.id}/loslaten")
    assert _escalation(session, posting).claimed_by_user_id == first.id


def test_moderator_can_release_a_claim(client, app, session):
    posting = listed_request()
    log_in(client, staff_of())
    client.post(f"/hulp-gezocht/{posting.id}/wij-bellen-rond")
    moderator = log_in(app.test_client(), UserFactory(moderator=True))
    moderator.post(f"/hulp-gezocht/{posting.id}/loslaten")
    assert _escalation(session, posting).claimed_at is None


def test_unknown_posting_id_gives_a_clear_message_not_an_error(client):
    log_in(client, UserFactory(moderator=True))
    response = client.post("/hulp-gezocht/999999/wij-bellen-rond", follow_redirects=True)
    assert response.status_code == 200
    assert "staat niet meer op de lijst" in response.get_data(as_text=True)
