"""A weekly walk, through the browser: the resident accepts the volunteer, they set
Wednesday-like "tomorrow" at 10:00, both are reminded the day before, both are asked
"Gaat het goed?" after a week, the volunteer answers "het is gestopt", and the welfare
worker of the wijk is told and reopens the request in one click (nl and en, 360 px, axe
clean)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.lasting_contact.models import LastingContact
from marketplace.lasting_contact.reminders import ask_check_ins, remind_batch
from marketplace.notifications.models import Notification
from marketplace.postings.models import Posting, PostingStatus
from marketplace.timestamps import local_today, utcnow
from tests.browser.conftest import World
from tests.browser.helpers import click_to, overflow_problem, page_problems, submit_main_form
from tests.factories import PostingFactory, ResponseFactory

pytestmark = pytest.mark.workflow  # also run on PostgreSQL in CI (.ci/run)


def _check(page: Page, problems: list[str], lang: str = "nl") -> None:
    where = page.url.split("/", 3)[-1]
    problems.extend(page_problems(page, lang, where) + overflow_problem(page, where))


def _notices(kind: str, user_id: int) -> int:
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.kind == kind, Notification.recipient_id == user_id
        )
    )


def test_a_weekly_walk_is_matched_reminded_checked_in_and_when_it_stops_welfare_is_told(
    visit, world: World
):
    problems: list[str] = []
    world.organisation.neighbourhoods = "Stadsdriehoek"
    walk = PostingFactory(
        published=True,
        author=world.users["resident"],
        lasting="walk",
        title="Wie wandelt elke week met mij?",
    )
    response = ResponseFactory(posting=walk, responder=world.users["volunteer"])
    db.session.commit()
    walk_id, response_id = walk.id, response.id

    resident = visit("resident", "nl", width=360)
    resident.goto(f"/berichten/{response_id}")
    assert click_to(resident, "button:has-text('Ja, hulp afspreken')") == 200
    assert click_to(resident, "a:has-text('Vast contact: dag en tijd')") == 200
    _check(resident, problems)
    tomorrow = local_today() + timedelta(days=1)
    resident.select_option("[name=weekday]", str(tomorrow.weekday()))
    resident.fill("[name=at_time]", "10:00")
    assert submit_main_form(resident) == 200
    _check(resident, problems)
    assert "om 10:00" in resident.content()

    contact = db.session.scalar(select(LastingContact))
    assert contact is not None
    assert remind_batch(db.session, utcnow()) == 1
    db.session.commit()
    assert _notices("lasting_reminder", world.users["volunteer"].id) == 1
    assert _notices("lasting_reminder", world.users["resident"].id) == 1

    assert ask_check_ins(db.session, utcnow() + timedelta(days=8)) == 2
    db.session.commit()

    volunteer = visit("volunteer", "en", width=360)
    volunteer.goto(f"/vast-contact/{contact.id}")
    _check(volunteer, problems, "en")
    assert "Is it going well?" in volunteer.content()
    assert click_to(volunteer, "button:has-text('It has stopped')") == 200
    _check(volunteer, problems, "en")

    staff_id = world.users["staff"].id
    assert _notices("lasting_contact", staff_id) == 1
    staff = visit("staff", "nl", width=360)
    staff.goto("/meldingen/")
    _check(staff, problems)
    assert "Een vast contact is gestopt" in staff.content()
    staff.goto(f"/vast-contact/{contact.id}")
    _check(staff, problems)
    assert click_to(staff, "button:has-text('Oproep weer openzetten')") == 200
    _check(staff, problems)
    reopened = db.session.get(Posting, walk_id)
    assert reopened is not None
    db.session.refresh(reopened)
    assert reopened.status == PostingStatus.PUBLISHED
    assert problems == []
