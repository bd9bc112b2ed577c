"""The agenda pages: finding, reading, signing up, organising, moderating."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlalchemy import select

from marketplace.agenda.models import Activity, ActivitySignup
from marketplace.extensions import db
from marketplace.timestamps import local_today
from tests.agenda.factories import make_activity, next_weekday, organiser
from tests.conftest import log_in
from tests.factories import UserFactory, person


def test_the_week_list_shows_the_coffee_morning_in_its_wijk(client):
    make_activity()
    log_in(client, person())
    page = client.get("/agenda/?wijk=Stadsdriehoek").get_data(as_text=True)
    assert "Koffieochtend" in page


def test_an_unknown_postcode_in_the_filter_is_told_and_kept(client):
    log_in(client, person())
    page = client.get("/agenda/?postcode=0000XX").get_data(as_text=True)
    assert "Deze postcode kennen wij niet" in page
    assert 'value="0000XX"' in page


def test_the_month_view_lists_each_date(client):
    activity = make_activity()
    log_in(client, person())
    month = activity.starts_on.strftime("%Y-%m")
    page = client.get(f"/agenda/maand?maand={month}").get_data(as_text=True)
    assert f"datum={activity.starts_on.isoformat()}" in page


def test_the_activity_page_carries_schema_org_event_data_with_the_nonce(client):
    activity = make_activity()
    log_in(client, person())
    page = client.get(f"/agenda/activiteit/{activity.id}").get_data(as_text=True)
    match = re.search(
        r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', page, re.S
    )
    assert match is not None
    data = json.loads(match.group(1))
    assert (data["@type"], data["name"]) == ("Event", "Koffieochtend")
    assert data["startDate"].startswith(activity.starts_on.isoformat() + "T10:00:00+")


def test_a_date_the_activity_does_not_have_is_refused(client):
    activity = make_activity()
    log_in(client, person())
    day = activity.starts_on + timedelta(days=1)
    response = client.get(f"/agenda/activiteit/{activity.id}?datum={day.isoformat()}")
    assert response.status_code == 302


def test_a_pending_activity_is_hidden_from_others(client):
    activity = make_activity(author=person())
    log_in(client, person())
    assert client.get(f"/agenda/activiteit/{activity.id}").status_code == 404


def test_signing_up_and_cancelling_in_one_click_each(client):
    activity = make_activity()
    log_in(client, person())
    day = activity.starts_on.isoformat()
    client.post(f"/agenda/activiteit/{activity.id}/{day}/aanmelden")
    assert db.session.scalar(select(ActivitySignup.id)) is not None
    client.post(f"/agenda/activiteit/{activity.id}/{day}/afmelden")
    assert db.session.scalar(select(ActivitySignup.id)) is None


def test_a_nonsense_date_in_the_sign_up_address_is_not_found(client):
    activity = make_activity()
    log_in(client, person())
    assert client.post(f"/agenda/activiteit/{activity.id}/gisteren/aanmelden").status_code == 404


def _form(**changes):
    data = {
        "organisation": "",
        "title": "Wandelclub",
        "kind": "walk",
        "description": "Samen een rondje lopen.",
        "place_name": "Bibliotheek",
        "street": "Hoogstraat 110",
        "postcode": "3011 AB",
        "starts_on": next_weekday(1).strftime("%d-%m-%Y"),
        "start_time": "10:00",
        "end_time": "11:30",
        "repeat": "weekly",
        "exceptions": "",
        "cost_euros": "",
    }
    data.update(changes)
    return data


def test_organisation_staff_put_an_activity_straight_in_the_agenda(client):
    staff = organiser()
    log_in(client, staff)
    client.post("/agenda/nieuw", data=_form(organisation=str(staff.memberships[0].organisation_id)))
    activity = db.session.scalar(select(Activity))
    assert (activity.status, activity.rrule) == ("approved", "FREQ=WEEKLY;BYDAY=TU")


def test_a_residents_activity_waits_for_the_moderator(client):
    log_in(client, person())
    client.post("/agenda/nieuw", data=_form())
    assert db.session.scalar(select(Activity.status)) == "pending"


def test_a_bad_postcode_keeps_what_was_typed(client):
    log_in(client, person())
    response = client.post("/agenda/nieuw", data=_form(postcode="0000"))
    assert response.status_code == 422
    assert "Wandelclub" in response.get_data(as_text=True)


def test_exception_dates_are_stored_as_exdates(client):
    log_in(client, person())
    skipped = next_weekday(1) + timedelta(days=7)
    client.post("/agenda/nieuw", data=_form(exceptions=skipped.strftime("%d-%m-%Y")))
    assert db.session.scalar(select(Activity.exdates)) == skipped.isoformat()


def test_the_moderator_approves_from_the_queue(client):
    activity = make_activity(author=person())
    log_in(client, UserFactory(moderator=True))
    assert "Koffieochtend" in client.get("/agenda/beoordelen").get_data(as_text=True)
    client.post(f"/agenda/beoordelen/{activity.id}/goedkeuren")
    db.session.refresh(activity)
    assert activity.status == "approved"


def test_the_queue_is_for_moderators_only(client):
    log_in(client, person())
    assert client.get("/agenda/beoordelen").status_code == 403


def test_the_organiser_sees_how_many_signed_up(client):
    activity = make_activity()
    resident = person()
    log_in(client, resident)
    client.post(f"/agenda/activiteit/{activity.id}/{activity.starts_on.isoformat()}/aanmelden")
    log_in(client, activity.created_by)
    page = client.get(f"/agenda/activiteit/{activity.id}/aanmeldingen").get_data(as_text=True)
    assert "1 aangemeld" in page
    assert resident.display_name not in page


def test_someone_else_cannot_see_the_sign_ups(client):
    activity = make_activity()
    log_in(client, person())
    assert client.get(f"/agenda/activiteit/{activity.id}/aanmeldingen").status_code == 403


def test_my_agenda_lists_my_sign_ups(client):
    activity = make_activity()
    log_in(client, person())
    client.post(f"/agenda/activiteit/{activity.id}/{activity.starts_on.isoformat()}/aanmelden")
    assert "Koffieochtend" in client.get("/agenda/mijn").get_data(as_text=True)
    assert local_today() <= activity.starts_on


def test_the_organiser_changes_the_time_of_the_series(client):
    activity = make_activity()
    log_in(client, activity.created_by)
    assert "Koffieochtend" in client.get(f"/agenda/activiteit/{activity.id}/wijzigen").get_data(
        as_text=True
    )
    client.post(
        f"/agenda/activiteit/{activity.id}/wijzigen",
        data=_form(title="Koffieochtend", start_time="09:30"),
    )
    db.session.refresh(activity)
    assert (activity.start_time.hour, activity.start_time.minute, activity.status) == (
        9,
        30,
        "approved",
    )


def test_the_demo_has_a_weekly_coffee_morning_and_activities_in_several_wijken(session):
    from marketplace.demo.agenda import load_agenda_demo
    from marketplace.demo.data import load_demo_data

    load_demo_data(session)
    wijken = set(session.scalars(select(Activity.wijk).where(Activity.status == "approved")))
    coffee = session.scalar(select(Activity).where(Activity.kind == "coffee"))
    assert len(wijken) >= 3
    assert coffee.rrule == "FREQ=WEEKLY;BYDAY=TU"
    load_agenda_demo(session, [], local_today())  # a second load adds nothing


def test_reading_who_signed_up_is_in_the_security_log(client):
    from marketplace.security_log import security_log_dir

    activity = make_activity()
    log_in(client, activity.created_by)
    client.get(f"/agenda/activiteit/{activity.id}/aanmeldingen")
    lines = "".join(p.read_text() for p in security_log_dir().glob("*.jsonl"))
    assert '"activity.attendance_read"' in lines and f'"activity_id": {activity.id}' in lines


def test_the_demo_has_a_volunteer_who_takes_someone_to_the_coffee_morning(session):
    from marketplace.agenda.models import CompanionLink
    from marketplace.demo.data import load_demo_data
    from marketplace.postings.models import Posting

    load_demo_data(session)
    kinds = session.execute(
        select(Posting.kind, Posting.status)
        .join(CompanionLink, CompanionLink.posting_id == Posting.id)
        .order_by(Posting.id)
    ).all()
    assert ("offer", "published") in kinds and ("request", "pending") in kinds
