"""In the browser at 360 px: a resident sees where she is logged in and logs out another
device; a moderator confirms with password and code; an admin logs someone out everywhere."""

from __future__ import annotations

import pytest

from marketplace.accounts.sessions import count_sessions
from marketplace.extensions import db
from tests.accounts.helpers import unused_code
from tests.browser.helpers import click_to, overflow_problem, page_problems, submit_main_form
from tests.factories import PASSWORD

pytestmark = pytest.mark.workflow


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_resident_logs_out_another_device_at_360_px(visit, world, lang):
    resident = world.users["resident"]
    visit("resident", lang=lang)  # her other device
    page = visit("resident", lang=lang, width=360)
    page.goto("/profiel/#apparaten")
    problems = page_problems(page, lang, "sessions") + overflow_problem(page, "sessions")
    items = page.locator("main .session-item")
    assert items.count() == 2
    other = page.locator("main .session-item:not(.session-here)").first
    with page.expect_navigation():
        other.locator("button[type=submit]").click()
    assert page.url.endswith("/profiel/#apparaten")
    assert page.locator("main .session-item").count() == 1
    assert count_sessions(db.session, resident) == 1
    assert not problems, "\n".join(problems)


def test_a_moderator_confirms_with_password_and_code_at_360_px(visit, world):
    moderator = world.users["moderator"]
    page = visit("moderator", width=360)
    page.goto("/account/tweestapsverificatie")
    assert "/account/bevestig-wachtwoord" in page.url
    problems = page_problems(page, "nl", "confirm") + overflow_problem(page, "confirm")
    page.fill("[name=password]", PASSWORD)
    page.fill("[name=code]", unused_code(moderator))
    assert submit_main_form(page) == 200
    assert page.url.endswith("/account/tweestapsverificatie")
    assert not problems, "\n".join(problems)


def test_an_admin_logs_someone_out_everywhere_at_360_px(visit, world):
    resident = world.users["resident"]
    visit("resident")
    page = visit("admin", width=360)
    page.goto(f"/beheer/gebruikers/{resident.id}")
    problems = page_problems(page, "nl", "admin user") + overflow_problem(page, "admin user")
    assert (
        click_to(page, f"form[action='/beheer/gebruikers/{resident.id}/overal-uitloggen'] button")
        == 200
    )
    assert count_sessions(db.session, resident) == 0
    assert not problems, "\n".join(problems)
