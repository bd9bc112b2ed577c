""" "Ga je mee?": company to an activity as an ordinary posting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.agenda.companions import ask_company, offer_company
from marketplace.agenda.errors import AlreadyAsked
from marketplace.agenda.models import CompanionLink
from marketplace.extensions import db
from marketplace.followups.models import FollowUp
from marketplace.followups.services import FIRST, ask_batch, follow_up_token
from marketplace.postings.models import Posting
from marketplace.timestamps import utcnow
from tests.agenda.factories import make_activity
from tests.conftest import log_in
from tests.factories import ResponseFactory, category, person


@pytest.fixture(autouse=True)
def _company_category(session):
    category("gezelschap")


def test_asking_for_company_makes_a_pending_request_for_that_date_and_place(session):
    activity = make_activity()
    posting = ask_company(session, person(), activity, activity.starts_on)
    assert (posting.kind, posting.status, posting.category.slug) == (
        "request",
        "pending",
        "gezelschap",
    )
    assert (posting.once_on, posting.once_daypart, posting.postcode) == (
        activity.starts_on,
        "morning",
        activity.postcode,
    )
    assert "Buurthuis De Hoek" in posting.description


def test_asking_twice_for_the_same_date_is_refused(session):
    activity = make_activity()
    resident = person()
    ask_company(session, resident, activity, activity.starts_on)
    with pytest.raises(AlreadyAsked):
        ask_company(session, resident, activity, activity.starts_on)


def test_a_volunteer_offers_every_week_on_the_activitys_day(session):
    activity = make_activity()
    posting = offer_company(session, person(volunteer=True), activity)
    assert (posting.kind, posting.timing) == ("offer", "recurring")
    link = session.scalar(select(CompanionLink).where(CompanionLink.posting_id == posting.id))
    assert link.activity_id == activity.id


def test_the_button_on_the_activity_page_leads_to_the_new_request(client):
    activity = make_activity()
    log_in(client, person())
    response = client.post(
        f"/agenda/activiteit/{activity.id}/{activity.starts_on.isoformat()}/ga-je-mee",
        data={"toelichting": "Ik loop met een rollator."},
    )
    posting = db.session.scalar(select(Posting))
    assert response.headers["Location"].endswith(f"/oproepen/{posting.id}")
    assert "rollator" in posting.description


def test_a_volunteer_offers_from_the_activity_page_with_a_note(client):
    activity = make_activity()
    log_in(client, person(volunteer=True))
    response = client.post(
        f"/agenda/activiteit/{activity.id}/ik-neem-iemand-mee",
        data={"toelichting": "Ik ga elke dinsdag, wie gaat er mee?"},
    )
    posting = db.session.scalar(select(Posting))
    assert response.headers["Location"].endswith(f"/oproepen/{posting.id}")
    assert (posting.kind, posting.timing, posting.daypart_mask != 0) == ("offer", "recurring", True)
    assert "Ik ga elke dinsdag" in posting.description


def test_a_published_offer_is_shown_on_the_activity_page_even_to_a_guest(client):
    activity = make_activity()
    posting = offer_company(db.session, person(volunteer=True), activity)
    posting.status = "published"
    db.session.commit()
    page = client.get(f"/agenda/activiteit/{activity.id}").get_data(as_text=True)
    assert f"/oproepen/{posting.id}" in page
    assert "Wie gaat er mee naar Koffieochtend?" in page


def test_an_offer_waiting_for_the_moderator_is_not_shown_yet(client):
    activity = make_activity()
    posting = offer_company(db.session, person(volunteer=True), activity)
    db.session.commit()
    page = client.get(f"/agenda/activiteit/{activity.id}").get_data(as_text=True)
    assert f"/oproepen/{posting.id}" not in page


def _followed_up_company_request(session):
    activity = make_activity()
    resident = person()
    posting = ask_company(session, resident, activity, activity.starts_on)
    posting.status = "matched"
    ResponseFactory(
        posting=posting,
        responder=person(volunteer=True),
        accepted=True,
        decided_at=utcnow() - timedelta(days=8),
    )
    ask_batch(session, FIRST, utcnow())
    session.commit()
    follow_up = session.scalar(select(FollowUp).where(FollowUp.user_id == resident.id))
    return activity, f"/gelukt/{follow_up_token(follow_up)}"


def test_after_a_good_time_the_follow_up_offers_the_next_date(client, session):
    activity, url = _followed_up_company_request(session)
    client.post(url, data={"answer": "yes"})
    page = client.get(url).get_data(as_text=True)
    assert "Was het leuk? Nog eens?" in page
    next_week = (activity.starts_on + timedelta(days=7)).isoformat()
    assert f"/agenda/activiteit/{activity.id}?datum={next_week}" in page


def test_after_no_the_follow_up_does_not_offer_the_activity_again(client, session):
    _, url = _followed_up_company_request(session)
    client.post(url, data={"answer": "no"})
    assert "Nog eens?" not in client.get(url).get_data(as_text=True)
