"""The agenda's figures on the municipality's dashboard (k >= 5)."""

from __future__ import annotations

from marketplace.agenda.companions import ask_company
from marketplace.agenda.figures import figures_per_wijk
from marketplace.agenda.services import sign_up
from marketplace.timestamps import utcnow
from tests.agenda.factories import make_activity
from tests.conftest import log_in
from tests.factories import UserFactory, category, person


def test_fewer_than_five_sign_ups_are_hidden(session):
    activity = make_activity()
    for _ in range(3):
        sign_up(session, person(), activity, activity.starts_on)
    [row] = figures_per_wijk(session)
    assert (row.wijk, row.activities, row.signups) == ("Stadsdriehoek", "< 5", "< 5")


def test_five_requests_and_how_many_found_company_are_shown(session):
    category("gezelschap")
    activity = make_activity()
    postings = [ask_company(session, person(), activity, activity.starts_on) for _ in range(5)]
    for posting in postings:
        posting.matched_at = utcnow()
    [row] = figures_per_wijk(session)
    assert (row.requests, row.matched) == ("5", "5")


def test_the_municipality_sees_the_agenda_figures_on_the_dashboard(client):
    make_activity()
    log_in(client, UserFactory(municipality=True))
    assert "Wijkagenda per wijk" in client.get("/dashboard/").get_data(as_text=True)
