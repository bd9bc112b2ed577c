"""The matchmaker's page of a request: the best candidates with the reasons volunteers see."""

from __future__ import annotations

from datetime import timedelta

from marketplace.extensions import db
from marketplace.timestamps import utcnow
from tests.conftest import log_in
from tests.factories import ContactBlockFactory, person
from tests.matchmaking.conftest import listed_request, volunteer, worker


def _url(posting) -> str:
    return f"/koppelen/oproep/{posting.id}"


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(_url(listed_request()))
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_someone_without_an_organisation_is_told_the_page_does_not_exist(client):
    log_in(client, person())
    assert client.get(_url(listed_request())).status_code == 404


def test_staff_of_an_organisation_elsewhere_are_told_the_page_does_not_exist(client):
    log_in(client, worker(neighbourhoods="Kralingen"))
    assert client.get(_url(listed_request())).status_code == 404


def test_staff_serving_the_wijk_see_the_best_three_candidates_with_reasons(client):
    posting = listed_request()
    for _ in range(5):
        volunteer()
    log_in(client, worker())
    page = client.get(_url(posting)).get_data(as_text=True)
    assert page.count('class="candidate"') == 3
    assert "Waarom deze persoon?" in page
    assert "u helpt graag met boodschappen" in page


def test_more_candidates_are_shown_on_request(client):
    posting = listed_request()
    for _ in range(5):
        volunteer()
    log_in(client, worker())
    page = client.get(_url(posting) + "?meer=1").get_data(as_text=True)
    assert page.count('class="candidate"') == 5


def test_someone_the_author_blocked_is_not_a_candidate(client):
    posting = listed_request()
    blocked = volunteer(display_name="Geblokkeerde Buur")
    ContactBlockFactory(blocker_id=posting.author_id, blocked_id=blocked.id)
    db.session.commit()
    log_in(client, worker())
    assert "Geblokkeerde Buur" not in client.get(_url(posting)).get_data(as_text=True)


def test_a_volunteer_who_paused_her_alerts_is_not_a_candidate(client):
    posting = listed_request()
    paused = volunteer(display_name="Even Rust")
    paused.profile.alerts_paused_until = utcnow() + timedelta(days=7)
    db.session.commit()
    log_in(client, worker())
    assert "Even Rust" not in client.get(_url(posting)).get_data(as_text=True)


def test_staff_of_the_organisation_that_posted_the_request_may_handle_it_anywhere(client):
    staff = worker(neighbourhoods=None)
    organisation = staff.memberships[0].organisation
    posting = listed_request(organisation=organisation)
    log_in(client, staff)
    assert client.get(_url(posting)).status_code == 200


def test_the_request_page_links_to_the_matchmaker_for_staff_who_may_handle_it(client):
    posting = listed_request()
    log_in(client, worker())
    page = client.get(f"/oproepen/{posting.id}").get_data(as_text=True)
    assert _url(posting) in page


def test_the_unanswered_list_links_to_the_matchmaker(client):
    posting = listed_request()
    log_in(client, worker())
    assert _url(posting) in client.get("/hulp-gezocht/").get_data(as_text=True)


def test_the_demo_has_a_request_on_the_list_with_a_case_log_and_an_invitation(session):
    from sqlalchemy import func, select

    from marketplace.demo.data import load_demo_data
    from marketplace.matchmaking.models import CaseNote, MatchmakerInvitation

    load_demo_data(session, seed=1)
    assert session.scalar(select(func.count()).select_from(CaseNote)) == 2
    assert session.scalar(select(func.count()).select_from(MatchmakerInvitation)) == 1
