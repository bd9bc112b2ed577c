"""The coordinator's pages and the visitor's round, through the routes."""

from __future__ import annotations

import io
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from marketplace.home_visits.models import HomeVisit, RoundAddress, VisitReport, VisitStatus
from marketplace.security_log import read_security_events
from marketplace.timestamps import LOCAL_TIME, utcnow
from tests.conftest import log_in
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, person
from tests.home_visits.factories import (
    address_csv,
    coordinator,
    organisation_of,
    planned_visit,
    trained_volunteer,
    visit_round,
)


def _events(name: str) -> list[dict]:
    day = utcnow().astimezone(LOCAL_TIME).date().isoformat()
    path = Path(current_app.instance_path) / "logs" / f"security-{day}.jsonl"
    return [event for event in read_security_events(path) if event["event"] == name]


def _upload(client, round_, data: bytes):
    return client.post(
        f"/huisbezoeken/ronde/{round_.id}/adressen",
        data={"addresses": (io.BytesIO(data), "adressen.csv")},
        content_type="multipart/form-data",
    )


def test_a_coordinator_makes_a_round_and_is_sent_to_its_upload_page(client, session):
    boss = coordinator()
    log_in(client, boss)
    organisation = organisation_of(boss)
    response = client.post(
        f"/huisbezoeken/organisatie/{organisation.id}",
        data={"name": "75+ Centrum", "wijk": "Centrum", "year": "2027"},
    )
    assert response.status_code == 302 and "/adressen" in response.headers["Location"]


def test_a_round_without_a_name_is_refused_and_keeps_the_wijk(client):
    boss = coordinator()
    log_in(client, boss)
    response = client.post(
        f"/huisbezoeken/organisatie/{organisation_of(boss).id}",
        data={"name": "", "wijk": "Feijenoord", "year": "2027"},
    )
    assert response.status_code == 422 and 'value="Feijenoord"' in response.get_data(as_text=True)


def test_an_uploaded_list_is_imported(client, session):
    boss = coordinator()
    round_ = visit_round(organisation_of(boss))
    log_in(client, boss)
    assert _upload(client, round_, address_csv(4)).status_code == 302
    assert session.scalar(select(func.count()).select_from(RoundAddress)) == 4


def test_an_upload_with_bad_rows_lists_them_and_imports_nothing(client, session):
    boss = coordinator()
    round_ = visit_round(organisation_of(boss))
    log_in(client, boss)
    response = _upload(client, round_, address_csv(2) + b"Bakker;Piet;;3011 AB;1950\n")
    assert response.status_code == 422
    assert "Regel 4" in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(RoundAddress)) == 0


def test_staff_who_is_not_coordinator_may_not_open_a_round(client):
    boss = coordinator()
    round_ = visit_round(organisation_of(boss))
    colleague = person()
    MembershipFactory(organisation=organisation_of(boss), user=colleague, role="staff")
    log_in(client, colleague)
    assert client.get(f"/huisbezoeken/ronde/{round_.id}").status_code == 403


def test_another_organisations_coordinator_gets_404_for_a_round(client):
    round_ = visit_round(organisation_of(coordinator()), addresses=1)
    log_in(client, coordinator())
    assert client.get(f"/huisbezoeken/ronde/{round_.id}").status_code == 404
    assert client.get(f"/huisbezoeken/ronde/{round_.id}/brieven").status_code == 404


def test_planning_from_the_round_page_plans_every_address(client, session):
    boss = coordinator()
    organisation = organisation_of(boss)
    trained_volunteer(organisation)
    round_ = visit_round(organisation, addresses=3)
    log_in(client, boss)
    response = client.post(
        f"/huisbezoeken/ronde/{round_.id}/plannen", data={"starts_on": "8-3-2027"}
    )
    assert response.status_code == 302
    assert session.scalar(select(func.count()).select_from(HomeVisit)) == 3


def test_a_letter_names_the_day_the_visitor_and_the_phone_number(client):
    boss = coordinator()
    organisation = organisation_of(boss)
    volunteer = trained_volunteer(organisation, display_name="Marieke J.")
    round_ = visit_round(organisation, addresses=1)
    address_id = _first_address_id()
    planned_visit(round_, volunteer, address_id)  # Tuesday 9 March 2027, morning
    log_in(client, boss)
    page = client.get(f"/huisbezoeken/ronde/{round_.id}/brieven").get_data(as_text=True)
    assert "Op dinsdag 9 maart ’s ochtends komt Marieke van" in page
    assert organisation.phone in page


def _first_address_id():
    from marketplace.extensions import db

    return db.session.scalar(select(RoundAddress.id).order_by(RoundAddress.id))


def test_the_visitor_sees_her_own_visits_with_the_address(client):
    organisation = organisation_of(coordinator())
    volunteer = trained_volunteer(organisation)
    round_ = visit_round(organisation, addresses=1)
    planned_visit(round_, volunteer, _first_address_id())
    log_in(client, volunteer)
    assert "Kerkstraat 1" in client.get("/huisbezoeken/mijn-bezoeken").get_data(as_text=True)


def test_someone_elses_visit_is_404(client):
    organisation = organisation_of(coordinator())
    round_ = visit_round(organisation, addresses=1)
    visit = planned_visit(round_, trained_volunteer(organisation), _first_address_id())
    log_in(client, person())
    assert client.get(f"/huisbezoeken/bezoek/{visit.id}").status_code == 404


def test_the_visitor_records_a_visit_with_wishes_and_the_scale(client, session):
    organisation = organisation_of(coordinator())
    volunteer = trained_volunteer(organisation)
    visit = planned_visit(visit_round(organisation, addresses=1), volunteer, _first_address_id())
    log_in(client, volunteer)
    answers = dict.fromkeys(("emptiness", "miss_people", "rejected"), "ja") | dict.fromkeys(
        ("fall_back", "trust", "close"), "nee"
    )
    response = client.post(
        f"/huisbezoeken/bezoek/{visit.id}",
        data={
            "result": "visited",
            "how_doing": "Redt zich goed, mist haar man.",
            "wishes": ["company", "shopping"],
            "scale_consent": "y",
            **{f"scale_{key}": value for key, value in answers.items()},
        },
    )
    assert response.status_code == 302
    report = session.scalar(select(VisitReport))
    assert (report.wish_mask, report.loneliness_total) == (0b11, 6)


def test_scale_answers_without_consent_are_not_kept(client, session):
    organisation = organisation_of(coordinator())
    volunteer = trained_volunteer(organisation)
    visit = planned_visit(visit_round(organisation, addresses=1), volunteer, _first_address_id())
    log_in(client, volunteer)
    client.post(
        f"/huisbezoeken/bezoek/{visit.id}",
        data={"result": "visited", "scale_emptiness": "ja"},
    )
    report = session.scalar(select(VisitReport))
    assert (report.scale_answers, report.loneliness_total) == (None, None)


def test_consent_without_every_answer_is_refused_and_keeps_the_report(client):
    organisation = organisation_of(coordinator())
    volunteer = trained_volunteer(organisation)
    visit = planned_visit(visit_round(organisation, addresses=1), volunteer, _first_address_id())
    log_in(client, volunteer)
    response = client.post(
        f"/huisbezoeken/bezoek/{visit.id}",
        data={"result": "visited", "how_doing": "Vrolijk", "scale_consent": "y"},
    )
    assert response.status_code == 422 and "Vrolijk" in response.get_data(as_text=True)


def test_not_at_home_three_times_means_not_reached(client, session):
    organisation = organisation_of(coordinator())
    volunteer = trained_volunteer(organisation)
    visit = planned_visit(visit_round(organisation, addresses=1), volunteer, _first_address_id())
    log_in(client, volunteer)
    for _ in range(3):
        client.post(f"/huisbezoeken/bezoek/{visit.id}", data={"result": "not_home"})
    session.refresh(visit)
    assert (visit.status, visit.attempts) == (VisitStatus.NOT_REACHED, 3)


def test_a_report_read_by_staff_is_logged_and_links_a_wish_to_the_intake(client):
    boss = coordinator()
    organisation = organisation_of(boss)
    volunteer = trained_volunteer(organisation)
    visit = planned_visit(visit_round(organisation, addresses=1), volunteer, _first_address_id())
    log_in(client, volunteer)
    client.post(
        f"/huisbezoeken/bezoek/{visit.id}", data={"result": "visited", "wishes": ["company"]}
    )
    log_in(client, boss)
    before = len(_events("home_visit.report_read"))
    page = client.get(f"/huisbezoeken/bezoek/{visit.id}/verslag").get_data(as_text=True)
    assert f"/intake/{organisation.id}/nieuw" in page
    assert [e["visit_id"] for e in _events("home_visit.report_read")[before:]] == [visit.id]


def test_the_visitor_cannot_open_the_report_afterwards(client):
    organisation = organisation_of(coordinator())
    volunteer = trained_volunteer(organisation)
    visit = planned_visit(visit_round(organisation, addresses=1), volunteer, _first_address_id())
    log_in(client, volunteer)
    client.post(f"/huisbezoeken/bezoek/{visit.id}", data={"result": "visited"})
    assert client.get(f"/huisbezoeken/bezoek/{visit.id}/verslag").status_code == 404


def test_a_coordinator_records_a_volunteers_vog_and_training(client):
    boss = coordinator()
    volunteer = person()
    log_in(client, boss)
    response = client.post(
        f"/huisbezoeken/organisatie/{organisation_of(boss).id}/bezoekers",
        data={
            "email": volunteer.email,
            "vog_on": "5-1-2027",
            "trained_on": "1-2-2027",
            "training_expires_on": "1-2-2029",
        },
    )
    assert response.status_code == 302


def test_an_unknown_email_for_a_visitor_is_refused_and_kept(client):
    boss = coordinator()
    log_in(client, boss)
    response = client.post(
        f"/huisbezoeken/organisatie/{organisation_of(boss).id}/bezoekers",
        data={
            "email": "niemand@example.org",
            "vog_on": "5-1-2027",
            "trained_on": "1-2-2027",
            "training_expires_on": "1-2-2029",
        },
    )
    assert response.status_code == 422 and "niemand@example.org" in response.get_data(as_text=True)


def _round_with_visits(wijk: str, count: int) -> None:
    organisation = OrganisationFactory()
    volunteer = trained_volunteer(organisation)
    round_ = visit_round(organisation, wijk=wijk)
    for _ in range(count):
        planned_visit(round_, volunteer)


def test_the_municipality_dashboard_shows_a_wijks_home_visits(client):
    _round_with_visits("Grootwijk", 5)
    log_in(client, UserFactory(municipality=True))
    response = client.get("/dashboard/")
    assert response.status_code == 200 and "Grootwijk" in response.get_data(as_text=True)


def test_the_municipality_dashboard_hides_a_wijk_with_fewer_than_five_visits(client):
    _round_with_visits("Kleinwijk", 4)
    log_in(client, UserFactory(municipality=True))
    response = client.get("/dashboard/")
    assert response.status_code == 200 and "Kleinwijk" not in response.get_data(as_text=True)


def test_the_coordinator_prints_what_is_kept_about_a_resident(client):
    boss = coordinator()
    organisation = organisation_of(boss)
    round_ = visit_round(organisation, addresses=1)
    planned_visit(round_, trained_volunteer(organisation), _first_address_id())
    log_in(client, boss)
    before = len(_events("home_visit.resident_read"))
    page = client.get(f"/huisbezoeken/ronde/{round_.id}/adres/{_first_address_id()}")
    assert "Kerkstraat 1" in page.get_data(as_text=True) and "1946" in page.get_data(as_text=True)
    assert len(_events("home_visit.resident_read")) == before + 1


def test_erasing_a_resident_at_her_request_keeps_the_visit_as_a_number(client, session):
    boss = coordinator()
    organisation = organisation_of(boss)
    volunteer = trained_volunteer(organisation)
    round_ = visit_round(organisation, addresses=1)
    address_id = _first_address_id()
    visit = planned_visit(round_, volunteer, address_id)
    log_in(client, volunteer)
    client.post(f"/huisbezoeken/bezoek/{visit.id}", data={"result": "visited"})
    log_in(client, boss)
    response = client.post(
        f"/huisbezoeken/ronde/{round_.id}/adres/{address_id}/wissen", data={"confirm": "y"}
    )
    assert response.status_code == 302
    session.refresh(visit)
    assert (visit.address_id, visit.status) == (None, "visited")
    assert session.scalar(select(func.count()).select_from(VisitReport)) == 0


def test_erasing_without_the_tick_is_refused(client, session):
    boss = coordinator()
    round_ = visit_round(organisation_of(boss), addresses=1)
    log_in(client, boss)
    response = client.post(f"/huisbezoeken/ronde/{round_.id}/adres/{_first_address_id()}/wissen")
    assert response.status_code == 422
    assert session.scalar(select(func.count()).select_from(RoundAddress)) == 1


def test_an_address_of_another_round_is_404(client):
    boss = coordinator()
    organisation = organisation_of(boss)
    visit_round(organisation, addresses=1)
    other = visit_round(organisation)
    log_in(client, boss)
    response = client.get(f"/huisbezoeken/ronde/{other.id}/adres/{_first_address_id()}")
    assert response.status_code == 404


def test_the_coordinator_ends_a_round_and_retention_counts_from_that_day(client, session):
    boss = coordinator()
    round_ = visit_round(organisation_of(boss))
    log_in(client, boss)
    assert client.post(f"/huisbezoeken/ronde/{round_.id}/afsluiten").status_code == 302
    session.refresh(round_)
    assert round_.ended_on is not None


def test_the_round_page_shows_the_share_visited(client):
    boss = coordinator()
    organisation = organisation_of(boss)
    volunteer = trained_volunteer(organisation)
    round_ = visit_round(organisation, addresses=2)
    visit = planned_visit(round_, volunteer, _first_address_id())
    planned_visit(round_, volunteer)
    log_in(client, volunteer)
    client.post(f"/huisbezoeken/bezoek/{visit.id}", data={"result": "visited"})
    log_in(client, boss)
    assert "Bezocht 50%" in client.get(f"/huisbezoeken/ronde/{round_.id}").get_data(as_text=True)


def test_a_training_that_expires_before_it_took_place_is_refused(client):
    boss = coordinator()
    volunteer = person()
    log_in(client, boss)
    response = client.post(
        f"/huisbezoeken/organisatie/{organisation_of(boss).id}/bezoekers",
        data={
            "email": volunteer.email,
            "vog_on": "5-1-2027",
            "trained_on": "1-2-2027",
            "training_expires_on": "1-1-2027",
        },
    )
    assert response.status_code == 422
    assert "moet verlopen na de datum van de training" in response.get_data(as_text=True)


def test_the_visitors_page_says_credentials_count_too(client):
    staff = coordinator()
    log_in(client, staff)
    page = client.get(f"/huisbezoeken/organisatie/{organisation_of(staff).id}/bezoekers").get_data(
        as_text=True
    )
    assert "de training huisbezoeken, vastgelegd door uw organisatie" in page


def test_the_round_page_has_its_name_as_title_and_one_end_button(client, session):
    boss = coordinator()
    round_ = visit_round(organisation_of(boss))
    log_in(client, boss)
    text = client.get(f"/huisbezoeken/ronde/{round_.id}").get_data(as_text=True)
    title = text[text.index("<title>") : text.index("</title>")]
    assert round_.name in title and "<" not in title[len("<title>") :]
    assert text.count(f"/huisbezoeken/ronde/{round_.id}/afsluiten") == 1
