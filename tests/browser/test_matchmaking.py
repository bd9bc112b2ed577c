"""Matchmakers in the browser: a welfare worker on a 360 px phone picks a request nobody
answered from "Hulp gezocht", sees three candidates with their reasons, invites one who
says yes in one click, and logs her calls; in Dutch and in English, axe clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from marketplace.escalation.models import Escalation, EscalationStep
from marketplace.extensions import db
from marketplace.matchmaking.models import CaseNote, InvitationStatus, MatchmakerInvitation
from marketplace.responses.models import Response
from marketplace.timestamps import utcnow
from tests.browser.conftest import World
from tests.browser.helpers import click_to, overflow_problem, page_problems
from tests.factories import PostingFactory, person

pytestmark = pytest.mark.workflow  # also run on PostgreSQL in CI (.ci/run)

WORDS = {
    "nl": {
        "why": "Waarom deze persoon?",
        "ask": "Vraag Karim Bouzid",
        "asked": "Gevraagd.",
        "yes": "Ja, ik pak het op",
        "said_yes": "Zei ja",
        "save": "Opslaan in het logboek",
        "saved": "Opgeslagen in het logboek.",
        "link": "Kandidaten en logboek",
    },
    "en": {
        "why": "Why this person?",
        "ask": "Ask Karim Bouzid",
        "asked": "Asked.",
        "yes": "Yes, I will take it on",
        "said_yes": "Said yes",
        "save": "Save in the case log",
        "saved": "Saved in the case log.",
        "link": "Candidates and case log",
    },
}


def _check(page: Page, problems: list[str], lang: str) -> None:
    where = page.url.split("/", 3)[-1]
    problems.extend(page_problems(page, lang, where) + overflow_problem(page, where))


def _unanswered_request(world: World, title: str):
    world.organisation.neighbourhoods = "Stadsdriehoek"
    posting = PostingFactory(published=True, author=person(display_name="Greet"), title=title)
    for name in ("Fatima Yilmaz", "Joost de Wit"):  # and Karim, the world's volunteer
        person(postcode="3011", display_name=name, volunteer=True)
    db.session.add(
        Escalation(
            posting_id=posting.id,
            published_at=posting.published_at,
            step=EscalationStep.LISTED,
            listed_at=utcnow(),
        )
    )
    db.session.commit()
    return posting


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_welfare_worker_invites_a_volunteer_who_says_yes_and_logs_her_calls(
    visit, world: World, lang: str
):
    words = WORDS[lang]
    problems: list[str] = []
    posting = _unanswered_request(world, "Wie haalt mijn medicijnen op?")

    worker = visit("staff", lang, width=360)
    worker.goto("/hulp-gezocht/")
    _check(worker, problems, lang)
    assert click_to(worker, f"a:has-text('{words['link']}')") == 200
    _check(worker, problems, lang)
    assert worker.locator(".candidate").count() == 3
    assert words["why"] in worker.content()
    assert worker.locator(".candidate .reasons li").count() >= 3
    assert click_to(worker, f"button:has-text('{words['ask']}')") == 200
    _check(worker, problems, lang)
    assert words["asked"] in worker.content()

    invitation = db.session.scalar(
        select(MatchmakerInvitation).where(MatchmakerInvitation.posting_id == posting.id)
    )
    assert invitation is not None
    helper = visit("volunteer", lang, width=360)
    helper.goto(f"/koppelen/uitnodiging/{invitation.id}")
    _check(helper, problems, lang)
    assert click_to(helper, f"button:has-text('{words['yes']}')") == 200
    _check(helper, problems, lang)
    db.session.expire_all()
    assert invitation.status == InvitationStatus.ACCEPTED
    response = db.session.get(Response, invitation.response_id)
    assert response is not None and response.posting_id == posting.id

    worker.goto(f"/koppelen/oproep/{posting.id}")
    assert words["said_yes"] in worker.content()
    worker.check("input[name=kind][value=call]")
    worker.fill("[name=body]", "Gebeld, neemt niet op")
    assert click_to(worker, f"button:has-text('{words['save']}')") == 200
    _check(worker, problems, lang)
    assert words["saved"] in worker.content()
    worker.fill("[name=body]", "Terugbellen dinsdag")
    assert click_to(worker, f"button:has-text('{words['save']}')") == 200
    assert "Terugbellen dinsdag" in worker.content()
    assert len(db.session.scalars(select(CaseNote)).all()) == 2
    assert problems == []
