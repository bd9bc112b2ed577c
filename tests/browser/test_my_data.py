"""A resident takes her data and leaves, through the browser on a phone: she logs in, opens
Mijn gegevens, downloads the file, deletes her account with her password, and can no
longer log in. Her helper still has the conversation, from "verwijderd account"."""

from __future__ import annotations

import json

import pytest

from marketplace.accounts.models import User
from marketplace.extensions import db
from tests.browser.helpers import click_to, overflow_problem, page_problems, submit_main_form
from tests.factories import PASSWORD

pytestmark = pytest.mark.workflow  # also run on PostgreSQL in CI (.ci/run)


def _log_in(page, email: str, password: str) -> int:
    page.goto("/inloggen")
    page.fill("[name=email]", email)
    page.fill("[name=password]", password)
    return submit_main_form(page)


def test_resident_downloads_her_data_and_deletes_her_account(visit, world):
    resident = world.users["resident"]
    email = resident.email
    page = visit(width=360)
    assert _log_in(page, email, PASSWORD) == 200

    page.goto("/menu")
    assert click_to(page, "main a[href='/mijn-gegevens']") == 200
    main = page.inner_text("main")
    assert "Annie de Vries" in main and email in main
    assert page_problems(page, "nl", "Mijn gegevens") == []
    assert overflow_problem(page, "Mijn gegevens") == []

    with page.expect_download() as download:
        page.locator("main a[href='/mijn-gegevens/download']").click()
    with open(download.value.path(), encoding="utf-8") as file:
        data = json.load(file)
    assert data["account"]["email"] == email
    assert data["profile"]["display_name"] == "Annie de Vries"
    assert any(p["title"] == world.request.title for p in data["postings"])
    assert "password_hash" not in json.dumps(data)

    assert click_to(page, "main a[href='/account/verwijderen']") == 200
    assert page_problems(page, "nl", "Account verwijderen") == []
    assert overflow_problem(page, "Account verwijderen") == []
    page.check("[name=understood]")
    page.fill("[name=password]", "niet-mijn-wachtwoord")
    assert submit_main_form(page) == 422
    assert "Dit is niet uw wachtwoord" in page.inner_text("main")
    assert page.is_checked("[name=understood]")  # her tick is kept
    page.fill("[name=password]", PASSWORD)
    assert submit_main_form(page) == 200
    assert "Uw account is verwijderd" in page.inner_text("body")

    assert _log_in(page, email, PASSWORD) == 422
    assert "klopt niet" in page.inner_text("main")
    db.session.expire_all()
    assert db.session.get(User, resident.id).erased_at is not None

    helper = visit("volunteer", width=360)
    helper.goto(f"/berichten/{world.conversation.id}")
    conversation = helper.inner_text("main")
    assert "verwijderd account" in conversation and "Annie de Vries" not in conversation
    assert "Om tien uur graag." not in conversation  # her message is erased


@pytest.mark.parametrize("path", ["/mijn-gegevens", "/account/verwijderen"])
def test_the_pages_work_in_english_on_a_phone(visit, world, path):
    page = visit("resident", lang="en", width=360)
    page.goto(path)
    assert page_problems(page, "en", path) == []
    assert overflow_problem(page, path) == []
