"""The sociale kaart in the browser, without JavaScript help: a resident on a 360 px phone
finds the coffee morning by typing "eenzaam" and filtering on free; a professional picks
three debt services and compares them side by side, and refers a client from the request
she handles, with consent. axe clean on every page, in Dutch and English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.sociale_kaart.models import Referral
from tests.browser.helpers import click_to, overflow_problem, page_problems
from tests.browser.sociale_kaart_pages import client_request, kaart_world

pytestmark = pytest.mark.workflow  # also run on PostgreSQL in CI (.ci/run)


def _check(page: Page, lang: str, problems: list[str]) -> None:
    where = page.url.split("/", 3)[-1]
    problems.extend(page_problems(page, lang, where) + overflow_problem(page, where))


@pytest.mark.parametrize(("lang", "width"), [("nl", 360), ("en", 360), ("nl", 1280)])
def test_a_resident_finds_the_coffee_morning_by_typing_and_filtering_on_free(
    visit, world, lang, width
):
    kaart_world(world)
    problems: list[str] = []
    page = visit("anonymous", lang=lang, width=width)
    page.goto("/sociale-kaart/")
    _check(page, lang, problems)

    page.fill("[name=q]", "eenzaam")
    click_to(page, "form[role=search] button[type=submit]")
    _check(page, lang, problems)
    if page.locator("details.kaart-facets[open]").count() == 0:
        page.locator("details.kaart-facets summary").click()
    page.check("input[name=kosten][value=free]")
    click_to(page, "form[role=search] button[type=submit]")
    _check(page, lang, problems)

    results = page.locator(".kaart-card h2").all_inner_texts()
    assert any(name.startswith("Koffieochtend") for name in results)
    assert not any(name.startswith("Buurtmaaltijd") for name in results)  # paid
    click_to(page, ".kaart-card h2 a >> text=Koffieochtend Oude Noorden")
    _check(page, lang, problems)
    assert "010 555" in page.content()
    assert problems == []


@pytest.mark.parametrize("width", [1280, 360])
def test_a_professional_compares_three_debt_services(visit, world, width):
    kaart_world(world)
    problems: list[str] = []
    page = visit("anonymous", width=width)
    page.goto("/sociale-kaart/?q=schuld")
    _check(page, "nl", problems)
    boxes = page.locator("input[name=dienst]")
    assert boxes.count() >= 3
    for index in range(3):
        boxes.nth(index).check()

    click_to(page, ".kaart-results button[type=submit]")
    _check(page, "nl", problems)

    assert page.locator(".kaart-compare thead th").count() == 4  # the labels and three services
    assert problems == []


@pytest.mark.parametrize(("lang", "width"), [("nl", 1280), ("en", 360)])
def test_a_professional_compares_debt_services_and_refers_a_client_with_consent(
    visit, world, lang, width
):
    kaart_world(world)
    request = client_request(world)
    problems: list[str] = []
    page = visit("staff", lang=lang, width=width)
    page.goto("/sociale-kaart/?q=schuld")
    boxes = page.locator("input[name=dienst]")
    for index in range(3):
        boxes.nth(index).check()
    click_to(page, ".kaart-results button[type=submit]")
    _check(page, lang, problems)
    assert page.locator(".kaart-compare thead th").count() == 4

    page.goto(f"/oproepen/{request.id}")
    click_to(page, ".refer-from a")
    _check(page, lang, problems)
    page.fill("#refer-q", "schuld")
    click_to(page, "form[role=search] button[type=submit]")
    _check(page, lang, problems)
    click_to(page, ".refer-choices a >> nth=0")
    _check(page, lang, problems)
    page.fill("[name=person_name]", "Mevrouw Jansen")
    page.fill("[name=person_phone]", "06 1234 5678")
    page.fill("[name=question]", "Durft haar post niet meer open te maken.")
    page.check("[name=consent]")
    click_to(page, "main form button[type=submit]")
    _check(page, lang, problems)

    assert page.url.endswith(f"/oproepen/{request.id}")
    made = db.session.scalar(select(Referral).where(Referral.subject_id == request.id))
    assert made is not None and made.subject_kind == "posting"
    assert problems == []
