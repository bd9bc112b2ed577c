"""The first ten minutes, unaided (issue 12): three journeys in the order the site leads a
guest, with the keyboard only, at 360 px (and at 150% text), axe clean on every page.

(a) a resident asks for help with shopping: she starts typing, makes an account halfway,
    confirms with the link from the mail (a real SMTP server) and is back in the steps
    with her text kept; she submits. The clicks and page loads are counted
    (bench/first_ten_minutes.py prints them: before 10 and 10, now 8 and 8).
(b) a volunteer: "Ik wil helpen", an account, what she likes to do, confirm, suggestions
    (the real matching task runs, as the worker would).
(c) a guest says "Ik help!" on a posting: an account, confirm, her response form.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from bench.first_ten_minutes import DESCRIPTION, EMAIL, PASSWORD, TITLE, Walk, walk_after
from marketplace.extensions import db
from marketplace.matching.models import MatchRequest
from marketplace.notifications.models import Notification, NotificationStatus
from marketplace.postings.models import Posting, PostingStatus
from tests.browser.helpers import overflow_problem, page_problems
from tests.browser.keyboard import Keyboard
from tests.worker.conftest import run_task, smtp_server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.workflow  # also run on PostgreSQL in CI (.ci/run)

DELIVER = "notifications.deliver_notification"
LINK = re.compile(r"https?://[^/\s]+(/bevestigen/\S+)")
LARGER_TEXT = """document.addEventListener('DOMContentLoaded', () => {
  document.documentElement.style.fontSize = '150%';
});"""


def _guest(visit, text_size: float) -> tuple[Page, Keyboard, list[str]]:
    """A guest's page at 360 px; at 150% text when asked. Every page she arrives at is
    checked: axe, one h1, no sideways scrolling."""
    page = visit("anonymous", width=360)
    if text_size != 1:
        page.context.add_init_script(LARGER_TEXT)
    keyboard = Keyboard(page)
    return page, keyboard, keyboard.problems


def _walk(page: Page, keyboard: Keyboard, problems: list[str]) -> Walk:
    def check(arrived: Page) -> None:
        where = arrived.url.split("/", 3)[-1] or "home"
        problems.extend(page_problems(arrived, "nl", where) + overflow_problem(arrived, where))

    return Walk(page, tab_to=keyboard.tab_to, on_page=check)


def _mail_link(run_task, smtp_server, email: str) -> str:  # noqa: F811
    """Deliver what waits for ``email`` over SMTP, as the worker does; the link in the
    newest mail, as a path of the live server."""
    db.session.commit()  # a new transaction sees what the live server wrote
    waiting = db.session.scalars(
        select(Notification.id).where(
            Notification.to_email == email, Notification.status == NotificationStatus.PENDING
        )
    ).all()
    outcomes = [run_task(DELIVER, notification_id) for notification_id in waiting]
    assert smtp_server.messages, (waiting, outcomes)
    body = smtp_server.messages[-1].get_payload(decode=True) or b""
    if smtp_server.messages[-1].is_multipart():
        body = smtp_server.messages[-1].get_payload(0).get_payload(decode=True)
    found = LINK.search(body.decode())
    assert found, body
    return found.group(1)


@pytest.fixture
def worker(run_task, smtp_server):  # noqa: F811
    """The worker's two jobs here: mail the confirmation over SMTP, and match."""

    class Worker:
        def mail_link(self, email: str) -> str:
            return _mail_link(run_task, smtp_server, email)

        def match(self) -> None:
            _run_matching(run_task)

    return Worker()


def _run_matching(run_task) -> None:  # noqa: F811
    db.session.commit()  # a new transaction sees what the live server wrote
    waiting = db.session.scalars(
        select(MatchRequest.id).where(MatchRequest.completed_at.is_(None))
    ).all()
    for match_request_id in waiting:
        run_task("matching.match_posting", match_request_id)


def _account(walk: Walk, name: str, email: str, submit: str) -> None:
    walk.type("[name=display_name]", name)
    walk.type("[name=email]", email)
    walk.type("[name=password]", PASSWORD)
    walk.type("[name=password_again]", PASSWORD)
    walk.follow(submit)


@pytest.mark.parametrize("text_size", [1, 1.5], ids=["100%", "150%"])
def test_a_guest_resident_asks_for_help_with_shopping(visit, world, worker, text_size):
    page, keyboard, problems = _guest(visit, text_size)
    walk = _walk(page, keyboard, problems)

    def confirmation_link() -> str:
        assert "Daarna gaat u verder met uw vraag" in page.content()
        return worker.mail_link(EMAIL)  # the address walk_after types

    walk_after(walk, confirmation_link)

    assert "Dank u wel. Een moderator kijkt uw oproep eerst na" in page.content()
    db.session.commit()  # a new transaction sees what the live server wrote
    posting = db.session.scalars(select(Posting).where(Posting.title == TITLE)).one()
    assert (posting.description, posting.status) == (DESCRIPTION, PostingStatus.PENDING)
    assert posting.postcode == "3011 AB"
    assert (walk.clicks, walk.loads) == (8, 8)  # before issue 12: 10 and 10
    if text_size != 1:
        assert page.evaluate("document.documentElement.style.fontSize") == "150%"
    assert not problems, "\n".join(problems)


def test_a_guest_volunteer_signs_up_and_sees_suggestions(visit, world, worker):
    page, keyboard, problems = _guest(visit, 1.5)
    walk = _walk(page, keyboard, problems)
    walk.open("/")
    walk.follow("main a[href='/ik-wil-helpen']")
    assert page.locator("main ol li").count() == 3
    walk.follow("main a[href^='/registreren']")  # "Maak een account"
    _account(walk, "Sanne", "sanne@example.org", "main form button[type=submit]")

    walk.type("[name=postcode]", "3012 AB")
    walk.type("input[name=interests][value=boodschappen]", " ")  # Space ticks it
    walk.follow("button[name=patroon][value=weekend]")  # the shortcut, no JavaScript
    assert page.locator("input[name=availability]:checked").count() == 6
    assert page.locator("input[name=interests][value=boodschappen]").is_checked()
    walk.follow("main form button[name=submit][value=y]")  # "Opslaan en verder"
    assert "Daarna ziet u de oproepen die bij u passen" in page.content()

    walk.open(worker.mail_link("sanne@example.org"), clicked=True)
    assert page.url.endswith("/voor-u/")
    worker.match()  # the worker, a moment later
    page.reload()
    assert world.request.title in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.style.fontSize") == "150%"
    assert not problems, "\n".join(problems)


def test_a_guest_says_ik_help_and_lands_on_her_response_form(visit, world, worker):
    page, keyboard, problems = _guest(visit, 1.5)
    walk = _walk(page, keyboard, problems)
    walk.open(f"/oproepen/{world.request.id}")
    walk.follow("main a[href^='/registreren?doel=reageren']")  # "Ik help!"
    _account(walk, "Kees", "kees@example.org", "main form button[type=submit]")
    assert "Daarna kunt u meteen reageren op de oproep" in page.content()

    walk.open(worker.mail_link("kees@example.org"), clicked=True)
    assert page.url.endswith(f"/oproepen/{world.request.id}/reageren")
    assert page.locator("main form textarea").count() == 1
    assert not problems, "\n".join(problems)


def test_step_3_shows_only_the_fields_of_the_timing_chosen_without_javascript(
    browser, visit, world
):
    context = browser.new_context(
        base_url=visit.base_url, java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    cookie = visit.session_cookie(world.users["resident"])
    context.add_cookies([{"name": "session", "value": cookie, "url": visit.base_url}])
    page = context.new_page()
    page.goto(f"/oproepen/vragen/{world.draft.id}/wanneer")
    once, recurring = page.locator(".timing-once"), page.locator(".timing-recurring")
    page.locator("input[name=timing][value=flexible]").check()
    assert not once.is_visible() and not recurring.is_visible()
    page.locator("input[name=timing][value=once]").check()
    assert once.is_visible() and not recurring.is_visible()
    page.locator("input[name=timing][value=recurring]").check()
    assert recurring.is_visible() and not once.is_visible()
    context.close()
