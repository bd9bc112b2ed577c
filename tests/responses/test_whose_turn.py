"""The status of an open response says whose turn it is: the one who responded waits for an
answer; the posting's side is to give it (issue 12: the resident saw "Wacht op antwoord")."""

from __future__ import annotations

from tests.conftest import log_in
from tests.factories import PostingFactory, ResponseFactory, person

WAITING = "Wacht op antwoord"
YOUR_TURN = "U bent aan de beurt: geef antwoord"


def _open_response():
    resident = person(display_name="Annie")
    volunteer = person("3012", display_name="Karim", volunteer=True)
    posting = PostingFactory(published=True, author=resident)
    return ResponseFactory(posting=posting, responder=volunteer)


def test_the_resident_sees_it_is_her_turn_in_the_conversation_and_the_inbox(client):
    response = _open_response()
    log_in(client, response.posting.author)
    for path in (f"/berichten/{response.id}", "/berichten/"):
        text = client.get(path).get_data(as_text=True)
        assert YOUR_TURN in text
        assert WAITING not in text


def test_the_volunteer_sees_she_waits_for_an_answer(client):
    response = _open_response()
    log_in(client, response.responder)
    for path in (f"/berichten/{response.id}", "/berichten/"):
        text = client.get(path).get_data(as_text=True)
        assert WAITING in text
        assert YOUR_TURN not in text
