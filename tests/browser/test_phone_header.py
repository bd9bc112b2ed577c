"""On a phone the header stays short: the first few menu items and a link to the rest."""

from __future__ import annotations

from tests.browser.helpers import click_to


def test_a_phone_shows_a_short_menu_with_a_link_to_everything(visit):
    page = visit("staff", width=360)  # a coordinator: the longest menu but an admin's
    page.goto("/")
    header = page.locator("header.site-header").bounding_box()
    assert header is not None and header["height"] < 0.5 * 740, header
    nav = page.locator("nav.main-nav")
    assert nav.get_by_role("link", name="Berichten").is_visible()
    assert not nav.get_by_role("link", name="Mijn profiel").is_visible()

    click_to(page, "nav.main-nav .menu-link a")
    assert page.locator("h1").inner_text() == "Menu"
    assert page.locator("main").get_by_role("link", name="Mijn profiel").is_visible()
    assert page.locator("main").get_by_role("link", name="Mijn organisatie").is_visible()


def test_a_wide_screen_shows_the_whole_menu_and_no_menu_link(visit):
    page = visit("staff", width=1280)
    page.goto("/")
    nav = page.locator("nav.main-nav")
    assert nav.get_by_role("link", name="Mijn profiel").is_visible()
    assert not nav.locator(".menu-link a").is_visible()
