"""Account security in the browser: a new moderator sets up two-factor log-in on a phone
(scans or types the key, types a first code, sees the recovery codes), staff log in with
password and code, and a resident types her password before changing her address."""

from __future__ import annotations

import pyotp
import pytest

from marketplace.accounts import two_factor
from marketplace.extensions import db
from tests.browser.helpers import (
    click_to,
    log_in_with_form,
    overflow_problem,
    page_problems,
    submit_main_form,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.workflow


def test_a_new_moderator_sets_up_two_factor_on_a_phone(visit, world):
    moderator = world.users["moderator"]
    page = visit(width=360)
    log_in_with_form(page, moderator.email, PASSWORD)
    # No session work until two-factor log-in is set up: every page leads here.
    page.goto("/moderatie/")
    # Logging in does not count as confirming: the password again first (accounts.reauth).
    assert "/account/bevestig-wachtwoord" in page.url
    page.fill("[name=password]", PASSWORD)
    assert submit_main_form(page) == 200
    assert page.url.endswith("/account/tweestapsverificatie")
    assert page.evaluate("document.querySelector('img.qr-code').naturalWidth") > 0
    assert overflow_problem(page, "set-up page at 360 px") == []
    assert page_problems(page, "nl", "set-up page") == []
    secret = page.inner_text("code.secret-key").replace(" ", "")
    page.fill("[name=code]", pyotp.TOTP(secret).now())
    assert submit_main_form(page) == 200
    assert page.locator("ol.recovery-codes li").count() == 10
    assert page_problems(page, "nl", "recovery codes") + overflow_problem(page, "codes") == []
    db.session.expire_all()
    assert two_factor.is_enabled(db.session, moderator)
    page.goto("/moderatie/")
    assert page.url.endswith("/moderatie/")


def test_staff_log_in_with_password_and_the_code_from_the_app(visit, world):
    staff = world.users["staff"]
    two_factor.enable_with_secret(db.session, staff, pyotp.random_base32())
    db.session.commit()
    page = visit()
    page.goto("/inloggen")
    page.fill("[name=email]", staff.email)
    page.fill("[name=password]", PASSWORD)
    submit_main_form(page)
    assert page.url.endswith("/inloggen/code"), "the password alone does not log in"
    assert page_problems(page, "nl", "code page") == []
    page.goto("/")
    assert page.locator("form[action='/uitloggen']").count() == 0
    assert log_in_with_form(page, staff.email, PASSWORD) == 200
    assert page.locator("form[action='/uitloggen']").count() > 0


def test_a_resident_changes_her_address_after_typing_her_password(visit, world):
    page = visit("resident", width=360)
    page.goto("/profiel/")
    click_to(page, "main a[href='/account/e-mailadres']")
    assert page.url.endswith("/account/bevestig-wachtwoord?next=/account/e-mailadres")
    problems = page_problems(page, "nl", "confirm password") + overflow_problem(page, "confirm")
    page.fill("[name=password]", PASSWORD)
    assert submit_main_form(page) == 200
    assert page.url.endswith("/account/e-mailadres")
    problems += page_problems(page, "nl", "change e-mail") + overflow_problem(page, "change")
    page.fill("[name=email]", "annie.nieuw@example.org")
    assert submit_main_form(page) == 200
    assert "annie.nieuw@example.org" in page.inner_text("main")
    assert not problems, "\n".join(problems)
