"""The privacy guard on the response and message forms: warn first, send when confirmed."""

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.responses.models import Message, Response
from tests.conftest import log_in
from tests.factories import PostingFactory, ResponseFactory, person


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_response_with_an_address_gets_a_warning_and_is_not_sent(client):
    posting = PostingFactory(published=True)
    log_in(client, person())
    response = client.post(
        f"/oproepen/{posting.id}/reageren", data={"message": "Kom langs op de Kerkstraat 12"}
    )
    assert response.status_code == 422
    assert "iets dat lijkt op een adres" in response.text
    assert "Kom langs op de Kerkstraat 12" in response.text
    assert count(Response) == 0


def test_a_response_is_sent_when_the_writer_says_send_it_anyway(client):
    posting = PostingFactory(published=True)
    log_in(client, person())
    response = client.post(
        f"/oproepen/{posting.id}/reageren",
        data={"message": "Kom langs op de Kerkstraat 12", "privacy_ok": "y"},
    )
    assert response.status_code == 302
    assert count(Response) == 1


def test_a_plain_response_goes_straight_through(client):
    posting = PostingFactory(published=True)
    log_in(client, person())
    response = client.post(
        f"/oproepen/{posting.id}/reageren", data={"message": "Ik kan dinsdag helpen."}
    )
    assert response.status_code == 302
    assert count(Response) == 1


def test_a_message_with_health_details_gets_a_warning_first(client):
    answer = ResponseFactory()
    log_in(client, answer.responder)
    response = client.post(f"/berichten/{answer.id}", data={"body": "Mijn vader heeft dementie."})
    assert response.status_code == 422
    assert "iets over ziekte of gezondheid" in response.text
    assert count(Message) == 0


def test_a_message_is_sent_after_the_warning_when_confirmed(client):
    answer = ResponseFactory()
    log_in(client, answer.responder)
    response = client.post(
        f"/berichten/{answer.id}", data={"body": "Mijn vader heeft dementie.", "privacy_ok": "y"}
    )
    assert response.status_code == 302
    assert count(Message) == 1
