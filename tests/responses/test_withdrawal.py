"""A helper withdraws her "Ik help": the rules, the pages, and who else may not."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.matching.models import MatchRequest
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.organisations.models import Application, ApplicationStatus
from marketplace.postings.models import PostingKind, PostingStatus
from marketplace.responses import services
from marketplace.responses.errors import CannotWithdraw, NotYourResponse
from marketplace.responses.models import ResponseStatus
from marketplace.responses.withdrawal import withdraw_response
from tests.conftest import log_in
from tests.factories import (
    MembershipFactory,
    PostingFactory,
    ResponseFactory,
    UserFactory,
    person,
)


def told(session, kind=NotificationKind.RESPONSE_WITHDRAWN):
    return session.scalars(select(Notification).where(Notification.kind == kind)).all()


@pytest.fixture
def pending(session):
    author = person(display_name="Mevrouw Jansen")
    posting = PostingFactory(published=True, author=author, title="Boodschappen op dinsdag")
    response = ResponseFactory(posting=posting, responder=person(display_name="Fatma"))
    session.commit()
    return response


@pytest.fixture
def accepted(session, pending):
    services.accept_response(session, pending.posting.author, pending)
    session.commit()
    return pending


# --- the service ------------------------------------------------------------------------------


def test_a_pending_response_is_withdrawn_and_the_author_told_kindly(session, pending):
    withdraw_response(session, pending.responder, pending, "Ik ben die week ziek.")
    session.commit()
    assert pending.status == ResponseStatus.WITHDRAWN
    assert pending.posting.status == PostingStatus.PUBLISHED
    [notification] = told(session)
    assert notification.recipient_id == pending.posting.author_id
    assert notification.link_path == f"/berichten/{pending.id}"
    assert "Fatma" in notification.subject
    assert "ingetrokken" in notification.body
    assert "Ik ben die week ziek." in notification.body
    assert "U hoeft niets te doen." in notification.body


def test_withdrawing_after_acceptance_reopens_the_request_and_matching_resumes(session, accepted):
    assert accepted.posting.status == PostingStatus.MATCHED
    withdraw_response(session, accepted.responder, accepted)
    session.commit()
    posting = accepted.posting
    assert accepted.status == ResponseStatus.WITHDRAWN
    assert posting.status == PostingStatus.PUBLISHED and posting.matched_at is None
    match_request = session.scalar(
        select(MatchRequest).where(MatchRequest.posting_id == posting.id)
    )
    assert match_request is not None  # posting_published reached matching
    [notification] = told(session)
    assert "Uw oproep staat weer open" in notification.body
    assert "toch niet lukt" in notification.body


def test_an_offer_stays_as_it_is_when_an_accepted_helper_withdraws(session):
    offer = PostingFactory(published=True, kind=PostingKind.OFFER)
    response = ResponseFactory(posting=offer, responder=person())
    services.accept_response(session, offer.author, response)
    withdraw_response(session, response.responder, response)
    assert offer.status == PostingStatus.PUBLISHED
    assert response.status == ResponseStatus.WITHDRAWN


def test_only_the_helper_herself_can_withdraw(session, accepted):
    for someone in (accepted.posting.author, person(), UserFactory(moderator=True)):
        with pytest.raises(NotYourResponse):
            withdraw_response(session, someone, accepted)
    assert accepted.status == ResponseStatus.ACCEPTED


@pytest.mark.parametrize("status", [ResponseStatus.DECLINED, ResponseStatus.WITHDRAWN])
def test_a_closed_response_cannot_be_withdrawn(session, pending, status):
    pending.status = status
    with pytest.raises(CannotWithdraw):
        withdraw_response(session, pending.responder, pending)
    assert told(session) == []


def test_help_marked_done_cannot_be_withdrawn(session, accepted):
    services.complete_response(session, accepted.responder, accepted)
    with pytest.raises(CannotWithdraw):
        withdraw_response(session, accepted.responder, accepted)
    assert accepted.posting.status == PostingStatus.CLOSED


def test_a_withdrawn_application_leaves_the_organisations_pipeline(session):
    staff = MembershipFactory(role="coordinator")
    vacancy = PostingFactory(
        published=True,
        kind=PostingKind.VACANCY,
        organisation=staff.organisation,
        author=staff.user,
    )
    volunteer = person()
    response = services.respond_to_posting(session, vacancy, volunteer, "Ik help graag.")
    withdraw_response(session, volunteer, response)
    application = session.scalar(select(Application))
    assert application.status == ApplicationStatus.WITHDRAWN


def test_the_reason_is_cut_to_its_limit(session, pending):
    withdraw_response(session, pending.responder, pending, "x" * 1000)
    [notification] = told(session)
    assert "x" * 300 in notification.body and "x" * 301 not in notification.body


# --- the pages --------------------------------------------------------------------------------


def test_the_helper_sees_the_way_to_withdraw_in_the_conversation(client, pending):
    page = log_in(client, pending.responder).get(f"/berichten/{pending.id}")
    assert f"/berichten/{pending.id}/intrekken" in page.get_data(as_text=True)


def test_the_author_sees_no_way_to_withdraw_her_helper(client, pending):
    page = log_in(client, pending.posting.author).get(f"/berichten/{pending.id}")
    assert "/intrekken" not in page.get_data(as_text=True)


def test_withdrawing_asks_first_and_changes_nothing_until_confirmed(client, session, accepted):
    page = log_in(client, accepted.responder).get(f"/berichten/{accepted.id}/intrekken")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Weet u zeker dat u niet kunt helpen?" in text
    assert "gaat de oproep weer open" in text
    session.expire_all()
    assert accepted.status == ResponseStatus.ACCEPTED


def test_confirming_withdraws_and_says_the_author_is_told(client, session, accepted):
    log_in(client, accepted.responder)
    reply = client.post(
        f"/berichten/{accepted.id}/intrekken", data={"reason": "Mijn knie doet pijn."}
    )
    assert reply.status_code == 302
    assert reply.headers["Location"] == f"/berichten/{accepted.id}"
    session.expire_all()
    assert accepted.status == ResponseStatus.WITHDRAWN
    assert accepted.posting.status == PostingStatus.PUBLISHED
    page = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert "krijgt daarover een vriendelijk bericht" in page
    assert "Dit gesprek is gesloten" in page


def test_a_too_long_reason_is_refused_and_kept(client, session, pending):
    log_in(client, pending.responder)
    reason = "Het lukt niet. " * 30
    reply = client.post(f"/berichten/{pending.id}/intrekken", data={"reason": reason})
    assert reply.status_code == 422
    text = reply.get_data(as_text=True)
    assert "hoogstens 300 tekens" in text
    assert "Het lukt niet." in text
    session.expire_all()
    assert pending.status == ResponseStatus.PENDING


def test_the_author_cannot_withdraw_for_her_helper(client, session, pending):
    log_in(client, pending.posting.author)
    assert client.get(f"/berichten/{pending.id}/intrekken").status_code == 403
    assert client.post(f"/berichten/{pending.id}/intrekken").status_code == 403
    session.expire_all()
    assert pending.status == ResponseStatus.PENDING


def test_a_stranger_does_not_find_the_withdraw_page(client, session, pending):
    log_in(client, person())
    assert client.get(f"/berichten/{pending.id}/intrekken").status_code == 404
    assert client.post(f"/berichten/{pending.id}/intrekken").status_code == 404
    session.expire_all()
    assert pending.status == ResponseStatus.PENDING


def test_a_visitor_is_sent_to_log_in(client, pending):
    reply = client.post(f"/berichten/{pending.id}/intrekken")
    assert reply.status_code == 302 and "/inloggen" in reply.headers["Location"]


def test_withdrawing_twice_says_it_is_no_longer_possible(client, session, pending):
    log_in(client, pending.responder)
    client.post(f"/berichten/{pending.id}/intrekken", data={"reason": ""})
    reply = client.post(f"/berichten/{pending.id}/intrekken", data={"reason": ""})
    assert reply.status_code == 302
    page = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert "kunt u niet meer intrekken" in page
    assert len(told(session)) == 1
