"""Home visits through the browser: a coordinator imports a 75+ list, plans the round and
opens the letters; a volunteer visitor records a visit on a 360 px phone."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.home_visits.models import HomeVisit, VisitorQualification, VisitReport
from tests.browser.conftest import WIDTHS
from tests.browser.helpers import axe_violations, click_to, horizontal_overflow

pytestmark = pytest.mark.workflow  # also run on PostgreSQL in CI (.ci/run)

LIST = (
    "\ufeffNaam;Voornaam;Adres;Postcode;Geboortejaar\n"
    "Jansen;Marie;Kerkstraat 1;3012 AB;1941\n"
    "de Graaf;Kees;Kerkstraat 3;3012 AB;1938\n"
    "Bouali;Fatna;Noordplein 3;3012 CD;1946\n"
)


def test_coordinator_imports_a_list_plans_the_round_and_opens_the_letters(visit, world, tmp_path):
    organisation = world.organisation
    db.session.add(
        VisitorQualification(
            organisation_id=organisation.id,
            user_id=world.users["volunteer"].id,
            vog_on=date(2026, 1, 5),
            trained_on=date(2026, 2, 1),
            training_expires_on=date(2099, 1, 1),
        )
    )
    db.session.commit()
    page = visit("staff")  # coordinator of Welzijn Noord
    page.goto(f"/huisbezoeken/organisatie/{organisation.id}")
    page.fill("[name=name]", "75+ Centrum")
    page.fill("[name=wijk]", "Centrum")
    assert click_to(page, "main form button[type=submit]") == 200
    assert "/adressen" in page.url

    csv_file = tmp_path / "adressen.csv"
    csv_file.write_text(LIST, encoding="utf-8")
    page.set_input_files("[name=addresses]", str(csv_file))
    assert click_to(page, "main form button[type=submit]") == 200
    assert "3 adressen ingelezen" in page.inner_text("main")

    page.fill("[name=starts_on]", "2027-03-08")
    assert click_to(page, "main form button[type=submit]") == 200
    assert "3 bezoeken gepland" in page.inner_text("main")
    assert axe_violations(page) == []

    click_to(page, "a[href$='/brieven']")
    letters = page.locator("article.visit-letter")
    assert letters.count() == 3
    assert "bij u langs" in letters.first.inner_text()
    assert axe_violations(page) == []


def test_a_volunteer_records_a_visit_on_a_phone(visit, world):
    from tests.browser.home_visit_pages import home_visit_world

    visit_id = home_visit_world(world).open_visit_id
    page = visit("volunteer", width=WIDTHS["mobile"])
    page.goto("/huisbezoeken/mijn-bezoeken")
    assert horizontal_overflow(page) == 0 and axe_violations(page) == []
    click_to(page, f"a[href='/huisbezoeken/bezoek/{visit_id}']")
    page.check("[name=result][value=visited]")
    page.fill("[name=how_doing]", "Redt zich goed; wil graag een maatje om mee te wandelen.")
    page.check("[name=wishes][value=company]")
    page.check("[name=scale_consent]")
    for name, answer in (
        ("emptiness", "ja"),
        ("fall_back", "nee"),
        ("trust", "min_of_meer"),
        ("miss_people", "ja"),
        ("close", "ja"),
        ("rejected", "nee"),
    ):
        page.check(f"[name=scale_{name}][value={answer}]")
    assert horizontal_overflow(page) == 0 and axe_violations(page) == []
    assert click_to(page, "main form button[type=submit]") == 200
    db.session.expire_all()
    report = db.session.scalars(select(VisitReport).where(VisitReport.visit_id == visit_id)).one()
    assert (report.loneliness_emotional, report.loneliness_social) == (2, 2)
    assert db.session.get(HomeVisit, visit_id).status == "visited"
