"""The wijkagenda in the browser: an organisation publishes a weekly coffee morning; a
resident on a 360 px phone finds it for next Tuesday, signs up and asks "Ga je mee?";
the agenda's pages are axe clean in Dutch and English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from marketplace.agenda.models import Activity
from marketplace.extensions import db
from marketplace.postings.models import Posting
from tests.agenda.factories import make_activity, next_weekday
from tests.browser.conftest import World
from tests.browser.helpers import click_to, overflow_problem, page_problems
from tests.factories import category

pytestmark = pytest.mark.workflow  # also run on PostgreSQL in CI (.ci/run)


def _check(page: Page, problems: list[str], lang: str = "nl") -> None:
    where = page.url.split("/", 3)[-1]
    problems.extend(page_problems(page, lang, where) + overflow_problem(page, where))


def _organisation_publishes_a_coffee_morning(page: Page, problems: list[str]) -> None:
    page.goto("/agenda/nieuw")
    _check(page, problems)
    page.fill("[name=title]", "Koffieochtend")
    page.check("input[name=kind][value=coffee]")
    page.fill("[name=description]", "Elke dinsdag koffie en een praatje.")
    page.fill("[name=place_name]", "Buurthuis De Hoek")
    page.fill("[name=street]", "Hoogstraat 1")
    page.fill("[name=postcode]", "3011 AB")
    page.check("[name=accessible]")
    page.fill("[name=starts_on]", next_weekday(1).isoformat())
    page.fill("[name=start_time]", "10:00")
    page.fill("[name=end_time]", "11:30")
    page.check("input[name=repeat][value=weekly]")
    page.check("[name=signup_required]")
    page.fill("[name=places]", "20")
    assert click_to(page, "main form button[type=submit]") == 200
    _check(page, problems)
    assert "De activiteit staat in de agenda." in page.content()


def test_a_resident_finds_the_coffee_morning_signs_up_and_asks_for_company(visit, world: World):
    problems: list[str] = []
    category("gezelschap")
    db.session.commit()
    _organisation_publishes_a_coffee_morning(visit("staff", "nl"), problems)
    activity = db.session.scalar(select(Activity))
    assert activity is not None and activity.rrule == "FREQ=WEEKLY;BYDAY=TU"

    tuesday = next_weekday(1)
    page = visit("resident", "nl", width=360)
    page.goto(f"/agenda/maand?wijk=Stadsdriehoek&maand={tuesday.strftime('%Y-%m')}")
    _check(page, problems)
    click_to(page, f"a[href*='datum={tuesday.isoformat()}']")
    _check(page, problems)
    assert "Koffieochtend" in page.content()
    click_to(page, "button:has-text('Aanmelden voor')")
    _check(page, problems)
    assert "U bent aangemeld" in page.content()
    click_to(page, "button:has-text('Ik wil graag gaan, maar niet alleen')")
    _check(page, problems)
    posting = db.session.scalar(
        select(Posting).where(
            Posting.author_id == world.users["resident"].id, Posting.once_on == tuesday
        )
    )
    assert posting is not None and posting.status == "pending"
    assert problems == []


def test_the_agenda_pages_are_clean_in_english_at_360_px(visit, world: World):
    problems: list[str] = []
    activity = make_activity()
    page = visit("resident", "en", width=360)
    for path in (
        f"/agenda/activiteit/{activity.id}",
        "/agenda/?wijk=Stadsdriehoek",
        "/agenda/maand",
        "/agenda/mijn",
        "/agenda/nieuw",
        "/agenda/agenda-in-uw-telefoon",
        "/agenda/Stadsdriehoek/poster",
    ):
        page.goto(path)
        _check(page, problems, "en")
    assert problems == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_guest_follows_the_posters_short_link_on_a_phone(visit, world: World, lang):
    """No log-in: the poster's short link shows the wijk's week at 360 px, axe clean; the
    activity tells a guest to log in to sign up."""
    problems: list[str] = []
    activity = make_activity()
    page = visit("anonymous", lang, width=360)
    page.goto("/w/Stadsdriehoek")
    _check(page, problems, lang)
    assert "/agenda/" in page.url and "Koffieochtend" in page.content()
    for path in (
        "/agenda/maand?wijk=Stadsdriehoek",
        f"/agenda/activiteit/{activity.id}",
        "/agenda/Stadsdriehoek/poster",
    ):
        page.goto(path)
        _check(page, problems, lang)
    page.goto(f"/agenda/activiteit/{activity.id}")
    assert page.locator("a[href*='/inloggen?next=']").count() >= 1
    assert problems == []
