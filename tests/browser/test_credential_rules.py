"""The credential flow in the browser: an admin sets that a kind of help needs a VOG, a
welfare worker flags one request as needing the training dementie as well, and only the
volunteer who holds both is suggested, with reasons that say which credential was needed;
the others' suggestions are gone. Every page axe clean at 1280 and 360 px, in Dutch and in
English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from marketplace.escalation.models import Escalation, EscalationStep
from marketplace.extensions import db
from marketplace.matching.models import MatchRequest, MatchSuggestion
from marketplace.matching.services import match_posting, request_matching, run_match_request
from marketplace.matchmaking.models import Credential, CredentialRule
from marketplace.timestamps import local_today, utcnow
from tests.browser.conftest import World
from tests.browser.helpers import click_to, overflow_problem, page_problems
from tests.factories import PostingFactory, person

pytestmark = pytest.mark.workflow  # also run on PostgreSQL in CI (.ci/run)

WORDS = {
    "nl": {
        "saved": "De regel is opgeslagen.",
        "vog": "Heeft een VOG, nodig voor deze oproep",
        "dementia": "Heeft de training dementie, nodig voor deze oproep",
        "flagged": "Alleen vrijwilligers met dit bewijs krijgen deze oproep nog te zien.",
    },
    "en": {
        "saved": "The rule is saved.",
        "vog": "Has a VOG (certificate of conduct), needed for this request",
        "dementia": "Has the dementia training, needed for this request",
        "flagged": "From now on only volunteers with this credential are offered this request.",
    },
}
DESKTOP, PHONE = 1280, 360


def _check(page: Page, problems: list[str], lang: str) -> None:
    """axe and the page checks at 1280 px and at 360 px (no sideways scrolling there)."""
    where = page.url.split("/", 3)[-1]
    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})
        problems.extend(page_problems(page, lang, f"{lang} {width}px {where}"))
    problems.extend(overflow_problem(page, f"{lang} {PHONE}px {where}"))


def _listed_request(world: World, title: str):
    """A request nobody answered, on "Hulp gezocht", matched in the widest circle; three
    volunteers fit it: Karim (the world's volunteer), Fatima and Joost."""
    world.organisation.neighbourhoods = "Stadsdriehoek"
    posting = PostingFactory(published=True, author=person(display_name="Greet"), title=title)
    others = [
        person(postcode="3011", display_name=name, volunteer=True)
        for name in ("Fatima Yilmaz", "Joost de Wit")
    ]
    db.session.add(
        Escalation(
            posting_id=posting.id,
            published_at=posting.published_at,
            step=EscalationStep.LISTED,
            listed_at=utcnow(),
        )
    )
    widest = request_matching(db.session, posting, circle=3)
    widest.completed_at = utcnow()
    match_posting(db.session, posting, circle=3)
    db.session.commit()
    return posting, others


def _suggested(posting) -> set[int]:
    db.session.expire_all()
    return set(
        db.session.scalars(
            select(MatchSuggestion.user_id).where(MatchSuggestion.posting_id == posting.id)
        )
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_only_the_volunteer_with_the_needed_credentials_is_suggested_with_the_reason(
    visit, world: World, lang: str
):
    words = WORDS[lang]
    problems: list[str] = []
    posting, others = _listed_request(world, "Wie gaat mee naar de huisarts?")
    karim = world.users["volunteer"]
    assert {karim.id, *(o.id for o in others)} <= _suggested(posting)
    for kind in ("vog", "dementia"):
        db.session.add(
            Credential(
                user_id=karim.id,
                organisation_id=world.organisation.id,
                kind=kind,
                issued_on=local_today(),
            )
        )
    db.session.commit()

    admin = visit("admin", lang, DESKTOP)
    admin.goto("/koppelen/beheer/bewijs-per-soort")
    _check(admin, problems, lang)
    admin.select_option("select[name=category]", str(posting.category_id))
    admin.select_option("select[name=kind]", "vog")
    assert click_to(admin, "main form[action$='bewijs-per-soort'] button[type=submit]") == 200
    assert words["saved"] in admin.content()
    _check(admin, problems, lang)
    rule = db.session.scalar(select(CredentialRule))
    assert rule is not None and rule.category_id == posting.category_id
    assert _suggested(posting) == {karim.id}  # Fatima and Joost have no VOG

    worker = visit("staff", lang, PHONE)
    worker.goto(f"/koppelen/oproep/{posting.id}")
    worker.select_option("form[action$='/bewijs-nodig'] select[name=kind]", "dementia")
    assert click_to(worker, "form[action$='/bewijs-nodig'] button[type=submit]") == 200
    assert words["flagged"] in worker.content()
    _check(worker, problems, lang)
    assert worker.locator(".candidate").count() == 1
    candidate = worker.locator(".candidate").first.inner_text()
    assert "Karim Bouzid" in candidate
    assert words["vog"] in candidate and words["dementia"] in candidate

    # Matching looks again through the outbox: only Karim, with both reasons.
    waiting = db.session.scalars(
        select(MatchRequest.id)
        .where(MatchRequest.posting_id == posting.id)
        .where(MatchRequest.completed_at.is_(None))
    ).all()
    assert waiting
    for match_request_id in waiting:
        run_match_request(db.session, match_request_id, notify_top_n=3)
    db.session.commit()
    assert _suggested(posting) == {karim.id}
    suggestion = db.session.scalar(
        select(MatchSuggestion).where(MatchSuggestion.posting_id == posting.id)
    )
    assert suggestion is not None
    assert sorted(suggestion.reasons["credentials"]) == ["dementia", "vog"]

    helper = visit("volunteer", lang, PHONE)
    helper.goto("/voor-u/")
    _check(helper, problems, lang)
    content = helper.content()
    assert "Wie gaat mee naar de huisarts?" in content
    assert words["vog"] in content and words["dementia"] in content
    assert problems == []
