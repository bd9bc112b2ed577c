"""The map under the real Content-Security-Policy: points first, tiles only after consent."""

from __future__ import annotations

import base64

from playwright.sync_api import Page, Route

# A 1x1 transparent PNG: the tile server is stood in for, nothing leaves this machine.
BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
TILE_HOST = "tile.openstreetmap.org"


def watch(page: Page) -> tuple[list[str], list[str]]:
    """Tile requests made, and the browser's complaints (CSP violations among them)."""
    tiles: list[str] = []
    problems: list[str] = []

    def serve_tile(route: Route) -> None:
        tiles.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)

    page.route(f"https://{TILE_HOST}/**", serve_tile)
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    return tiles, problems


def test_the_map_shows_points_without_tiles_until_the_visitor_agrees(visit, world):
    page = visit("anonymous")
    tiles, problems = watch(page)
    page.goto("/kaart/")
    page.locator(".leaflet-marker-icon").first.wait_for()
    page.wait_for_timeout(300)
    assert tiles == []
    button = page.get_by_role("button", name="Kaart laden")
    assert button.is_visible()

    button.click()
    page.locator(".leaflet-tile-loaded").first.wait_for()
    assert tiles and all(TILE_HOST in url for url in tiles)
    assert page.get_by_role("button", name="Kaart niet meer laden").is_visible()

    page.reload()  # remembered in this browser
    page.locator(".leaflet-tile-loaded").first.wait_for()
    page.get_by_role("button", name="Kaart niet meer laden").click()
    assert page.locator(".leaflet-tile").count() == 0
    assert problems == []


def test_without_javascript_the_list_still_works(browser, live_server, world):
    context = browser.new_context(base_url=live_server, java_script_enabled=False, locale="nl-NL")
    try:
        page = context.new_page()
        page.goto("/kaart/")
        assert page.get_by_text("Zonder JavaScript is er geen kaart").is_visible()
        assert not page.get_by_role("button", name="Kaart laden").is_visible()
        page.get_by_role("link", name="Bekijk ze in de lijst").click()
        assert page.url.endswith("/oproepen/")
    finally:
        context.close()
