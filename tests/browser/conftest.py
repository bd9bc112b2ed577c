"""Browser tests: Debian's Chromium, driven by Playwright, against the real app on a live server.

- ``live_server`` (session): the app (a second instance with CSRF on, against the test
  database) served by werkzeug in a thread on a free 127.0.0.1 port.
- ``browser`` (session): one Chromium for the whole run (``/usr/bin/chromium``; `make test`
  installs it with apt-get when missing). ``playwright install`` is never used.
- ``world`` (function): one person per role and the things they see (postings, a
  conversation, an organisation with a vacancy, a report, notifications, audit rows).
- ``visit(role, lang="nl", width=1280)`` (function): a new browser page for that person,
  logged in through a signed session cookie, in that language and window width.
- ``check_axe(page)``: axe-core's WCAG 2.1 A and AA rules must find nothing.

Every test in this folder is marked ``browser`` (``pytest -m "not browser"`` skips them).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

import pyotp
import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from werkzeug.serving import make_server

from marketplace import create_app
from marketplace.accounts import tokens, two_factor
from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.accounts.sessions import start_session
from marketplace.audit import record_audit
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from marketplace.postings.models import Posting, PostingKind, PostingStatus
from marketplace.responses.models import Message, Response
from marketplace.timestamps import utcnow
from tests.conftest import test_config
from tests.factories import (
    MatchSuggestionFactory,
    MembershipFactory,
    MessageFactory,
    OrganisationFactory,
    PostingFactory,
    ReportFactory,
    ResponseFactory,
    category,
    person,
)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WIDTHS = {"desktop": 1280, "mobile": 360}
HEIGHT = {1280: 900, 360: 740}
LANGUAGES = ("nl", "en")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
ROLES = (
    "anonymous",
    "resident",
    "volunteer",
    "staff",
    "moderator",
    "municipality",
    "admin",
    "newcomer",
)

_axe = Axe()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


# The app and the browser ------------------------------------------------------------------


@pytest.fixture(scope="session")
def live_app(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app as a browser meets it: CSRF on; same database as the tests."""
    live = create_app(
        {
            **test_config(tmp_path_factory.mktemp("live")),
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "WTF_CSRF_ENABLED": True,
        }
    )
    # create_app made the new app's Celery app the current and default one: undo that.
    app.extensions["celery"].set_default()
    return live


def _whole_bodies(app: WSGIApplication) -> WSGIApplication:
    """``app`` with every response read and closed before the server writes it.

    werkzeug's development server closes a response only after reading what is left on the
    socket. When the browser has dropped the connection (an image it no longer needed), that
    read fails first and a static file stays open: pytest then fails whichever test runs
    when the file is collected (ResourceWarning)."""

    def serve(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return serve


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, _whole_bodies(live_app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    with live_app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(f"The browser tests need Chromium at {CHROMIUM}: `make test` installs it.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# The people and what they see -------------------------------------------------------------


@dataclass
class World:
    users: dict[str, User]
    request: Posting  # the resident's published request; the volunteer's response is accepted
    offer: Posting  # the volunteer's published offer
    pending: Posting  # the resident's request waiting for a moderator
    draft: Posting  # the resident's request, still being written (the steps of the form)
    vacancy: Posting  # the organisation's published vacancy, with an applicant
    organisation: Organisation
    pending_organisation: Organisation
    conversation: Response
    message: Message
    done: Response  # help the volunteer gave the resident, marked done (thank-yous)
    report_id: int
    suggestion_id: int
    notification_id: int

    def reset_token(self) -> str:
        user = self.users["resident"]
        return tokens.make_token(
            tokens.RESET_PASSWORD,
            {"user_id": user.id, "pw": tokens.password_fingerprint(user.password_hash)},
        )


@pytest.fixture
def world() -> World:
    category("boodschappen")
    resident = person(display_name="Annie de Vries")
    volunteer = person(postcode="3012", display_name="Karim Bouzid", volunteer=True)
    staff = person(display_name="Petra Jansen")
    moderator = person(display_name="Moderator Mo", user__moderator=True)
    admin = person(display_name="Beheerder Bea", user__admin=True)
    municipality = person(display_name="Gemeente Gert", user__municipality=True)
    newcomer = person(display_name="Nieuwe Nina")
    newcomer.email_confirmed_at = None
    db.session.commit()

    organisation = OrganisationFactory(name="Welzijn Noord")
    MembershipFactory(organisation=organisation, user=staff, role="coordinator")
    pending_organisation = OrganisationFactory(name="Buurthuis De Hoek", pending=True)

    request = PostingFactory(published=True, author=resident)
    offer = PostingFactory(published=True, offer=True, author=volunteer)
    pending = PostingFactory(author=resident, title="Wie kan mijn gras maaien?")
    draft = PostingFactory(draft=True, author=resident, title="Wie helpt met mijn computer?")
    vacancy = PostingFactory(
        published=True,
        kind=PostingKind.VACANCY,
        organisation=organisation,
        author=staff,
        title="Maatje voor een wandeling",
    )
    conversation = ResponseFactory(posting=request, responder=volunteer, accepted=True)
    message = MessageFactory(response=conversation, sender=volunteer)
    MessageFactory(response=conversation, sender=resident, body="Om tien uur graag.")
    ResponseFactory(posting=vacancy, responder=volunteer, message="Ik wandel graag.")
    done = ResponseFactory(
        posting=PostingFactory(published=True, author=resident, title="Lamp ophangen"),
        responder=volunteer,
        accepted=True,
        completed_at=utcnow(),
    )
    done.posting.status, done.posting.closed_at = PostingStatus.CLOSED, utcnow()
    report = ReportFactory(reporter=volunteer, posting=offer)
    suggestion = MatchSuggestionFactory(posting=request, user=volunteer)
    notifications = [
        Notification(
            recipient=user,
            kind="new_message",
            idempotency_key=f"browser-{user.id}",
            to_email=user.email,
            subject="U heeft een nieuw bericht",
            body="Karim stuurde u een bericht.",
            link_path=f"/berichten/{conversation.id}",
        )
        for user in (resident, volunteer, staff, moderator, municipality, admin)
    ]
    db.session.add_all(notifications)
    record_audit(db.session, admin, "posting.approve", request)
    record_audit(db.session, moderator, "posting.reject", pending, reason="Er staat een adres in.")
    db.session.commit()
    return World(
        users={
            "resident": resident,
            "volunteer": volunteer,
            "staff": staff,
            "moderator": moderator,
            "admin": admin,
            "municipality": municipality,
            "newcomer": newcomer,
        },
        draft=draft,
        request=request,
        offer=offer,
        pending=pending,
        vacancy=vacancy,
        organisation=organisation,
        pending_organisation=pending_organisation,
        conversation=conversation,
        message=message,
        done=done,
        report_id=report.id,
        suggestion_id=suggestion.id,
        notification_id=notifications[0].id,
    )


# Pages in the browser ---------------------------------------------------------------------


class Visitor:
    """Opens browser pages as one person; closes them at the end of the test.

    With ``kept`` (the ``quick_visit`` fixture) a page comes from those earlier tests left
    behind, its cookies and storage wiped, and goes back at the end: a new page starts a
    renderer process, about half a second of CPU, the larger part of a page check. Only for
    tests that navigate, read and send forms, and never change a page's routes, listeners
    or scripts."""

    def __init__(
        self,
        browser: Browser,
        base_url: str,
        live_app: Flask,
        world: World,
        kept: list[Page] | None = None,
    ) -> None:
        self.browser = browser
        self.base_url = base_url
        self.live_app = live_app
        self.world = world
        self.kept = kept
        self.pages: list[Page] = []

    def __call__(self, role: str = "anonymous", lang: str = "nl", width: int = 1280) -> Page:
        viewport = {"width": width, "height": HEIGHT.get(width, 800)}
        if self.kept:
            page = self.kept.pop()
            page.set_viewport_size(viewport)
        else:
            context = self.browser.new_context(
                base_url=self.base_url, viewport=viewport, locale="nl-NL"
            )
            context.set_default_timeout(10_000)
            page = context.new_page()
        self.pages.append(page)
        cookies = [{"name": "lang", "value": lang, "url": self.base_url}]
        if role != "anonymous":
            user = self.world.users[role]
            user.locale = lang  # the account's choice wins over the cookie
            db.session.commit()
            cookies.append(
                {"name": "session", "value": self.session_cookie(user), "url": self.base_url}
            )
        page.context.add_cookies(cookies)
        return page

    def session_cookie(self, user: User) -> str:
        serializer = self.live_app.session_interface.get_signing_serializer(self.live_app)  # type: ignore[attr-defined]
        if two_factor.needs_setup(db.session, user):  # as if staff had set it up already
            two_factor.enable_with_secret(db.session, user, pyotp.random_base32())
        token = start_session(db.session, user)
        db.session.commit()
        return str(serializer.dumps({"_user_id": token, "_fresh": True}))

    def close(self) -> None:
        for page in self.pages:
            if self.kept is not None and not page.is_closed():
                try:
                    self._wipe(page)
                except PlaywrightError:  # left in a state a wipe cannot undo: not kept
                    pass
                else:
                    self.kept.append(page)
                    continue
            page.context.close()

    def _wipe(self, page: Page) -> None:
        if page.url.startswith(self.base_url):
            page.evaluate("localStorage.clear(); sessionStorage.clear()")
        page.goto("about:blank")
        page.context.clear_cookies()


@pytest.fixture
def visit(
    browser: Browser, live_server: str, live_app: Flask, world: World
) -> Iterator[Callable[..., Page]]:
    visitor = Visitor(browser, live_server, live_app, world)
    yield visitor
    visitor.close()


@pytest.fixture(scope="session")
def kept_pages() -> list[Page]:
    return []


@pytest.fixture
def quick_visit(
    browser: Browser, live_server: str, live_app: Flask, world: World, kept_pages: list[Page]
) -> Iterator[Callable[..., Page]]:
    """``visit`` on pages kept from earlier tests: see ``Visitor``."""
    visitor = Visitor(browser, live_server, live_app, world, kept=kept_pages)
    yield visitor
    visitor.close()


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA findings on the page, one readable line per element."""
    if page.evaluate("typeof window.axe === 'undefined'"):  # once a page, not once a run
        page.evaluate(_axe.axe_script)
    response = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    found = []
    for violation in response["violations"]:
        for node in violation["nodes"]:
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
                f"{' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}"
            )
    return found


def horizontal_overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0 when it fits)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
