"""The organisation side through the browser: a coordinator follows an applicant to
placement and downloads the list; a professional takes a phone intake for a client and hands
the match over; the municipality looks at its neighbourhoods and downloads the figures."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.intake.models import Client, HandOver
from marketplace.organisations.models import Application, ApplicationStatus
from marketplace.postings.models import Posting, PostingStatus
from marketplace.responses.services import accept_response, respond_to_posting
from tests.browser.helpers import click_to, submit_main_form

pytestmark = pytest.mark.workflow  # also run on PostgreSQL in CI (.ci/run)


def test_coordinator_follows_an_applicant_to_placement_and_downloads_the_list(visit, world):
    page = visit("staff")  # coordinator of Welzijn Noord; Karim applied to its vacancy
    page.goto(f"/organisaties/vacatures/{world.vacancy.id}/aanmeldingen")
    click_to(page, "main table a[href^='/organisaties/aanmeldingen/']")
    for status in ("contacted", "intake_planned", "placed"):
        click_to(page, f"form.move-form button[value={status}]")
    db.session.expire_all()
    application = db.session.scalars(select(Application)).one()
    assert application.status == ApplicationStatus.PLACED

    page.goto(f"/organisaties/{world.organisation.id}/beheer")
    with page.expect_download() as download:
        page.locator(f"a[href='/organisaties/{world.organisation.id}/aanmeldingen.csv']").click()
    with open(download.value.path(), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert any("Karim Bouzid" in row for row in rows), rows

    volunteer = visit("volunteer")
    volunteer.goto("/organisaties/mijn-aanmeldingen")
    assert "Maatje voor een wandeling" in volunteer.inner_text("main")


def test_professional_takes_a_phone_intake_and_hands_the_match_over(visit, world):
    organisation, staff = world.organisation, world.users["staff"]
    page = visit("staff")
    page.goto(f"/intake/{organisation.id}/nieuw")
    page.fill("[name=client_name]", "mevr. B.")
    page.fill("[name=client_postcode]", "3011 AB")
    page.fill("[name=client_phone]", "010 123 4567")
    page.select_option("[name=category_id]", str(world.request.category_id))
    page.fill("[name=description]", "Mevrouw wil graag samen boodschappen doen op dinsdag.")
    page.check("[name=client_consent]")
    assert click_to(page, "main form button.button-large") == 200
    assert "mevr. B." in page.inner_text("main")  # the printable confirmation

    db.session.expire_all()
    posting = db.session.scalars(select(Posting).where(Posting.client_id.is_not(None))).one()
    client = db.session.get(Client, posting.client_id)
    assert posting.on_behalf_of == "mevr. B." and client.organisation_id == organisation.id
    assert posting.status == PostingStatus.PENDING
    posting.status, posting.published_at = PostingStatus.PUBLISHED, posting.submitted_at
    response = respond_to_posting(db.session, posting, world.users["volunteer"], "Ik ga mee.")
    accept_response(db.session, staff, response)
    db.session.commit()

    volunteer = visit("volunteer")
    volunteer.goto(f"/berichten/{response.id}")
    assert "010 123 4567" not in volunteer.inner_text("main")

    page.goto(f"/berichten/{response.id}")
    page.check("[name=consent]")
    click_to(page, "section.hand-over form button")
    db.session.expire_all()
    assert db.session.scalars(select(HandOver)).one().client_name == "mevr. B."
    volunteer.goto(f"/berichten/{response.id}")
    assert "010 123 4567" in volunteer.inner_text("main")


def test_the_municipality_looks_at_one_neighbourhood_and_downloads_the_figures(visit, world):
    page = visit("municipality")
    page.goto("/")
    click_to(page, "nav a[href='/dashboard/']")
    wijk = world.request.neighbourhood
    page.select_option("[name=neighbourhood]", wijk)
    assert submit_main_form(page) == 200
    assert wijk in page.inner_text("main")
    assert page.locator("main table").count() >= 3
    assert page.locator("main svg").count() >= 1

    with page.expect_download() as download:
        page.locator("a[href*='/dashboard/export.csv']").first.click()
    with open(download.value.path(), encoding="utf-8-sig") as f:
        text = f.read()
    assert wijk in text and "Hulpvragen en hulpaanbod" in text
    for role in ("resident", "staff"):
        assert visit(role).goto("/dashboard/").status == 403
