"""The dashboard's figures for issue 16: registered versus active volunteers, follow-up
outcomes, the share of requests for company per wijk, and requests matchmakers took on;
small numbers hidden as everywhere on the dashboard."""

from __future__ import annotations

from marketplace.dashboard.services import build_report, compute_figures
from marketplace.extensions import db
from marketplace.followups.models import FollowUp
from marketplace.matchmaking.models import MatchmakerInvitation
from tests.dashboard.helpers import NOW, Q1, at, posting, response
from tests.factories import person


def _report(session, neighbourhood=None):
    return build_report(compute_figures(session, Q1, NOW, neighbourhood=neighbourhood))


def _row(table, label):
    return next(row.cells for row in table.rows if row.label == label)


def test_registered_volunteers_are_counted_next_to_the_active_ones(session):
    for _ in range(6):
        person(volunteer=True)
    report = _report(session)
    assert _row(report.follow_through, "Vrijwilligers ingeschreven (nu)")[0].text == "6"
    assert _row(report.follow_through, "Vrijwilligers actief in deze periode")[0].text == "0"


def test_follow_up_answers_in_the_period_are_counted_and_small_ones_hidden(session):
    request = posting(at("2025-01-10", 9), at("2025-01-10", 10))
    for answer in ["yes"] * 5 + ["no"] * 2:
        helped = response(request, at("2025-01-11"), responder=person(volunteer=True))
        db.session.add(
            FollowUp(
                response=helped,
                user=helped.responder,
                answer=answer,
                answered_at=at("2025-02-01"),
            )
        )
    db.session.commit()
    table = _report(session).follow_through
    assert _row(table, "Is het gelukt? Ja")[0].text == "5"
    assert _row(table, "Is het gelukt? Nee")[0].text == "< 5"


def test_requests_taken_on_by_matchmakers_are_counted(session):
    for _ in range(5):
        request = posting(at("2025-01-10", 9), at("2025-01-10", 10))
        db.session.add(
            MatchmakerInvitation(
                posting_id=request.id,
                volunteer_id=person(volunteer=True).id,
                kind="invited",
                status="accepted",
                created_at=at("2025-01-20"),
            )
        )
    db.session.commit()
    table = _report(session).follow_through
    assert _row(table, "Hulpvragen opgepakt door een medewerker (rondbellen)")[0].text == "5"
    assert _row(table, "waarvan een vrijwilliger ja zei")[0].text == "5"


def test_the_share_of_requests_for_company_is_shown_per_wijk(session):
    for _ in range(5):
        posting(at("2025-01-10", 9), at("2025-01-10", 10), category_slug="gezelschap")
    for _ in range(15):
        posting(at("2025-01-10", 9), at("2025-01-10", 10))
    cells = _row(_report(session).company, "Stadsdriehoek")
    assert [cell.text for cell in cells] == ["20", "5", "25%"]


def test_a_small_number_of_company_requests_hides_the_share_too(session):
    for _ in range(2):
        posting(at("2025-01-10", 9), at("2025-01-10", 10), category_slug="gezelschap")
    for _ in range(10):
        posting(at("2025-01-10", 9), at("2025-01-10", 10))
    cells = _row(_report(session).company, "Stadsdriehoek")
    assert [cell.text for cell in cells] == ["12", "< 5", "< 5"]


def test_an_organisation_sees_its_own_matchmaking_figures_with_small_numbers_hidden(client):
    from tests.conftest import log_in
    from tests.matchmaking.conftest import listed_request, volunteer, worker

    staff = worker()
    organisation = staff.memberships[0].organisation
    for _ in range(5):
        db.session.add(
            MatchmakerInvitation(
                posting_id=listed_request().id,
                volunteer_id=volunteer().id,
                organisation_id=organisation.id,
                kind="invited",
                status="declined",
            )
        )
    db.session.commit()
    log_in(client, staff)
    page = client.get(f"/koppelen/organisatie/{organisation.id}/cijfers").get_data(as_text=True)
    assert '<th scope="row">Zei nee</th><td>5</td>' in page


def test_another_organisations_figures_do_not_exist_for_you(client):
    from tests.conftest import log_in
    from tests.matchmaking.conftest import worker

    other = worker()
    log_in(client, worker())
    organisation_id = other.memberships[0].organisation.id
    assert client.get(f"/koppelen/organisatie/{organisation_id}/cijfers").status_code == 404


def test_a_volunteer_with_hours_logged_in_the_period_counts_as_active(session):
    from datetime import date
    from decimal import Decimal

    from marketplace.organisations.models import Application, VolunteerHours
    from marketplace.postings.models import PostingKind

    vacancy = posting(at("2024-06-01", 9), at("2024-06-01", 10), kind=PostingKind.VACANCY)
    helpers = [person(volunteer=True) for _ in range(5)]
    for helper in helpers:
        applied = response(vacancy, at("2024-06-02"), responder=helper)
        application = Application(response=applied)
        db.session.add(application)
        db.session.flush()
        db.session.add(
            VolunteerHours(
                application_id=application.id,
                worked_on=date(2025, 2, 1),
                hours=Decimal("2"),
                created_at=at("2025-02-01"),
            )
        )
    db.session.commit()
    table = _report(session).follow_through
    assert _row(table, "Vrijwilligers actief in deze periode")[0].text == "5"
