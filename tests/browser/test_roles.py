"""The whole loop through the browser, one test per role: a resident asks for help, a
moderator approves it, a volunteer responds, the resident accepts and both see each other's
contact details; organisation staff publish a vacancy and see who signed up; an admin reads
the audit log. Each test starts from the state the previous role would leave behind."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.moderation.services import approve_posting
from marketplace.postings.models import Posting, PostingKind, PostingStatus
from marketplace.responses.models import Response, ResponseStatus
from marketplace.responses.services import respond_to_posting
from tests.browser.helpers import click_to, submit_main_form
from tests.factories import PostingFactory, ResponseFactory

pytestmark = pytest.mark.workflow  # also run on PostgreSQL in CI (.ci/run)


def test_resident_asks_for_help_in_steps_and_checks_the_answers(visit, world):
    resident = world.users["resident"]
    page = visit("resident")
    page.goto("/")
    click_to(page, "nav a[href^='/oproepen/vragen']")
    page.check(f"input[name=category_id][value='{world.request.category_id}']")
    page.fill("[name=title]", "Wie helpt mij met de tuin?")
    page.fill("[name=description]", "Mijn heg is te hoog geworden. Wie knipt hem met mij?")
    assert submit_main_form(page) == 200
    page.fill("[name=postcode]", "3011 AB")
    assert submit_main_form(page) == 200
    page.check("input[name=timing][value=flexible]")
    assert submit_main_form(page) == 200
    assert "Wie helpt mij met de tuin?" in page.inner_text("main")
    assert submit_main_form(page) == 200
    db.session.expire_all()
    posting = db.session.scalars(
        select(Posting).where(Posting.author_id == resident.id, Posting.title.contains("tuin"))
    ).one()
    assert posting.status == PostingStatus.PENDING
    assert "3011 AB" not in page.inner_text("main"), "the postcode is never shown in full"


def test_moderator_approves_a_waiting_posting(visit, world):
    page = visit("moderator")
    page.goto("/moderatie/")
    click_to(page, f"main a[href='/moderatie/oproepen/{world.pending.id}']")
    click_to(page, f"form[action$='/oproepen/{world.pending.id}/goedkeuren'] button")
    db.session.expire_all()
    assert db.session.get(Posting, world.pending.id).status == PostingStatus.PUBLISHED


def test_volunteer_responds_to_a_published_request(visit, world):
    request = PostingFactory(published=True, author=world.users["resident"], title="Hond uitlaten")
    page = visit("volunteer")
    page.goto("/oproepen/")
    click_to(page, f"main a[href='/oproepen/{request.id}']")
    click_to(page, f"main a[href='/oproepen/{request.id}/reageren']")
    page.fill("textarea[name=message]", "Ik loop elke ochtend. Zal ik uw hond meenemen?")
    assert submit_main_form(page) == 200
    db.session.expire_all()
    response = db.session.scalars(select(Response).where(Response.posting_id == request.id)).one()
    assert response.responder_id == world.users["volunteer"].id
    assert "06 1234 5678" not in page.inner_text("main"), "no contact details before acceptance"


def test_resident_accepts_and_both_see_each_others_contact_details(visit, world):
    resident, volunteer = world.users["resident"], world.users["volunteer"]
    request = PostingFactory(published=True, author=resident, title="Lamp ophangen")
    response = ResponseFactory(posting=request, responder=volunteer)
    page = visit("resident")
    page.goto("/berichten/")
    click_to(page, f"main a[href='/berichten/{response.id}']")
    assert volunteer.email not in page.inner_text("main")
    click_to(page, f"form[action$='/berichten/{response.id}/accepteren'] button")
    db.session.expire_all()
    assert db.session.get(Response, response.id).status == ResponseStatus.ACCEPTED
    page.goto(f"/berichten/{response.id}")
    assert volunteer.email in page.inner_text("main")
    assert "06 1234 5678" in page.inner_text("main")

    other = visit("volunteer")
    other.goto(f"/berichten/{response.id}")
    assert resident.email in other.inner_text("main")


def test_organisation_staff_publish_a_vacancy_and_see_who_signed_up(visit, world):
    organisation = world.organisation
    page = visit("staff")
    page.goto(f"/organisaties/{organisation.id}/beheer")
    page.goto(f"/organisaties/{organisation.id}/vacatures/nieuw")
    page.check(f"input[name=category_id][value='{world.request.category_id}']")
    page.fill("[name=title]", "Voorlezen in het buurthuis")
    page.fill("[name=description]", "Wie leest op woensdag voor aan kinderen in het buurthuis?")
    page.fill("[name=postcode]", "3011 AB")
    page.check("input[name=timing][value=flexible]")
    assert submit_main_form(page) == 200
    db.session.expire_all()
    vacancy = db.session.scalars(
        select(Posting).where(Posting.title == "Voorlezen in het buurthuis")
    ).one()
    assert vacancy.kind == PostingKind.VACANCY and vacancy.organisation_id == organisation.id

    approve_posting(db.session, world.users["moderator"], vacancy)
    respond_to_posting(db.session, vacancy, world.users["volunteer"], "Ik lees graag voor.")
    db.session.commit()
    page.goto(f"/organisaties/vacatures/{vacancy.id}/aanmeldingen")
    assert "Karim Bouzid" in page.inner_text("main")


def test_admin_reads_the_audit_log(visit, world):
    approve_posting(db.session, world.users["moderator"], world.pending)
    db.session.commit()
    page = visit("admin")
    page.goto("/moderatie/logboek")
    text = page.inner_text("main")
    assert "Moderator Mo" in text
    assert f"/moderatie/oproepen/{world.pending.id}" in page.content()

    for role in ("moderator", "resident"):
        other = visit(role)
        assert other.goto("/moderatie/logboek").status == 403
