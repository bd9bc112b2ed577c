"""Screenshots of every page type, desktop (1280 px) and phone (360 px), Dutch and English.

    make screenshots            (or: .venv/bin/python scripts/screenshots.py)

Builds the demo town in a temporary SQLite database, serves the app on a free 127.0.0.1
port and photographs each page with Debian's Chromium through Playwright, as the person who
sees it. A handful (home, list, detail, the first step of asking for help) go to
docs/screenshots/ for the README; all the others to docs/screenshots/all/ (not committed).
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from marketplace import create_app  # noqa: E402
from marketplace.accounts.models import User  # noqa: E402
from marketplace.accounts.sessions import start_session  # noqa: E402
from marketplace.demo.data import demo_email, load_demo_data  # noqa: E402
from marketplace.extensions import db  # noqa: E402
from marketplace.organisations.models import Organisation  # noqa: E402
from marketplace.postings.models import Posting, PostingKind, PostingStatus  # noqa: E402
from marketplace.responses.models import Response  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
README_SET = {"home", "list", "detail", "ask-1-what"}
DEVICES = {"desktop": (1280, 800), "mobile": (360, 740)}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Who sees which page: demo accounts by the local part of their e-mail address.
PEOPLE = {
    "resident": "anna",
    "volunteer": "daan",
    "moderator": "moderator",
    "staff": "coordinator",
    "municipality": "gemeente",
    "admin": "admin",
}


def _pages(ids: dict[str, int | str]) -> list[tuple[str, str | None, str]]:
    """(name, person or None, path) for every page type."""
    return [
        ("home", None, "/"),
        ("list", None, "/oproepen/?postcode=3011&km=5"),
        ("map", None, "/kaart/"),
        ("detail", None, f"/oproepen/{ids['request']}"),
        ("print", None, f"/oproepen/{ids['request']}/afdrukken"),
        ("log-in", None, "/inloggen"),
        ("register", None, "/registreren"),
        ("forgot-password", None, "/wachtwoord-vergeten"),
        ("organisations", None, "/organisaties/"),
        ("organisation", None, f"/organisaties/{ids['organisation_slug']}"),
        ("for-you", "volunteer", "/voor-u/"),
        ("my-postings", "resident", "/oproepen/mijn"),
        ("messages", "resident", "/berichten/"),
        ("conversation", "resident", f"/berichten/{ids['conversation']}"),
        ("notifications", "resident", "/meldingen/"),
        ("profile", "resident", "/profiel/"),
        ("notification-settings", "resident", "/profiel/meldingen"),
        ("moderation-queue", "moderator", "/moderatie/"),
        ("reports", "moderator", "/moderatie/meldingen"),
        ("audit-log", "admin", "/moderatie/logboek"),
        ("manage-organisation", "staff", f"/organisaties/{ids['organisation']}/beheer"),
        ("applicants", "staff", f"/organisaties/vacatures/{ids['vacancy']}/aanmeldingen"),
        ("dashboard", "municipality", "/dashboard/"),
        ("admin-users", "admin", "/beheer/gebruikers"),
        ("privacy", None, "/privacy"),
        ("my-data", "resident", "/mijn-gegevens"),
        ("erase-account", "resident", "/account/verwijderen"),
        ("confirm-password", "resident", "/account/bevestig-wachtwoord"),
        ("two-factor", "moderator", "/account/tweestapsverificatie"),
    ]


def _demo_ids() -> dict[str, int | str]:
    anna = db.session.scalars(select(User).where(User.email == demo_email("anna"))).one()
    coordinator = db.session.scalars(
        select(User).where(User.email == demo_email("coordinator"))
    ).one()
    request = db.session.scalars(
        select(Posting)
        .where(Posting.kind == PostingKind.REQUEST, Posting.status == PostingStatus.PUBLISHED)
        .order_by(Posting.id)
    ).first()
    organisation = db.session.scalars(
        select(Organisation).where(Organisation.status == "approved").order_by(Organisation.id)
    ).first()
    staff_of = {m.organisation_id for m in coordinator.memberships}
    vacancy = db.session.scalars(
        select(Posting)
        .where(Posting.kind == PostingKind.VACANCY, Posting.organisation_id.in_(staff_of))
        .order_by(Posting.id)
    ).first()
    conversation = db.session.scalars(
        select(Response)
        .join(Posting, Response.posting_id == Posting.id)
        .where(Posting.author_id == anna.id)
        .order_by(Response.id)
    ).first()
    assert request and organisation and vacancy and conversation, "demo data changed"
    return {
        "request": request.id,
        "organisation": min(staff_of),
        "organisation_slug": organisation.slug,
        "vacancy": vacancy.id,
        "conversation": conversation.id,
        "category": request.category_id,
    }


class Photographer:
    def __init__(self, app: Any, browser: Browser, base_url: str, only: set[str] | None) -> None:
        self.app = app
        self.browser = browser
        self.base_url = base_url
        self.only = only
        self.taken: list[Path] = []

    def page(self, person: str | None, lang: str, device: str) -> Page:
        width, height = DEVICES[device]
        context = self.browser.new_context(
            base_url=self.base_url, viewport={"width": width, "height": height}
        )
        cookies = [{"name": "lang", "value": lang, "url": self.base_url}]
        if person:
            user = db.session.scalars(
                select(User).where(User.email == demo_email(PEOPLE[person]))
            ).one()
            user.locale = lang
            db.session.commit()
            serializer = self.app.session_interface.get_signing_serializer(self.app)
            token = start_session(db.session, user)
            db.session.commit()
            value = serializer.dumps({"_user_id": token, "_fresh": True})
            cookies.append({"name": "session", "value": value, "url": self.base_url})
        context.add_cookies(cookies)
        return context.new_page()

    def shoot(self, page: Page, name: str, lang: str, device: str) -> None:
        if self.only and name not in self.only:
            return
        in_readme = name in README_SET
        folder = OUT if in_readme else OUT / "all"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}-{lang}-{device}.png"
        page.screenshot(path=str(path), full_page=not in_readme)
        self.taken.append(path)

    def visit(self, name: str, person: str | None, path: str) -> None:
        for lang in ("nl", "en"):
            for device in DEVICES:
                if self.only and name not in self.only:
                    continue
                page = self.page(person, lang, device)
                page.goto(path)
                self.shoot(page, name, lang, device)
                page.context.close()

    def ask_for_help(self, category_id: int) -> None:
        """The steps of asking for help, filled in as Anna would."""
        steps: list[tuple[str, Callable[[Page], None]]] = [
            (
                "ask-1-what",
                lambda p: (
                    p.check(f"input[name=category_id][value='{category_id}']"),
                    p.fill("[name=title]", "Wie loopt met mij naar de markt?"),
                    p.fill(
                        "[name=description]",
                        "Ik loop met een rollator. Op zaterdag wil ik graag "
                        "naar de markt, maar niet alleen.",
                    ),
                ),
            ),
            ("ask-2-where", lambda p: p.fill("[name=postcode]", "3011 AB")),
            ("ask-3-when", lambda p: p.check("input[name=timing][value=flexible]")),
            ("ask-4-check", lambda p: None),
        ]
        for lang in ("nl", "en"):
            for device in DEVICES:
                page = self.page("resident", lang, device)
                page.goto("/oproepen/vragen/")
                for name, fill in steps[:-1]:
                    self.shoot(page, name, lang, device)
                    fill(page)
                    with page.expect_navigation():
                        page.locator("main form button[type=submit]").first.click()
                self.shoot(page, steps[-1][0], lang, device)
                page.context.close()
                # A form sent empty: the error summary and messages.
                page = self.page(None, lang, device)
                page.goto("/inloggen")
                with page.expect_navigation():
                    page.locator("main form button[type=submit]").first.click()
                self.shoot(page, "log-in-errors", lang, device)
                page.context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--only", nargs="*", help="page names, e.g. home detail")
    args = parser.parse_args()
    only = set(args.only) if args.only else None
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "INSTANCE_PATH": tmp,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/screenshots.db",
                "CELERY_BROKER_URL": "memory://",
                "OUTBOX_RELAY_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "SMTP": None,
                "MAIL_OUTBOX_DIR": f"{tmp}/outbox",
            }
        )
        with app.app_context():
            db.create_all()
            load_demo_data(db.session)
            db.session.commit()
            ids = _demo_ids()
            server = make_server("127.0.0.1", 0, app, threaded=True)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            base_url = f"http://127.0.0.1:{server.server_port}"
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=args.chromium, args=CHROMIUM_ARGS
                )
                photographer = Photographer(app, browser, base_url, only)
                for name, person, path in _pages(ids):
                    photographer.visit(name, person, path)
                if not only or only & {"ask-1-what", "ask-2-where", "ask-3-when", "ask-4-check"}:
                    photographer.only = None if not only else only | {"log-in-errors"}
                    photographer.ask_for_help(int(ids["category"]))
                browser.close()
            server.shutdown()
            db.session.remove()
            db.engine.dispose()
    for path in photographer.taken:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
