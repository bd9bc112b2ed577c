"""Every page type works under the real Content-Security-Policy: nothing is refused."""

from __future__ import annotations

from playwright.sync_api import ConsoleMessage

from tests.browser.helpers import page_url
from tests.browser.pages import PAGES


def test_no_page_breaks_the_content_security_policy(visit, world, live_app):
    refused: list[str] = []
    pages = {}
    for page_type in PAGES:
        role = page_type.roles[0]
        if role not in pages:
            pages[role] = visit(role)
            pages[role].route("https://tile.openstreetmap.org/**", lambda route: route.abort())

            def listen(message: ConsoleMessage, role: str = role) -> None:
                if "Content Security Policy" in message.text:
                    refused.append(f"{role} at {pages[role].url}: {message.text}")

            pages[role].on("console", listen)
        page = pages[role]
        page.goto(page_url(live_app, page_type, world))
        page.wait_for_load_state("load")
    assert refused == []
