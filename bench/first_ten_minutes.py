"""Benchmark: clicks and page loads from "guest on the home page" to "request submitted".

    python -m bench.first_ten_minutes [--flow after|before] [--width 360]

Serves the app on a free port (a temporary SQLite database, CSRF on), drives Debian's
Chromium (/usr/bin/chromium) with the keyboard only (Tab to move, Enter to follow or send,
typing into fields), and walks journey (a) of issue 12: a guest asks for help with
shopping, makes an account on the way, confirms her address with the link from the mail,
and submits. A click is every link or button she activates, the mail's link included; a
page load is every page the browser loads (a redirect is part of the same load).

``--flow before`` walks the way the site led her before issue 12 (log-in page first, then
the account, the mail, and the steps from the start); run it against that code, e.g. an
exported copy of an older commit on PYTHONPATH:

    git archive e172f15 | tar -x -C /tmp/old && cp bench/first_ten_minutes.py /tmp/old/bench/
    cd /tmp/old && PYTHONPATH=/tmp/old python -m bench.first_ten_minutes --flow before

Figures measured while fixing issue 12 (width 360; choosing the kind of help counts as a
click):

    before (main at e172f15): clicks=10 page_loads=10  (the shortest way; issue 12 counted
                                                        14 and 13 while losing her way twice)
    after:                    clicks=8  page_loads=8   (and she starts typing at once)

Last line:

    first_ten_minutes flow=... clicks=... page_loads=...
"""

from __future__ import annotations

import argparse
import re
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
TITLE = "Wie doet mijn boodschappen?"
DESCRIPTION = "Ik kan niet goed lopen. Wie haalt op dinsdag brood en melk voor mij?"
EMAIL = "annie@example.org"
PASSWORD = "fiets markt regen zon"

FOCUSED_MATCHES = "s => document.activeElement && document.activeElement.matches(s)"


def tab_with_keyboard(page: Page, selector: str, max_tabs: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has focus."""
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_MATCHES, selector):
            return
    heading = page.locator("h1").first.inner_text()
    errors = page.locator(".error-summary").all_inner_texts()
    heading = f"{heading} {errors}"
    raise AssertionError(f"{selector} not reached with Tab on {page.url} ({heading})")


@dataclass
class Walk:
    """A person using one browser page with the keyboard only, counting what it costs her.

    ``tab_to(selector)`` moves the focus (tests pass one that also checks focus can be
    seen); ``on_page(page)`` runs on every page she arrives at (tests check axe there)."""

    page: Page
    tab_to: Callable[[str], None] | None = None
    on_page: Callable[[Page], None] | None = None
    clicks: int = 0
    loads: int = 0
    statuses: list[int] = field(default_factory=list)

    def _move(self, selector: str) -> None:
        if self.tab_to is not None:
            self.tab_to(selector)
        else:
            tab_with_keyboard(self.page, selector)

    def _arrived(self, status: int) -> None:
        self.loads += 1
        self.statuses.append(status)
        if self.on_page is not None:
            self.on_page(self.page)

    def open(self, url: str, *, clicked: bool = False) -> None:
        """Load ``url`` (the first page, or a link in a mail: then ``clicked``)."""
        response = self.page.goto(url)
        self.clicks += int(clicked)
        self._arrived(response.status if response else 0)

    def follow(self, selector: str) -> None:
        """Tab to a link or button and press Enter; wait for the page it leads to."""
        self._move(selector)
        with self.page.expect_navigation() as navigation:
            self.page.keyboard.press("Enter")
        self.clicks += 1
        response = navigation.value
        self._arrived(response.status if response else 0)

    def type(self, selector: str, text: str) -> None:
        self._move(selector)
        self.page.keyboard.type(text)

    def choose(self, name: str, label_text: str) -> None:
        """Radio buttons: Tab into the group, Space, then the down arrow until the right one
        is chosen (a choice counts as a click)."""
        self._move(f"input[name={name}]")
        self.page.keyboard.press("Space")
        chosen_label = (
            "n => { const r = document.querySelector(`input[name=${n}]:checked`);"
            " return r && r.labels.length ? r.labels[0].innerText.trim() : ''; }"
        )
        for _ in range(40):
            if self.page.evaluate(chosen_label, name).startswith(label_text):
                self.clicks += 1
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"{label_text!r} not found among {name} on {self.page.url}")


def walk_after(walk: Walk, confirmation_link: Callable[[], str]) -> None:
    walk.open("/")
    walk.follow("main a[href='/oproepen/vragen/']")  # "Ik zoek hulp"
    walk.choose("category_id", "Boodschappen")
    walk.type("[name=title]", TITLE)
    walk.type("[name=description]", DESCRIPTION)
    walk.follow("main form button[type=submit]")  # "Opslaan en verder": the account page
    walk.type("[name=display_name]", "Annie")
    walk.type("[name=email]", EMAIL)
    walk.type("[name=password]", PASSWORD)
    walk.type("[name=password_again]", PASSWORD)
    walk.follow("main form button[type=submit]")  # "Account maken en verder"
    walk.type("[name=postcode]", "3011 AB")
    walk.type("[name=phone]", "06 1234 5678")
    walk.follow("main form [type=submit]")  # "Opslaan en verder": check your mail
    walk.open(confirmation_link(), clicked=True)  # back in the steps: step 3
    walk.follow("main form button[type=submit]")  # "Wanneer": whenever suits
    walk.follow("main form button[type=submit]")  # check and send


def walk_before(walk: Walk, confirmation_link: Callable[[], str]) -> None:
    walk.open("/")
    walk.follow("main a[href='/oproepen/vragen/']")  # "Ik zoek hulp": the log-in page
    walk.follow("main a[href='/registreren']")  # "Maak een account"
    walk.type("[name=display_name]", "Annie")
    walk.type("[name=email]", EMAIL)
    walk.type("[name=password]", PASSWORD)
    walk.type("[name=password_again]", PASSWORD)
    walk.follow("main form button[type=submit]")  # the profile page
    walk.open(confirmation_link(), clicked=True)  # the home page
    walk.follow("main a[href='/oproepen/vragen/']")  # "Ik zoek hulp": step 1
    walk.choose("category_id", "Boodschappen")
    walk.type("[name=title]", TITLE)
    walk.type("[name=description]", DESCRIPTION)
    walk.follow("main form button[type=submit]")  # step 2
    walk.type("[name=postcode]", "3011 AB")
    walk.follow("main form button[type=submit]")  # step 3
    walk.follow("main form button[type=submit]")  # step 4
    walk.follow("main form button[type=submit]")  # send


def _confirmation_link(app: Flask) -> Callable[[], str]:
    """The link the confirmation mail carries (the worker puts the token in as it sends)."""
    from sqlalchemy import select

    from marketplace.accounts.mail_links import fill_secret_link
    from marketplace.extensions import db
    from marketplace.notifications.models import Notification

    def link() -> str:
        with app.app_context():
            mail = db.session.scalars(
                select(Notification)
                .where(Notification.to_email == EMAIL, Notification.kind == "confirm_email")
                .order_by(Notification.id.desc())
            ).first()
            assert mail is not None and mail.link_path
            text = fill_secret_link(
                db.session, mail.kind, mail.recipient_id, mail.to_email, mail.link_path
            )
            return re.sub(r"^https?://[^/]+", "", text)

    return link


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flow", choices=("after", "before"), default="after")
    parser.add_argument("--width", type=int, default=360)
    args = parser.parse_args()

    from marketplace import create_app
    from marketplace.categories import ensure_default_categories
    from marketplace.extensions import db

    tmp = Path(tempfile.mkdtemp(prefix="bench-first-ten-"))
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp / "instance"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}",
            "RATELIMIT_ENABLED": False,
            "OUTBOX_RELAY_ENABLED": False,
            "CELERY_BROKER_URL": "memory://",
            "SMTP": None,
            "MAIL_OUTBOX_DIR": str(tmp / "outbox"),
            "BASE_URL": "http://localhost",
            "SERVER_NAME": None,
        }
    )
    with app.app_context():
        db.create_all()
        ensure_default_categories(db.session)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            context = browser.new_context(
                base_url=f"http://127.0.0.1:{server.server_port}",
                viewport={"width": args.width, "height": 740},
                locale="nl-NL",
            )
            walk = Walk(context.new_page())
            flow = walk_after if args.flow == "after" else walk_before
            flow(walk, _confirmation_link(app))
            assert "/oproepen/" in walk.page.url and walk.statuses[-1] == 200, walk.page.url
            browser.close()
    finally:
        server.shutdown()
    print(f"first_ten_minutes flow={args.flow} clicks={walk.clicks} page_loads={walk.loads}")


if __name__ == "__main__":
    main()
