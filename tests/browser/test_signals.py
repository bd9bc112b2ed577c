"""From worry to a visit (concern signals), in the browser: a guest passes on a worry on a
360 px phone; a handler logs in, finds it in the queue, gives it to herself, plans a visit (a
day in the past is refused first), sees it in her own queue, writes a note, marks it
visited and closes it with "help arranged", landing in the intake to post a request
for the person; the guest's private link shows only the status. axe clean on every page."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from marketplace.accounts import two_factor
from marketplace.extensions import db
from marketplace.signals.models import Signal, SignalArea, SignalHandler, SignalOutcome
from marketplace.timestamps import local_today
from tests.browser.conftest import World
from tests.browser.helpers import click_to, log_in_with_form, overflow_problem, page_problems
from tests.factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.workflow  # also run on PostgreSQL in CI (.ci/run)


def _check(page: Page, problems: list[str]) -> None:
    where = page.url.split("/", 3)[-1]
    problems.extend(page_problems(page, "nl", where) + overflow_problem(page, where))


def _handler(world: World):  # type: ignore[no-untyped-def]
    handler = MembershipFactory(organisation=world.organisation).user
    db.session.add(SignalArea(organisation_id=world.organisation.id, wijk="Stadsdriehoek"))
    db.session.add(SignalHandler(organisation_id=world.organisation.id, user_id=handler.id))
    two_factor.enable_with_secret(db.session, handler, pyotp.random_base32())  # as staff must
    db.session.commit()
    return handler


def _guest_passes_on_a_worry(page: Page, problems: list[str]) -> str:
    page.goto("/zorg-melden")
    _check(page, problems)
    assert "Bel dan meteen 112" in page.content()
    page.fill("[name=street]", "Hoogstraat")
    page.fill("[name=house_number]", "12")
    page.fill("[name=postcode]", "3011 AB")
    click_to(page, "button[name=goto][value=next]")
    _check(page, problems)
    page.check("input[name=noticed][value=curtains]")
    page.fill("[name=noticed_text]", "De gordijnen zijn al een week dicht.")
    click_to(page, "button[name=goto][value=next]")
    _check(page, problems)
    page.check("input[name=since][value=weeks]")
    click_to(page, "button[name=goto][value=next]")
    _check(page, problems)
    page.check("input[name=reporter_did][value=rang_bell]")
    click_to(page, "button[name=goto][value=next]")
    _check(page, problems)
    page.fill("[name=reporter_phone]", "06 1111 2222")
    click_to(page, "button[name=goto][value=next]")
    _check(page, problems)
    assert "Hoogstraat 12, 3011 AB" in page.content()
    click_to(page, "button[name=goto][value=send]")
    _check(page, problems)
    assert "We hebben uw zorg ontvangen" in page.content()
    return page.locator(".status-link a").get_attribute("href") or ""


def test_a_worry_goes_from_a_guest_to_a_handler_and_into_the_intake(visit, world):
    problems: list[str] = []
    handler = _handler(world)
    guest = visit("anonymous", width=360)
    status_link = _guest_passes_on_a_worry(guest, problems)
    assert "/zorg-melden/status/" in status_link

    page = visit("anonymous", width=360)
    log_in_with_form(page, handler.email, PASSWORD)
    page.goto(f"/signalen/{world.organisation.id}")
    _check(page, problems)
    assert "Hoogstraat 12" in page.content()
    assert "nog 47 uur" in page.content()
    click_to(page, "main a:has-text('Hoogstraat 12')")
    _check(page, problems)

    page.select_option("select[name=assignee]", str(handler.id))
    click_to(page, "form[action$='/toewijzen'] button[type=submit]")
    # A day in the past is refused, keeping the choices; then tomorrow morning.
    page.select_option("select[name=visitor]", str(handler.id))
    page.fill("input[name=day]", (local_today() - timedelta(days=1)).isoformat())
    page.check("input[name=daypart][value=morning]")
    click_to(page, "form[action$='/bezoek'] button[type=submit]")
    _check(page, problems)
    assert "Kies een dag vanaf vandaag." in page.content()
    assert page.is_checked("input[name=daypart][value=morning]")
    page.fill("input[name=day]", (local_today() + timedelta(days=1)).isoformat())
    click_to(page, "form[action$='/bezoek'] button[type=submit]")
    _check(page, problems)
    assert "Het bezoek is gepland" in page.content()
    page.goto(f"/signalen/{world.organisation.id}?mij=1")
    _check(page, problems)
    assert "Bezoek:" in page.content() and "ochtend" in page.content()
    click_to(page, "main a:has-text('Hoogstraat 12')")
    # She phoned the person: first contact, the clock stops.
    page.check("input[name=status][value=in_progress]")
    click_to(page, "form[action$='/status'] button[type=submit]")
    _check(page, problems)
    page.fill("[name=body]", "Buurvrouw op nummer 14 heeft een sleutel.")
    click_to(page, "form[action$='/notitie'] button[type=submit]")
    _check(page, problems)
    assert "Buurvrouw op nummer 14 heeft een sleutel." in page.content()
    page.check("input[name=status][value=visited]")
    click_to(page, "form[action$='/status'] button[type=submit]")
    page.check("input[name=outcome][value=help_arranged]")
    click_to(page, "form[action$='/afsluiten'] button[type=submit]")
    assert page.url.endswith(f"/intake/{world.organisation.id}/nieuw")
    assert "Plaats nu de hulpvraag voor deze persoon." in page.content()

    db.session.commit()  # a new transaction sees what the live server wrote
    signal = db.session.scalars(select(Signal)).one()
    assert signal.outcome == SignalOutcome.HELP_ARRANGED
    assert signal.assigned_to_id == handler.id
    assert signal.visit_planned_on == local_today() + timedelta(days=1)
    assert [c.to_status for c in signal.history] == ["new", "in_progress", "visited", "closed"]

    guest.goto(status_link)
    _check(guest, problems)
    content = guest.content()
    assert "Er is iemand langs geweest." in content
    assert "Hoogstraat" not in content and "sleutel" not in content
    assert "06 1111 2222" not in content
    assert not problems, "\n".join(problems)
