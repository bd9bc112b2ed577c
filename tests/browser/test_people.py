"""What people expect and find, in the browser on a phone: a helper withdraws her "Ik help"
(after a confirmation that a mis-click cannot pass), the two thank each other after the help,
and a resident stops contact with someone and allows it again from her profile."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.blocks import ContactBlock
from marketplace.extensions import db
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.postings.models import PostingStatus
from marketplace.responses.models import Response, ResponseStatus
from tests.browser.helpers import click_to, overflow_problem, page_problems, submit_main_form

pytestmark = pytest.mark.workflow  # also run on PostgreSQL in CI (.ci/run)


def test_the_helper_withdraws_after_a_second_look_and_the_request_opens_again(visit, world):
    page = visit("volunteer", width=360)
    page.goto(f"/berichten/{world.conversation.id}")
    withdraw = f"main a[href='/berichten/{world.conversation.id}/intrekken']"
    assert click_to(page, withdraw) == 200
    assert "Weet u zeker dat u niet kunt helpen?" in page.inner_text("main")
    assert page_problems(page, "nl", "intrekken") == []
    assert overflow_problem(page, "intrekken") == []

    assert click_to(page, "main a.secondary") == 200  # "Nee": nothing happened
    db.session.expire_all()
    assert db.session.get(Response, world.conversation.id).status == ResponseStatus.ACCEPTED

    assert click_to(page, withdraw) == 200
    page.fill("[name=reason]", "Ik ben geopereerd aan mijn knie.")
    assert submit_main_form(page) == 200
    assert "krijgt daarover een vriendelijk bericht" in page.inner_text("main")
    db.session.expire_all()
    response = db.session.get(Response, world.conversation.id)
    assert response.status == ResponseStatus.WITHDRAWN
    assert response.posting.status == PostingStatus.PUBLISHED
    told = db.session.scalar(
        select(Notification).where(Notification.kind == NotificationKind.RESPONSE_WITHDRAWN)
    )
    assert told.recipient_id == world.users["resident"].id
    assert "Ik ben geopereerd aan mijn knie." in told.body


def test_after_the_help_each_thanks_the_other(visit, world):
    resident = visit("resident", width=360)
    resident.goto(f"/berichten/{world.done.id}")
    assert click_to(resident, f"main a[href='/berichten/{world.done.id}/bedanken']") == 200
    assert submit_main_form(resident) == 422  # empty: a clear message, nothing sent
    assert "Schrijf eerst uw bedankje" in resident.inner_text("main")
    resident.fill("[name=body]", "Dank je wel Karim, de lamp brandt!")
    assert submit_main_form(resident) == 200
    assert "Uw bedankje is verstuurd." in resident.inner_text("main")

    helper = visit("volunteer", width=360)
    helper.goto(f"/berichten/{world.done.id}")
    main = helper.inner_text("main")
    assert "Annie de Vries bedankt u:" in main and "de lamp brandt!" in main
    assert overflow_problem(helper, "bedankjes") == []


def test_she_stops_contact_and_allows_it_again(visit, world):
    volunteer_id = world.users["volunteer"].id
    page = visit("resident", width=360)
    page.goto(f"/berichten/{world.conversation.id}")
    assert click_to(page, f"main a[href='/profiel/{volunteer_id}/geen-contact']") == 200
    assert "Karim Bouzid krijgt hierover geen bericht." in page.inner_text("main")
    assert page_problems(page, "nl", "geen contact") == []
    assert submit_main_form(page) == 200
    assert "U heeft geen contact meer met Karim Bouzid." in page.inner_text("main")

    helper = visit("volunteer", width=360)
    helper.goto(f"/berichten/{world.conversation.id}")
    main = helper.inner_text("main")
    assert "Dit gesprek is gesloten" in main and "geblokkeerd" not in main.lower()

    page.goto("/profiel/")
    assert click_to(page, "main a[href='/account/geen-contact']") == 200
    assert submit_main_form(page) == 200
    assert "U kunt weer contact hebben met deze persoon." in page.inner_text("main")
    assert db.session.scalar(select(ContactBlock)) is None
