""" "Ik wil geen contact meer": blocking a person, what it stops (both ways), the pages, and
that the blocked person is not told."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.accounts.blocks import (
    ContactBlock,
    block_person,
    blocked_pair,
    blocks_of,
    unblock_person,
)
from marketplace.accounts.errors import CannotBlock
from marketplace.matching.models import MatchSuggestion
from marketplace.notifications.models import Notification
from marketplace.responses import services
from marketplace.responses.errors import ConversationClosed, NotAvailable
from tests.conftest import log_in
from tests.factories import (
    MatchSuggestionFactory,
    PostingFactory,
    ResponseFactory,
    UserFactory,
    person,
)


def blocks(session):
    return session.scalar(select(func.count()).select_from(ContactBlock))


@pytest.fixture
def met(session):
    """Mevrouw Jansen asked for help, Kees responded: they met through a posting."""
    author = person(display_name="Mevrouw Jansen", phone="010 111 2222")
    posting = PostingFactory(published=True, author=author, title="Boodschappen op dinsdag")
    response = ResponseFactory(posting=posting, responder=person(display_name="Kees"))
    session.commit()
    return response


# --- the service ------------------------------------------------------------------------------


def test_she_blocks_someone_she_met_through_a_posting(session, met):
    author, helper = met.posting.author, met.responder
    block_person(session, author, helper.id)
    session.commit()
    assert blocked_pair(session, author.id, helper.id)
    assert blocked_pair(session, helper.id, author.id)  # works both ways
    assert [b.name for b in blocks_of(session, author)] == ["Kees"]
    assert blocks_of(session, helper) == []  # only she sees it


def test_the_blocked_person_is_not_told(session, met):
    before = session.scalar(select(func.count()).select_from(Notification))
    block_person(session, met.posting.author, met.responder_id)
    assert session.scalar(select(func.count()).select_from(Notification)) == before


def test_blocking_twice_keeps_one_block(session, met):
    block_person(session, met.posting.author, met.responder_id)
    block_person(session, met.posting.author, met.responder_id)
    assert blocks(session) == 1


@pytest.mark.parametrize("who", ["stranger", "herself", "unknown"])
def test_nobody_blocks_a_stranger_herself_or_an_unknown_number(session, met, who):
    author = met.posting.author
    user_id = {"stranger": person().id, "herself": author.id, "unknown": 10**20}[who]
    with pytest.raises(CannotBlock):
        block_person(session, author, user_id)
    assert blocks(session) == 0


def test_only_the_one_who_blocked_can_lift_it(session, met):
    author, helper = met.posting.author, met.responder
    block_person(session, author, helper.id)
    assert unblock_person(session, helper, author.id) is False
    assert blocked_pair(session, author.id, helper.id)
    assert unblock_person(session, author, helper.id) is True
    assert not blocked_pair(session, author.id, helper.id)


def test_the_blocked_person_cannot_respond_to_her_postings(session, met):
    author, helper = met.posting.author, met.responder
    block_person(session, author, helper.id)
    new_posting = PostingFactory(published=True, author=author)
    with pytest.raises(NotAvailable) as refused:
        services.respond_to_posting(session, new_posting, helper, "Ik help weer.")
    assert "geblokkeerd" not in str(refused.value.message)  # said as for a closed posting


def test_she_cannot_respond_to_the_blocked_persons_postings_either(session, met):
    author, helper = met.posting.author, met.responder
    block_person(session, author, helper.id)
    his_offer = PostingFactory(published=True, author=helper, kind="offer")
    with pytest.raises(NotAvailable):
        services.respond_to_posting(session, his_offer, author, "Graag.")


def test_neither_can_write_in_their_conversation(session, met):
    author, helper = met.posting.author, met.responder
    block_person(session, author, helper.id)
    for sender in (helper, author):
        with pytest.raises(ConversationClosed):
            services.send_message(session, sender, met, "Hallo?")


def test_a_blocked_response_cannot_be_accepted(session, met):
    block_person(session, met.posting.author, met.responder_id)
    with pytest.raises(ConversationClosed):
        services.accept_response(session, met.posting.author, met)


def test_contact_details_are_hidden_after_a_block(session, met):
    services.accept_response(session, met.posting.author, met)
    block_person(session, met.posting.author, met.responder_id)
    view = services.open_conversation(session, met.responder, met)
    assert view.contact is None and view.blocked and not view.can_write


def test_blocking_removes_their_suggestions_to_each_other(session, met):
    author, helper = met.posting.author, met.responder
    to_helper = MatchSuggestionFactory(posting=met.posting, user=helper)
    his_offer = PostingFactory(published=True, author=helper, kind="offer")
    to_her = MatchSuggestionFactory(posting=his_offer, user=author)
    someone_else = MatchSuggestionFactory(posting=met.posting, user=person())
    session.commit()
    ids = (to_helper.id, to_her.id, someone_else.id)
    block_person(session, author, helper.id)
    session.commit()
    left = set(session.scalars(select(MatchSuggestion.id).where(MatchSuggestion.id.in_(ids))))
    assert left == {someone_else.id}


# --- the pages --------------------------------------------------------------------------------


def test_the_conversation_offers_to_stop_contact(client, met):
    page = log_in(client, met.posting.author).get(f"/berichten/{met.id}")
    text = page.get_data(as_text=True)
    assert f"/profiel/{met.responder_id}/geen-contact" in text
    assert "Ik wil geen contact meer met Kees" in text


def test_the_profile_offers_to_stop_contact(client, met):
    page = log_in(client, met.responder).get(f"/profiel/{met.posting.author_id}")
    assert f"/profiel/{met.posting.author_id}/geen-contact" in page.get_data(as_text=True)


def test_blocking_asks_first_and_says_the_other_is_not_told(client, session, met):
    page = log_in(client, met.posting.author).get(f"/profiel/{met.responder_id}/geen-contact")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Wilt u geen contact meer met Kees?" in text
    assert "Kees krijgt hierover geen bericht." in text
    assert blocks(session) == 0


def test_confirming_blocks_and_shows_the_list(client, session, met):
    log_in(client, met.posting.author)
    reply = client.post(f"/profiel/{met.responder_id}/geen-contact")
    assert reply.status_code == 302 and reply.headers["Location"] == "/account/geen-contact"
    page = client.get("/account/geen-contact").get_data(as_text=True)
    assert "U heeft geen contact meer met Kees." in page
    assert "Weer contact toestaan" in page
    assert blocks(session) == 1


def test_the_blocked_person_is_told_only_that_the_conversation_is_closed(client, app, met):
    author_client = log_in(client, met.posting.author)
    author_client.post(f"/profiel/{met.responder_id}/geen-contact")
    helper = log_in(app.test_client(), met.responder)
    page = helper.get(f"/berichten/{met.id}").get_data(as_text=True)
    assert "Dit gesprek is gesloten." in page
    assert "geblokkeerd" not in page.lower()
    reply = helper.post(f"/berichten/{met.id}", data={"body": "Hallo?"})
    assert reply.status_code == 302
    new_posting = PostingFactory(published=True, author=met.posting.author)
    reply = helper.post(f"/oproepen/{new_posting.id}/reageren", data={"message": "Ik help!"})
    assert reply.status_code == 302
    page = helper.get(reply.headers["Location"]).get_data(as_text=True)
    assert "Op deze oproep kunt u niet reageren." in page


def test_unblocking_from_the_list_allows_contact_again(client, session, met):
    log_in(client, met.posting.author)
    client.post(f"/profiel/{met.responder_id}/geen-contact")
    reply = client.post(f"/account/geen-contact/{met.responder_id}/opheffen")
    assert reply.status_code == 302
    assert blocks(session) == 0
    page = client.get("/account/geen-contact").get_data(as_text=True)
    assert "U heeft niemand op deze lijst gezet." in page


def test_the_blocked_person_cannot_lift_the_block(client, app, session, met):
    log_in(client, met.posting.author).post(f"/profiel/{met.responder_id}/geen-contact")
    helper = log_in(app.test_client(), met.responder)
    helper.post(f"/account/geen-contact/{met.posting.author_id}/opheffen")
    assert blocks(session) == 1


def test_a_stranger_cannot_block_or_even_find_the_page(client, session, met):
    log_in(client, person())
    assert client.get(f"/profiel/{met.responder_id}/geen-contact").status_code == 404
    assert client.post(f"/profiel/{met.responder_id}/geen-contact").status_code == 404
    assert blocks(session) == 0


def test_a_visitor_is_sent_to_log_in(client, met):
    for path in (f"/profiel/{met.responder_id}/geen-contact", "/account/geen-contact"):
        reply = client.get(path)
        assert reply.status_code == 302 and "/inloggen" in reply.headers["Location"]


def test_the_list_shows_only_her_own_blocks(client, session, met):
    block_person(session, met.posting.author, met.responder_id)
    session.commit()
    page = log_in(client, UserFactory()).get("/account/geen-contact").get_data(as_text=True)
    assert "Kees" not in page
