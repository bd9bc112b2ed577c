"""A burst of messages in one conversation is one e-mail; the messages are all in the app."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.notifications.models import Notification, NotificationKind
from marketplace.responses import services
from tests.conftest import log_in
from tests.factories import PostingFactory, ResponseFactory, person


def _conversation():
    author = person(display_name="Mevrouw Jansen")
    helper = person(display_name="Piet")
    posting = PostingFactory(published=True, author=author, title="Boodschappen op dinsdag")
    return ResponseFactory(posting=posting, responder=helper)


def _message_notifications(session, recipient):
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.recipient_id == recipient.id)
            .where(Notification.kind == NotificationKind.NEW_MESSAGE)
        )
    )


def test_twenty_five_messages_make_one_e_mail_that_says_there_are_new_messages(session):
    response = _conversation()
    for n in range(25):
        services.send_message(session, response.responder, response, f"Bericht nummer {n}")
    session.commit()
    [notification] = _message_notifications(session, response.posting.author)
    assert notification.send_email is True
    assert notification.subject == "U heeft nieuwe berichten van Piet"
    assert "25 berichten" in notification.body


def test_the_recipient_still_sees_every_message_and_the_notification_in_the_app(client, session):
    response = _conversation()
    for n in range(25):
        services.send_message(session, response.responder, response, f"Bericht nummer {n}")
    session.commit()
    log_in(client, response.posting.author)
    page = client.get(f"/berichten/{response.id}").text
    assert all(f"Bericht nummer {n}<" in page or f"Bericht nummer {n}\n" in page for n in range(25))
    assert "U heeft nieuwe berichten van Piet" in client.get("/meldingen/").text


def test_after_reading_the_conversation_a_new_message_is_mailed_again(session):
    response = _conversation()
    author = response.posting.author
    services.send_message(session, response.responder, response, "Eerste")
    services.send_message(session, response.responder, response, "Tweede")
    services.mark_conversation_read(session, author, response)
    services.send_message(session, response.responder, response, "Derde, later")
    session.commit()
    assert len(_message_notifications(session, author)) == 2


def test_a_message_long_after_the_last_e_mail_is_mailed_again(session):
    response = _conversation()
    author = response.posting.author
    services.send_message(session, response.responder, response, "Eerste")
    [first] = _message_notifications(session, author)
    first.created_at = first.created_at - services.MESSAGE_BURST - timedelta(minutes=1)
    session.flush()
    services.send_message(session, response.responder, response, "Twee uur later")
    session.commit()
    assert len(_message_notifications(session, author)) == 2


def test_each_side_gets_its_own_e_mail(session):
    response = _conversation()
    services.send_message(session, response.responder, response, "Hallo mevrouw")
    services.send_message(session, response.posting.author, response, "Hallo Piet")
    services.send_message(session, response.responder, response, "Tot dinsdag")
    session.commit()
    assert len(_message_notifications(session, response.posting.author)) == 1
    assert len(_message_notifications(session, response.responder)) == 1
