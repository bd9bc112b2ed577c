"""Request tests of every responses route, as each person who might try it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.notifications.models import Notification, NotificationKind
from marketplace.postings.models import PostingStatus
from marketplace.responses.models import Message, Response, ResponseStatus
from marketplace.responses.services import accept_response
from tests.conftest import log_in
from tests.factories import (
    MembershipFactory,
    MessageFactory,
    PostingFactory,
    ResponseFactory,
    UserFactory,
    person,
)

HINT = "Vertel kort wie u bent en wanneer u kunt."
NOT_YET = "U ziet elkaars telefoonnummer en e-mailadres zodra de hulp is afgesproken."


def flashes(client):
    with client.session_transaction() as flask_session:
        return [message for _, message in flask_session.get("_flashes", [])]


def count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def conversation_between(author_phone="010 111 2222", responder_phone="06 3333 4444", **kw):
    author = person(phone=author_phone)
    responder = person(phone=responder_phone)
    posting = PostingFactory(published=True, author=author, **kw)
    return ResponseFactory(posting=posting, responder=responder)


# --- /oproepen/<id>/reageren ------------------------------------------------------------------


def test_visitor_is_sent_to_log_in_before_responding(client):
    posting = PostingFactory(published=True)
    response = client.get(f"/oproepen/{posting.id}/reageren")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_respond_page_shows_the_posting_and_the_hint(client):
    posting = PostingFactory(published=True, title="Boodschappen op dinsdag")
    page = log_in(client, person()).get(f"/oproepen/{posting.id}/reageren")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Boodschappen op dinsdag" in text
    assert HINT in text


def test_responding_opens_the_conversation_and_tells_the_author(client, session):
    posting = PostingFactory(published=True, author=person())
    log_in(client, person())
    reply = client.post(f"/oproepen/{posting.id}/reageren", data={"message": "Ik kan dinsdag."})
    response = session.scalar(select(Response))
    assert reply.status_code == 302
    assert reply.headers["Location"] == f"/berichten/{response.id}"
    notification = session.scalar(select(Notification))
    assert notification.kind == NotificationKind.NEW_RESPONSE
    assert notification.recipient_id == posting.author_id


def test_an_empty_response_is_refused_with_a_clear_message(client, session):
    posting = PostingFactory(published=True)
    reply = log_in(client, person()).post(
        f"/oproepen/{posting.id}/reageren", data={"message": "   "}
    )
    assert reply.status_code == 422
    assert "Schrijf een kort bericht" in reply.get_data(as_text=True)
    assert count(session, Response) == 0


def test_a_too_long_response_is_refused_and_the_text_is_kept(client, session):
    posting = PostingFactory(published=True)
    text = "Hallo buurman! " + "x" * 2000
    reply = log_in(client, person()).post(
        f"/oproepen/{posting.id}/reageren", data={"message": text}
    )
    assert reply.status_code == 422
    page = reply.get_data(as_text=True)
    assert "hoogstens 2000 tekens" in page
    assert text in page
    assert count(session, Response) == 0


def test_author_responding_to_own_posting_is_sent_back_with_an_explanation(client, session):
    author = person()
    posting = PostingFactory(published=True, author=author)
    reply = log_in(client, author).post(f"/oproepen/{posting.id}/reageren", data={"message": "Hoi"})
    assert reply.status_code == 302
    assert reply.headers["Location"] == f"/oproepen/{posting.id}"
    assert "Dit is uw eigen oproep. U kunt hier zelf niet op reageren." in flashes(client)
    assert count(session, Response) == 0


def test_responding_again_leads_to_the_existing_conversation(client, session):
    earlier = ResponseFactory(responder=person())
    log_in(client, earlier.responder)
    reply = client.post(f"/oproepen/{earlier.posting_id}/reageren", data={"message": "Nog eens"})
    assert reply.headers["Location"] == f"/berichten/{earlier.id}"
    assert any("al gereageerd" in message for message in flashes(client))
    assert count(session, Response) == 1


def test_the_respond_page_itself_leads_to_the_existing_conversation(client):
    earlier = ResponseFactory(responder=person())
    reply = log_in(client, earlier.responder).get(f"/oproepen/{earlier.posting_id}/reageren")
    assert reply.headers["Location"] == f"/berichten/{earlier.id}"


@pytest.mark.parametrize(
    "traits",
    [{}, {"rejected": True}, {"published": True, "is_hidden": True}],
    ids=["pending", "rejected", "hidden"],
)
def test_responding_to_a_posting_that_is_not_public_is_not_found(client, traits):
    posting = PostingFactory(**traits)
    log_in(client, person())
    assert client.get(f"/oproepen/{posting.id}/reageren").status_code == 404
    assert (
        client.post(f"/oproepen/{posting.id}/reageren", data={"message": "Hoi"}).status_code == 404
    )


def test_responding_to_a_request_that_has_its_helper_explains_why_not(client, session):
    posting = PostingFactory(matched=True)
    reply = log_in(client, person()).post(
        f"/oproepen/{posting.id}/reageren", data={"message": "Hoi"}
    )
    assert reply.headers["Location"] == f"/oproepen/{posting.id}"
    assert any("niet meer reageren" in message for message in flashes(client))
    assert count(session, Response) == 0


def test_responding_to_an_unknown_posting_is_not_found(client):
    assert log_in(client, person()).get("/oproepen/999999/reageren").status_code == 404


def test_unconfirmed_user_is_asked_to_confirm_before_responding(client, session):
    posting = PostingFactory(published=True)
    user = person(user=UserFactory(unconfirmed=True))
    reply = log_in(client, user).post(f"/oproepen/{posting.id}/reageren", data={"message": "Hoi"})
    assert reply.status_code == 302
    assert "/bevestigen" in reply.headers["Location"]
    assert count(session, Response) == 0


def test_a_moderator_responds_like_anyone_else(client, session):
    posting = PostingFactory(published=True)
    moderator = person(user=UserFactory(moderator=True))
    log_in(client, moderator).post(f"/oproepen/{posting.id}/reageren", data={"message": "Ik help"})
    assert session.scalar(select(Response.responder_id)) == moderator.id


def test_an_organisations_vacancy_takes_applications(client, session):
    staff = MembershipFactory(user=person())
    posting = PostingFactory(
        published=True, kind="vacancy", organisation=staff.organisation, author=staff.user
    )
    page = log_in(client, person()).get(f"/oproepen/{posting.id}/reageren")
    assert "Aanmelden voor dit vrijwilligerswerk" in page.get_data(as_text=True)
    client.post(f"/oproepen/{posting.id}/reageren", data={"message": "Ik doe graag mee"})
    assert session.scalar(select(Notification.recipient_id)) == staff.user_id


# --- /berichten/ ----------------------------------------------------------------------------


def test_visitor_is_sent_to_log_in_for_the_inbox(client):
    assert "/inloggen" in client.get("/berichten/").headers["Location"]


def test_inbox_lists_the_conversation_for_the_responder_with_unread_count(client):
    response = conversation_between(title="Hulp bij de tuin")
    MessageFactory(response=response, sender=response.posting.author)
    page = log_in(client, response.responder).get("/berichten/").get_data(as_text=True)
    assert "Hulp bij de tuin" in page
    assert response.posting.author.display_name in page
    assert "1 nieuw bericht" in page


def test_inbox_lists_the_conversation_for_the_author_with_unread_count(client):
    response = conversation_between(title="Hulp bij de tuin")
    MessageFactory(response=response)
    MessageFactory(response=response)
    page = log_in(client, response.posting.author).get("/berichten/").get_data(as_text=True)
    assert "Hulp bij de tuin" in page
    assert response.responder.display_name in page
    assert "2 nieuwe berichten" in page


def test_inbox_of_someone_else_shows_none_of_their_conversations(client):
    conversation_between(title="Hulp bij de tuin")
    page = log_in(client, person()).get("/berichten/").get_data(as_text=True)
    assert "Hulp bij de tuin" not in page
    assert "U heeft nog geen gesprekken" in page


def test_inbox_is_paginated(client, app):
    user = person()
    for _ in range(app.config["PAGE_SIZE"] + 1):
        ResponseFactory(responder=user)
    page = log_in(client, user).get("/berichten/").get_data(as_text=True)
    assert "Pagina 1 van 2" in page
    assert client.get("/berichten/?page=2").status_code == 200


@pytest.mark.parametrize("value", ["abc", "-3", "0", "99999999999999999999999"])
def test_inbox_ignores_a_bad_page_number(client, value):
    assert log_in(client, person()).get(f"/berichten/?page={value}").status_code == 200


# --- /berichten/<id> ------------------------------------------------------------------------


@pytest.mark.parametrize("side", ["author", "responder"])
def test_author_and_responder_both_see_the_conversation(client, side):
    response = conversation_between()
    MessageFactory(response=response, body="Hoe laat zal ik komen?")
    viewer = response.posting.author if side == "author" else response.responder
    page = log_in(client, viewer).get(f"/berichten/{response.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert response.message in text
    assert "Hoe laat zal ik komen?" in text


def test_organisation_staff_see_their_vacancys_conversations(client):
    author = MembershipFactory(user=person())
    colleague = MembershipFactory(organisation=author.organisation, user=person())
    posting = PostingFactory(
        published=True, kind="vacancy", organisation=author.organisation, author=author.user
    )
    response = ResponseFactory(posting=posting)
    assert log_in(client, colleague.user).get(f"/berichten/{response.id}").status_code == 200


@pytest.mark.parametrize("who", ["stranger", "moderator", "admin"])
def test_anyone_else_gets_not_found_for_a_conversation(client, who):
    response = conversation_between()
    user = {
        "stranger": lambda: person(),
        "moderator": lambda: UserFactory(moderator=True),
        "admin": lambda: UserFactory(admin=True),
    }[who]()
    log_in(client, user)
    assert client.get(f"/berichten/{response.id}").status_code == 404
    assert client.post(f"/berichten/{response.id}", data={"body": "Hoi"}).status_code == 404


def test_visitor_is_sent_to_log_in_for_a_conversation(client):
    response = conversation_between()
    assert "/inloggen" in client.get(f"/berichten/{response.id}").headers["Location"]


def test_an_unknown_conversation_is_not_found(client):
    assert log_in(client, person()).get("/berichten/424242").status_code == 404


def sides(response, side):
    """(viewer, the other side) of a conversation."""
    author, responder = response.posting.author, response.responder
    return (author, responder) if side == "author" else (responder, author)


@pytest.mark.parametrize("side", ["author", "responder"])
def test_contact_details_are_hidden_before_acceptance(client, side):
    response = conversation_between()
    viewer, other = sides(response, side)
    page = log_in(client, viewer).get(f"/berichten/{response.id}").get_data(as_text=True)
    assert NOT_YET in page
    assert other.email not in page
    assert other.profile.phone not in page


@pytest.mark.parametrize("side", ["author", "responder"])
def test_contact_details_are_shown_after_acceptance(client, session, side):
    response = conversation_between()
    accept_response(session, response.posting.author, response)
    session.commit()
    viewer, other = sides(response, side)
    page = log_in(client, viewer).get(f"/berichten/{response.id}").get_data(as_text=True)
    assert NOT_YET not in page
    assert other.email in page
    assert other.profile.phone in page


def test_sending_a_message_adds_it_and_tells_the_other_side(client, session):
    response = conversation_between()
    log_in(client, response.responder)
    reply = client.post(f"/berichten/{response.id}", data={"body": "Ik kom om tien uur."})
    assert reply.status_code == 302
    assert session.scalar(select(Message.body)) == "Ik kom om tien uur."
    notification = session.scalar(select(Notification))
    assert notification.kind == NotificationKind.NEW_MESSAGE
    assert notification.recipient_id == response.posting.author_id
    page = client.get(f"/berichten/{response.id}").get_data(as_text=True)
    assert "Ik kom om tien uur." in page


def test_a_too_long_message_is_refused_and_the_text_is_kept(client, session):
    response = conversation_between()
    text = "Beste buur, " + "y" * 2000
    reply = log_in(client, response.responder).post(
        f"/berichten/{response.id}", data={"body": text}
    )
    assert reply.status_code == 422
    page = reply.get_data(as_text=True)
    assert "hoogstens 2000 tekens" in page
    assert text in page
    assert count(session, Message) == 0


def test_an_empty_message_is_refused(client, session):
    response = conversation_between()
    reply = log_in(client, response.responder).post(f"/berichten/{response.id}", data={"body": ""})
    assert reply.status_code == 422
    assert "Schrijf eerst uw bericht." in reply.get_data(as_text=True)


def test_opening_the_conversation_marks_the_other_sides_messages_read(client, session):
    response = conversation_between()
    message = MessageFactory(response=response)
    log_in(client, response.posting.author).get(f"/berichten/{response.id}")
    session.expire_all()
    assert session.get(Message, message.id).read_at is not None


def test_the_sender_opening_the_conversation_leaves_their_message_unread(client, session):
    response = conversation_between()
    message = MessageFactory(response=response)
    log_in(client, response.responder).get(f"/berichten/{response.id}")
    session.expire_all()
    assert session.get(Message, message.id).read_at is None


def test_each_message_can_be_reported(client):
    response = conversation_between()
    message = MessageFactory(response=response)
    page = log_in(client, response.posting.author).get(f"/berichten/{response.id}")
    assert f"/melden/bericht/{message.id}" in page.get_data(as_text=True)
    assert "Klacht over dit bericht" in page.get_data(as_text=True)


def test_a_declined_conversation_takes_no_new_messages(client, session):
    response = conversation_between()
    response.status = ResponseStatus.DECLINED
    session.commit()
    log_in(client, response.responder)
    assert "Dit gesprek is gesloten" in client.get(f"/berichten/{response.id}").get_data(
        as_text=True
    )
    client.post(f"/berichten/{response.id}", data={"body": "Waarom?"})
    assert count(session, Message) == 0


# --- accept, decline, complete --------------------------------------------------------------


def test_author_accepts_a_response(client, session):
    response = conversation_between()
    reply = log_in(client, response.posting.author).post(f"/berichten/{response.id}/accepteren")
    assert reply.headers["Location"] == f"/berichten/{response.id}"
    session.expire_all()
    assert response.status == ResponseStatus.ACCEPTED
    assert response.posting.status == PostingStatus.MATCHED
    notification = session.scalar(select(Notification))
    assert notification.kind == NotificationKind.RESPONSE_ACCEPTED
    assert notification.recipient_id == response.responder_id


def test_author_declines_a_response(client, session):
    response = conversation_between()
    log_in(client, response.posting.author).post(f"/berichten/{response.id}/afwijzen")
    session.expire_all()
    assert response.status == ResponseStatus.DECLINED
    notification = session.scalar(select(Notification))
    assert notification.kind == NotificationKind.RESPONSE_DECLINED
    assert notification.recipient_id == response.responder_id


@pytest.mark.parametrize("action", ["accepteren", "afwijzen"])
def test_responder_may_not_decide_on_their_own_response(client, session, action):
    response = conversation_between()
    reply = log_in(client, response.responder).post(f"/berichten/{response.id}/{action}")
    assert reply.status_code == 403
    session.expire_all()
    assert response.status == ResponseStatus.PENDING


@pytest.mark.parametrize("action", ["accepteren", "afwijzen", "klaar"])
@pytest.mark.parametrize("who", ["stranger", "moderator"])
def test_others_get_not_found_for_decisions(client, session, action, who):
    response = conversation_between()
    user = person() if who == "stranger" else UserFactory(moderator=True)
    assert log_in(client, user).post(f"/berichten/{response.id}/{action}").status_code == 404
    session.expire_all()
    assert response.status == ResponseStatus.PENDING


@pytest.mark.parametrize("action", ["accepteren", "afwijzen", "klaar"])
def test_visitor_is_sent_to_log_in_for_decisions(client, action):
    response = conversation_between()
    assert "/inloggen" in client.post(f"/berichten/{response.id}/{action}").headers["Location"]


@pytest.mark.parametrize("action", ["accepteren", "afwijzen", "klaar"])
def test_decisions_only_take_post(client, action):
    response = conversation_between()
    reply = log_in(client, response.posting.author).get(f"/berichten/{response.id}/{action}")
    assert reply.status_code == 405


def test_accepting_twice_explains_it_was_already_decided(client, session):
    response = conversation_between(offer=True)
    log_in(client, response.posting.author)
    client.post(f"/berichten/{response.id}/accepteren")
    reply = client.post(f"/berichten/{response.id}/accepteren")
    assert reply.status_code == 302
    assert any("al besloten" in message for message in flashes(client))
    assert session.scalar(select(func.count()).select_from(Notification)) == 1


@pytest.mark.parametrize("side", ["author", "responder"])
def test_either_side_marks_agreed_help_done_and_the_request_closes(client, session, side):
    response = conversation_between()
    accept_response(session, response.posting.author, response)
    session.commit()
    viewer, _ = sides(response, side)
    log_in(client, viewer).post(f"/berichten/{response.id}/klaar")
    session.expire_all()
    assert response.completed_at is not None
    assert response.posting.status == PostingStatus.CLOSED


def test_help_that_was_not_agreed_cannot_be_marked_done(client, session):
    response = conversation_between()
    log_in(client, response.responder).post(f"/berichten/{response.id}/klaar")
    assert any("pas als de hulp is afgesproken" in message for message in flashes(client))
    session.expire_all()
    assert response.completed_at is None


def test_decision_forms_need_a_csrf_token(client, session, csrf_enabled):
    response = conversation_between()
    reply = log_in(client, response.posting.author).post(f"/berichten/{response.id}/accepteren")
    assert reply.status_code == 400
    session.expire_all()
    assert response.status == ResponseStatus.PENDING
