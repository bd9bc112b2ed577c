"""Blocks ("geen contact meer") and thank-yous in the person's download and in the erasure."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.accounts.blocks import ContactBlock, block_person
from marketplace.my_data.erasure import erase_account
from marketplace.my_data.export import collect_my_data
from marketplace.responses import services
from marketplace.responses.models import ThankYouNote
from marketplace.responses.thanks import send_thanks
from tests.factories import PostingFactory, ResponseFactory, person


@pytest.fixture
def done(session):
    author = person(display_name="Mevrouw Jansen")
    posting = PostingFactory(published=True, author=author)
    response = ResponseFactory(posting=posting, responder=person(display_name="Kees"))
    services.accept_response(session, author, response)
    services.complete_response(session, author, response)
    session.commit()
    return response


def count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_her_download_lists_whom_she_blocked_but_not_who_blocked_her(session, done):
    author, helper = done.posting.author, done.responder
    block_person(session, author, helper.id)
    session.commit()
    assert [row["name"] for row in collect_my_data(session, author)["contact_blocks"]] == ["Kees"]
    assert collect_my_data(session, helper)["contact_blocks"] == []


def test_her_download_has_the_thank_yous_of_her_conversation(session, done):
    send_thanks(session, done.posting.author, done, "Dank je wel!")
    send_thanks(session, done.responder, done, "Graag gedaan.")
    session.commit()
    [conversation] = collect_my_data(session, done.responder)["conversations"]
    assert [(t["from_me"], t["body"]) for t in conversation["thank_yous"]] == [
        (False, "Dank je wel!"),
        (True, "Graag gedaan."),
    ]


@pytest.mark.parametrize("erased", ["blocker", "blocked"])
def test_a_block_goes_with_either_account(session, done, erased):
    block_person(session, done.posting.author, done.responder_id)
    session.commit()
    erase_account(session, done.posting.author if erased == "blocker" else done.responder)
    session.commit()
    assert count(session, ContactBlock) == 0


def test_her_thank_you_goes_with_her_account_and_the_others_stays(session, done):
    send_thanks(session, done.posting.author, done, "Dank je wel!")
    send_thanks(session, done.responder, done, "Graag gedaan.")
    session.commit()
    erase_account(session, done.responder)
    session.commit()
    assert list(session.scalars(select(ThankYouNote.body))) == ["Dank je wel!"]
