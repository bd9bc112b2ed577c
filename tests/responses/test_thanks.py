"""A thank-you after the help is done: once per side, seen by the other, nobody else."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.accounts.blocks import block_person
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.responses import services
from marketplace.responses.errors import AlreadyThanked, NotAllowed, ThanksNotYet
from marketplace.responses.models import ThankYouNote
from marketplace.responses.thanks import send_thanks
from tests.conftest import log_in
from tests.factories import (
    MembershipFactory,
    PostingFactory,
    ResponseFactory,
    UserFactory,
    person,
)


def notes(session):
    return session.scalar(select(func.count()).select_from(ThankYouNote))


@pytest.fixture
def agreed(session):
    author = person(display_name="Mevrouw Jansen")
    posting = PostingFactory(published=True, author=author, title="Boodschappen op dinsdag")
    response = ResponseFactory(posting=posting, responder=person(display_name="Fatma"))
    services.accept_response(session, author, response)
    session.commit()
    return response


@pytest.fixture
def done(session, agreed):
    services.complete_response(session, agreed.posting.author, agreed)
    session.commit()
    return agreed


# --- the service ------------------------------------------------------------------------------


def test_each_side_thanks_the_other_once_and_is_told(session, done):
    author, helper = done.posting.author, done.responder
    send_thanks(session, author, done, "Dank je wel, Fatma!")
    send_thanks(session, helper, done, "Graag gedaan.")
    session.commit()
    told = session.scalars(
        select(Notification)
        .where(Notification.kind == NotificationKind.THANK_YOU)
        .order_by(Notification.id)
    ).all()
    assert [n.recipient_id for n in told] == [helper.id, author.id]
    assert "Dank je wel, Fatma!" in told[0].body
    assert "Mevrouw Jansen" in told[0].subject
    assert told[0].link_path == f"/berichten/{done.id}"


def test_a_side_thanks_only_once(session, done):
    send_thanks(session, done.responder, done, "Graag gedaan.")
    with pytest.raises(AlreadyThanked):
        send_thanks(session, done.responder, done, "Nog eens bedankt.")
    assert notes(session) == 1


def test_the_staff_of_an_organisation_thank_once_for_their_side(session):
    colleague, other = MembershipFactory(), None
    other = MembershipFactory(organisation=colleague.organisation)
    posting = PostingFactory(
        published=True, organisation=colleague.organisation, author=colleague.user
    )
    response = ResponseFactory(posting=posting, responder=person())
    services.accept_response(session, colleague.user, response)
    services.complete_response(session, colleague.user, response)
    send_thanks(session, colleague.user, response, "Dank namens ons allemaal.")
    with pytest.raises(AlreadyThanked):
        send_thanks(session, other.user, response, "Ook van mij.")


def test_no_thanks_before_the_help_is_done(session, agreed):
    with pytest.raises(ThanksNotYet):
        send_thanks(session, agreed.responder, agreed, "Alvast bedankt.")
    assert notes(session) == 0


def test_nobody_else_thanks_on_their_behalf(session, done):
    for someone in (person(), UserFactory(moderator=True)):
        with pytest.raises(NotAllowed):
            send_thanks(session, someone, done, "Namens haar bedankt.")
    assert notes(session) == 0


def test_no_thanks_across_a_block(session, done):
    block_person(session, done.posting.author, done.responder_id)
    with pytest.raises(NotAllowed):
        send_thanks(session, done.responder, done, "Bedankt.")


def test_the_text_is_kept_within_its_limit(session, done):
    note = send_thanks(session, done.responder, done, "  " + "a" * 800 + "  ")
    assert note.body == "a" * 500


# --- the pages --------------------------------------------------------------------------------


def test_after_done_the_conversation_invites_a_thank_you(client, done):
    page = log_in(client, done.posting.author).get(f"/berichten/{done.id}")
    assert f"/berichten/{done.id}/bedanken" in page.get_data(as_text=True)


def test_before_done_there_is_no_thank_you(client, agreed):
    page = log_in(client, agreed.posting.author).get(f"/berichten/{agreed.id}")
    assert "/bedanken" not in page.get_data(as_text=True)
    reply = client.get(f"/berichten/{agreed.id}/bedanken")
    assert reply.status_code == 302


def test_a_thank_you_is_shown_to_the_other_side_as_plain_text(client, app, session, done):
    log_in(client, done.posting.author)
    reply = client.post(
        f"/berichten/{done.id}/bedanken", data={"body": "Dank je! <script>alert(1)</script>"}
    )
    assert reply.status_code == 302
    helper = log_in(app.test_client(), done.responder)
    page = helper.get(f"/berichten/{done.id}").get_data(as_text=True)
    assert "Dank je! &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "Mevrouw Jansen bedankt u:" in page
    # Her own side sees what she sent, and no second form.
    own = client.get(f"/berichten/{done.id}").get_data(as_text=True)
    assert "Uw bedankje:" in own and f"/berichten/{done.id}/bedanken" not in own


def test_an_empty_thank_you_is_refused_with_a_clear_message(client, session, done):
    log_in(client, done.responder)
    reply = client.post(f"/berichten/{done.id}/bedanken", data={"body": "  "})
    assert reply.status_code == 422
    assert "Schrijf eerst uw bedankje" in reply.get_data(as_text=True)
    assert notes(session) == 0


def test_a_too_long_thank_you_is_refused_and_kept(client, session, done):
    log_in(client, done.responder)
    body = "Heel erg bedankt! " * 40
    reply = client.post(f"/berichten/{done.id}/bedanken", data={"body": body})
    assert reply.status_code == 422
    text = reply.get_data(as_text=True)
    assert "hoogstens 500 tekens" in text and "Heel erg bedankt!" in text
    assert notes(session) == 0


def test_a_stranger_does_not_find_the_thank_you_page(client, session, done):
    log_in(client, person())
    assert client.get(f"/berichten/{done.id}/bedanken").status_code == 404
    assert client.post(f"/berichten/{done.id}/bedanken", data={"body": "Hoi"}).status_code == 404
    assert notes(session) == 0
