"""A daughter arranges help for her mother, through the browser: she asks consent on her
phone, her mother gives it in her own account, the daughter asks for help "namens" her
mother in the four steps, and the mother's "Mijn gegevens" shows the consent, the request
and who posted it (nl and en, 360 px, axe clean)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from marketplace.accounts.delegations import Delegation, DelegationStatus
from marketplace.extensions import db
from marketplace.postings.models import Posting, PostingStatus
from marketplace.timestamps import local_today
from tests.browser.conftest import World
from tests.browser.helpers import click_to, overflow_problem, page_problems, submit_main_form
from tests.factories import person

pytestmark = pytest.mark.workflow  # also run on PostgreSQL in CI (.ci/run)


def _check(page: Page, problems: list[str], lang: str = "nl") -> None:
    where = page.url.split("/", 3)[-1]
    problems.extend(page_problems(page, lang, where) + overflow_problem(page, where))


def test_a_daughter_posts_for_her_mother_with_consent_and_the_export_shows_it(visit, world: World):
    problems: list[str] = []
    mother = world.users["resident"]  # Annie de Vries
    world.users["daughter"] = person(postcode="3012", display_name="Ingrid")
    db.session.commit()

    daughter_page = visit("daughter", "nl", width=360)
    daughter_page.goto("/namens/")
    _check(daughter_page, problems)
    daughter_page.fill("[name=person_email]", mother.email)
    daughter_page.fill("[name=relation]", "dochter")
    for scope in ("post", "respond", "accept"):
        daughter_page.check(f"input[name=scopes][value={scope}]")
    daughter_page.fill("[name=ends_on]", (local_today() + timedelta(days=365)).isoformat())
    assert submit_main_form(daughter_page) == 200
    _check(daughter_page, problems)
    assert "Wacht op toestemming van Annie de Vries." in daughter_page.content()

    mother_page = visit("resident", "en", width=360)
    mother_page.goto("/namens/")
    _check(mother_page, problems, "en")
    assert "Ingrid asks for your consent." in mother_page.content()
    assert click_to(mother_page, "button:has-text('Give consent')") == 200
    _check(mother_page, problems, "en")
    delegation = db.session.scalar(select(Delegation))
    assert delegation is not None
    db.session.refresh(delegation)
    assert delegation.status == DelegationStatus.ACTIVE

    daughter_page.goto("/namens/")
    assert click_to(daughter_page, "a:has-text('Hulp vragen namens Annie de Vries')") == 200
    _check(daughter_page, problems)
    assert "U vraagt hulp namens Annie de Vries" in daughter_page.content()
    daughter_page.locator("input[name=category_id]").first.check()
    daughter_page.fill("[name=title]", "Wie doet boodschappen met mijn moeder?")
    daughter_page.fill("[name=description]", "Zij loopt langzaam en houdt van de markt.")
    assert submit_main_form(daughter_page) == 200  # step 2: her postcode is already there
    _check(daughter_page, problems)
    assert submit_main_form(daughter_page) == 200  # step 3
    daughter_page.check("input[name=timing][value=flexible]")
    assert submit_main_form(daughter_page) == 200  # check your answers
    _check(daughter_page, problems)
    assert "U vraagt hulp namens Annie de Vries." in daughter_page.content()
    assert submit_main_form(daughter_page) == 200
    _check(daughter_page, problems)
    assert "Geplaatst door Ingrid namens Annie de Vries" in daughter_page.content()
    posting = db.session.scalar(
        select(Posting).where(Posting.for_person_id == mother.id).order_by(Posting.id)
    )
    assert posting is not None and posting.status == PostingStatus.PENDING
    assert posting.author_id == world.users["daughter"].id

    for lang in ("nl", "en"):
        page = visit("resident", lang, width=360)
        page.goto("/mijn-gegevens")
        _check(page, problems, lang)
        text = page.inner_text("main")
        assert "Wie doet boodschappen met mijn moeder?" in text
        assert "Ingrid" in text
        heading = (
            "Toestemming om namens iemand te handelen"
            if lang == "nl"
            else "Consent to act on someone's behalf"
        )
        assert heading in text
    assert problems == []
