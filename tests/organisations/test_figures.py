"""An organisation's own figures (issue 16): its requests, the volunteers placed through it,
follow-up answers, requests for company, its matchmakers and lasting contacts from its
requests; another organisation's work is not counted; small numbers read "< 5"; only its
staff and admins see the page."""

from __future__ import annotations

from datetime import date

from marketplace.extensions import db
from marketplace.followups.models import FollowUp
from marketplace.lasting_contact.models import LastingContact
from marketplace.matchmaking.models import Credential, MatchmakerInvitation
from marketplace.organisations.figures import count
from marketplace.organisations.models import Application
from marketplace.periods import Period
from marketplace.responses.models import ResponseStatus
from tests.conftest import log_in
from tests.dashboard.helpers import at, posting, response
from tests.factories import OrganisationFactory, person
from tests.organisations.conftest import member_of

Q1 = Period(date(2025, 1, 1), date(2025, 3, 31))
Q1_ARGS = "?period=quarter&year=2025&quarter=1"


def _request(organisation, category_slug="boodschappen"):
    made = posting(at("2025-01-10", 9), at("2025-01-10", 10), category_slug=category_slug)
    made.organisation_id = organisation.id
    return made


def _helped(request, answer=None):
    """A volunteer's response accepted in January, answered "Is het gelukt?" in February."""
    accepted = response(
        request,
        at("2025-01-11"),
        status=ResponseStatus.ACCEPTED,
        decided=at("2025-01-12"),
        responder=person(volunteer=True),
    )
    if answer:
        db.session.add(
            FollowUp(
                response=accepted,
                user=accepted.responder,
                answer=answer,
                answered_at=at("2025-02-01"),
            )
        )
    return accepted


def _work(organisation, *, requests=6, company=5, yes=5, no=2, placed=5):
    made = [_request(organisation, "gezelschap") for _ in range(company)]
    made += [_request(organisation) for _ in range(requests - company)]
    for index, answer in enumerate(["yes"] * yes + ["no"] * no):
        _helped(made[index % len(made)], answer)
    for _ in range(placed):
        accepted = _helped(made[0])
        db.session.add(Application(response=accepted, status="placed", placed_at=at("2025-01-15")))
    db.session.commit()
    return made


def test_the_counts_are_right_for_a_small_set(session, organisation):
    _work(organisation, requests=8, company=5, yes=5, no=2, placed=5)
    counts = count(session, organisation, Q1)
    assert counts.requests == 8
    assert counts.company == 5
    assert counts.follow_ups == {"yes": 5, "no": 2}
    assert counts.placed == 5
    assert counts.active == 12  # 7 answered follow-ups and 5 placed, all accepted in January


def test_another_organisations_work_is_not_counted(session, organisation):
    _work(OrganisationFactory(name="Ander Buurthuis", slug="ander-buurthuis"))
    counts = count(session, organisation, Q1)
    assert (counts.requests, counts.company, counts.placed, counts.active) == (0, 0, 0, 0)
    assert counts.follow_ups == {}


def test_work_outside_the_period_is_not_counted(session, organisation):
    _work(organisation)
    later = Period(date(2025, 4, 1), date(2025, 6, 30))
    counts = count(session, organisation, later)
    assert (counts.requests, counts.active) == (0, 0)
    assert counts.placed == 5  # placed before the end of the period: still placed through it


def test_staff_see_the_figures_with_small_numbers_hidden(client, organisation, staff_member):
    made = _work(organisation, requests=8, company=5, yes=5, no=2, placed=5)
    for request in made[:5]:
        db.session.add(
            MatchmakerInvitation(
                posting_id=request.id,
                organisation_id=organisation.id,
                volunteer_id=person(volunteer=True).id,
                kind="invited",
                status="accepted",
                created_at=at("2025-01-20"),
            )
        )
    accepted = _helped(made[1])
    db.session.add(
        LastingContact(
            posting_id=made[1].id,
            response_id=accepted.id,
            volunteer_id=accepted.responder_id,
            neighbourhood="Stadsdriehoek",
            started_at=at("2025-01-12"),
        )
    )
    db.session.commit()
    page = log_in(client, staff_member).get(f"/organisaties/{organisation.id}/cijfers{Q1_ARGS}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<th scope="row">Is het gelukt? Ja</th><td>5</td>' in html
    assert '<th scope="row">Is het gelukt? Nee</th><td>&lt; 5</td>' in html
    assert '<th scope="row">Aandeel gezelschap</th><td>62%</td>' in html
    assert (
        '<th scope="row">Hulpvragen opgepakt door uw medewerkers (rondbellen)</th><td>5</td>'
        in html
    )
    assert '<th scope="row">Begonnen in deze periode</th><td>&lt; 5</td>' in html


def test_a_small_number_of_company_requests_hides_the_share_too(client, organisation, staff_member):
    _work(organisation, requests=10, company=2, yes=0, no=0, placed=0)
    html = (
        log_in(client, staff_member)
        .get(f"/organisaties/{organisation.id}/cijfers{Q1_ARGS}")
        .get_data(as_text=True)
    )
    assert '<th scope="row">waarvan voor gezelschap</th><td>&lt; 5</td>' in html
    assert '<th scope="row">Aandeel gezelschap</th><td>&lt; 5</td>' in html


def test_an_admin_sees_the_figures(client, organisation, admin):
    assert log_in(client, admin).get(f"/organisaties/{organisation.id}/cijfers").status_code == 200


def test_staff_of_another_organisation_get_a_404(client, organisation):
    other = member_of(OrganisationFactory(name="Ander Buurthuis", slug="ander-buurthuis"))
    assert log_in(client, other).get(f"/organisaties/{organisation.id}/cijfers").status_code == 404


def test_a_volunteer_gets_a_404(client, organisation):
    volunteer = person(volunteer=True)
    page = log_in(client, volunteer).get(f"/organisaties/{organisation.id}/cijfers")
    assert page.status_code == 404


def test_a_period_that_does_not_exist_gets_a_clear_message(client, organisation, staff_member):
    page = log_in(client, staff_member).get(
        f"/organisaties/{organisation.id}/cijfers?period=decade&year=1900"
    )
    assert page.status_code == 422
    assert "Deze keuze kennen we niet" in page.get_data(as_text=True)


def test_the_management_page_links_to_the_figures(client, organisation, staff_member):
    page = log_in(client, staff_member).get(f"/organisaties/{organisation.id}/beheer")
    assert f"/organisaties/{organisation.id}/cijfers" in page.get_data(as_text=True)


def _credential(organisation, issued_on, expires_on=None, kind="vog"):
    db.session.add(
        Credential(
            user_id=person(volunteer=True).id,
            organisation_id=organisation.id,
            kind=kind,
            issued_on=issued_on,
            expires_on=expires_on,
        )
    )


CREDENTIALED = (
    '<th scope="row">Vrijwilligers met een geldig bewijs (VOG of training) in deze periode</th>'
)


def test_a_from_to_period_shows_the_figures_of_those_days(client, organisation, staff_member):
    _work(organisation, requests=8, company=5, yes=5, no=2, placed=5)
    page = log_in(client, staff_member).get(
        f"/organisaties/{organisation.id}/cijfers"
        "?period=custom&date_from=1-1-2025&date_to=31-1-2025"
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Periode: 1 januari 2025 tot en met 31 januari 2025." in html
    assert '<th scope="row">Is het gelukt? Ja</th><td>0</td>' in html  # answered in February


def test_a_from_to_period_the_wrong_way_round_gets_a_clear_message(
    client, organisation, staff_member
):
    page = log_in(client, staff_member).get(
        f"/organisaties/{organisation.id}/cijfers"
        "?period=custom&date_from=31-3-2025&date_to=1-1-2025"
    )
    assert page.status_code == 422
    assert "De einddatum ligt vóór de begindatum" in page.get_data(as_text=True)


def test_volunteers_with_a_credential_in_the_period_are_counted(client, organisation, staff_member):
    for _ in range(5):
        _credential(organisation, date(2024, 6, 1))  # no end: counts
    _credential(organisation, date(2024, 1, 1), expires_on=date(2024, 12, 31))  # ended before
    _credential(organisation, date(2025, 4, 1))  # after the period
    _credential(OrganisationFactory(), date(2024, 6, 1))  # another organisation's
    db.session.commit()
    html = (
        log_in(client, staff_member)
        .get(f"/organisaties/{organisation.id}/cijfers{Q1_ARGS}")
        .get_data(as_text=True)
    )
    assert CREDENTIALED + "<td>5</td>" in html


def test_few_volunteers_with_a_credential_read_less_than_five(client, organisation, staff_member):
    for _ in range(2):
        _credential(organisation, date(2025, 2, 1))
    db.session.commit()
    html = (
        log_in(client, staff_member)
        .get(f"/organisaties/{organisation.id}/cijfers{Q1_ARGS}")
        .get_data(as_text=True)
    )
    assert CREDENTIALED + "<td>&lt; 5</td>" in html


def test_the_dashboard_and_the_organisation_share_one_period_form():
    from marketplace.dashboard.forms import DashboardForm
    from marketplace.organisations.forms import FiguresPeriodForm
    from marketplace.period_form import PeriodForm

    assert issubclass(DashboardForm, PeriodForm) and issubclass(FiguresPeriodForm, PeriodForm)
    assert "period" not in vars(FiguresPeriodForm) and "period" not in vars(DashboardForm)
