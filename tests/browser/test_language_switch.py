"""The language switch is on every page, works with a click or the keyboard, and sticks."""

from __future__ import annotations

from marketplace.extensions import db


def _switch(page, lang: str) -> None:
    with page.expect_navigation():
        page.locator(f"button[name=lang][value={lang}]").click()


def test_a_visitor_switches_to_english_and_back_and_the_choice_sticks(visit):
    page = visit("anonymous", "nl")
    page.goto("/oproepen/")
    _switch(page, "en")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.url.endswith("/oproepen/"), "the switch stays on the same page"
    page.goto("/organisaties/")
    assert page.evaluate("document.documentElement.lang") == "en"
    _switch(page, "nl")
    page.goto("/")
    assert page.evaluate("document.documentElement.lang") == "nl"


def test_a_resident_switches_language_by_keyboard_and_the_account_remembers(visit, world):
    page = visit("resident", "nl")
    page.goto("/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "lang":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.lang") == "en"
    db.session.expire_all()
    assert world.users["resident"].locale == "en"
