"""Welfare staff sign a client up for an activity and ask "Ga je mee?" on their behalf,
from the client's page in intake; nobody else can."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from marketplace.agenda.models import ActivitySignup, CompanionLink
from marketplace.agenda.on_behalf import sign_up_client
from marketplace.agenda.reminders import remind_batch
from marketplace.extensions import db
from marketplace.intake.models import Client
from marketplace.my_data.export import collect_my_data
from marketplace.notifications.models import Notification
from marketplace.postings.models import Posting
from marketplace.timestamps import LOCAL_TIME
from tests.agenda.factories import make_activity, organiser
from tests.conftest import log_in
from tests.factories import MembershipFactory, OrganisationFactory, category, person


@pytest.fixture(autouse=True)
def _company_category(session):
    category("gezelschap")


@pytest.fixture
def welfare():
    """A welfare organisation's staff member and one of its clients (no account)."""
    staff = MembershipFactory(organisation=OrganisationFactory(name="Welzijn Centrum")).user
    client = Client(
        organisation_id=staff.memberships[0].organisation_id,
        name="Mevrouw B.",
        postcode="3011AB",
        neighbourhood="Stadsdriehoek",
        created_by_id=staff.id,
    )
    db.session.add(client)
    db.session.commit()
    return staff, client


def _base(client: Client) -> str:
    return f"/agenda/voor/{client.organisation_id}/{client.id}"


def test_the_clients_page_in_intake_links_to_the_agenda_for_the_client(client, welfare):
    staff, the_client = welfare
    log_in(client, staff)
    page = client.get(f"/intake/{the_client.organisation_id}/clienten/{the_client.id}").text
    assert f'href="{_base(the_client)}"' in page


def test_staff_see_the_clients_wijk_agenda_and_sign_the_client_up(client, welfare):
    staff, the_client = welfare
    activity = make_activity()
    log_in(client, staff)
    page = client.get(_base(the_client)).text
    assert "Koffieochtend" in page and "Mevrouw B. aanmelden" in page
    day = activity.starts_on.isoformat()
    response = client.post(f"{_base(the_client)}/{activity.id}/{day}/aanmelden")
    assert response.status_code == 302
    signup = db.session.scalar(select(ActivitySignup))
    assert (signup.client_id, signup.user_id, signup.signed_up_by_id) == (
        the_client.id,
        None,
        staff.id,
    )
    assert "Mevrouw B. afmelden" in client.get(_base(the_client)).text


def test_the_organiser_counts_the_client_without_a_name(client, welfare):
    staff, the_client = welfare
    host = organiser()
    activity = make_activity(host)
    log_in(client, staff)
    client.post(f"{_base(the_client)}/{activity.id}/{activity.starts_on.isoformat()}/aanmelden")
    client.get(_base(the_client))  # shows (and so clears) the message with the name
    log_in(client, host)
    page = client.get(f"/agenda/activiteit/{activity.id}/aanmeldingen").text
    assert "Mevrouw B." not in page
    assert "1 aangemeld" in page


def test_staff_ask_ga_je_mee_for_the_client_as_the_organisations_request(client, welfare):
    staff, the_client = welfare
    activity = make_activity()
    log_in(client, staff)
    day = activity.starts_on.isoformat()
    client.post(
        f"{_base(the_client)}/{activity.id}/{day}/ga-je-mee", data={"toelichting": "Rolstoel"}
    )
    posting = db.session.scalar(select(Posting))
    assert (posting.kind, posting.status, posting.client_id, posting.on_behalf_of) == (
        "request",
        "pending",
        the_client.id,
        "Mevrouw B.",
    )
    assert posting.organisation_id == the_client.organisation_id
    assert posting.once_on == activity.starts_on and "Rolstoel" in posting.description
    assert db.session.scalar(select(CompanionLink.posting_id)) == posting.id
    # Asking twice for the same date is refused.
    client.post(f"{_base(the_client)}/{activity.id}/{day}/ga-je-mee")
    assert len(db.session.scalars(select(Posting)).all()) == 1


@pytest.mark.parametrize(
    "who", ["staff of another organisation", "a resident", "the organiser of the activity"]
)
def test_nobody_but_the_clients_organisation_reaches_the_client(client, welfare, who):
    _staff, the_client = welfare
    activity = make_activity()
    outsider = {
        "staff of another organisation": lambda: (
            MembershipFactory(organisation=OrganisationFactory()).user
        ),
        "a resident": person,
        "the organiser of the activity": lambda: (
            activity.organisation.memberships[0].user
            if activity.organisation.memberships
            else organiser()
        ),
    }[who]()
    log_in(client, outsider)
    day = activity.starts_on.isoformat()
    assert client.get(_base(the_client)).status_code == 404
    assert client.post(f"{_base(the_client)}/{activity.id}/{day}/aanmelden").status_code == 404
    assert client.post(f"{_base(the_client)}/{activity.id}/{day}/ga-je-mee").status_code == 404
    assert db.session.scalar(select(ActivitySignup)) is None
    assert db.session.scalar(select(Posting)) is None


def test_a_client_of_another_organisation_is_not_found_for_this_staff(client, welfare):
    staff, _the_client = welfare
    other_staff = MembershipFactory(organisation=OrganisationFactory()).user
    theirs = Client(
        organisation_id=other_staff.memberships[0].organisation_id,
        name="Meneer C.",
        postcode="3011AB",
        neighbourhood="Stadsdriehoek",
    )
    db.session.add(theirs)
    db.session.commit()
    log_in(client, staff)
    assert (
        client.get(f"/agenda/voor/{staff.memberships[0].organisation_id}/{theirs.id}").status_code
        == 404
    )


def test_the_staff_member_gets_the_reminder_for_the_clients_date(session, welfare):
    staff, the_client = welfare
    activity = make_activity()
    session.add(
        ActivitySignup(
            activity_id=activity.id,
            client_id=the_client.id,
            signed_up_by_id=staff.id,
            occurs_on=activity.starts_on,
        )
    )
    session.commit()
    the_day_before = datetime.combine(
        activity.starts_on - timedelta(days=1), time(18), tzinfo=LOCAL_TIME
    )
    assert remind_batch(session, the_day_before) == 1
    assert remind_batch(session, the_day_before) == 0
    sent = session.scalars(select(Notification.recipient_id).order_by(Notification.id)).all()
    assert sent == [staff.id]


def test_a_client_with_an_own_account_finds_the_sign_up_in_her_data(session, welfare):
    staff, the_client = welfare
    own = person()
    the_client.user_id = own.id
    activity = make_activity()
    sign_up_client(session, staff, the_client, activity, activity.starts_on)
    session.commit()
    data = collect_my_data(session, own)
    assert data["client_records"][0]["activity_signups"][0]["activity"] == "Koffieochtend"
