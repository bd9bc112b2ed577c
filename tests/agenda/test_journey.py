"""The issue's "done when", through the routes: an organisation publishes a weekly coffee
morning; a resident finds it for next Tuesday, subscribes to her wijk's feed (valid
iCalendar with the series' RRULE), signs up and asks "Ga je mee?"; a moderator approves
the request, a volunteer responds and she accepts; the day before, the beat task reminds
both of them."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import icalendar
from sqlalchemy import select

import worker.agenda
from marketplace.agenda.models import Activity
from marketplace.extensions import db
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.postings.models import Posting
from marketplace.responses.models import Response
from marketplace.timestamps import LOCAL_TIME
from tests.agenda.factories import next_weekday, organiser
from tests.conftest import log_in
from tests.factories import UserFactory, category, person


def test_coffee_morning_found_subscribed_company_found_and_both_reminded(app, monkeypatch):
    category("gezelschap")
    staff = organiser()
    resident = person("3011", display_name="Mevrouw Jansen")
    volunteer = person("3011", display_name="Sanne", volunteer=True)
    moderator = UserFactory(moderator=True)
    db.session.commit()
    tuesday = next_weekday(1)

    # The organisation publishes a weekly coffee morning: in the agenda at once.
    staff_client = log_in(app.test_client(), staff)
    response = staff_client.post(
        "/agenda/nieuw",
        data={
            "organisation": str(staff.memberships[0].organisation_id),
            "title": "Koffieochtend De Hoek",
            "kind": "coffee",
            "description": "Elke dinsdag koffie en een praatje.",
            "place_name": "Buurthuis De Hoek",
            "street": "Hoogstraat 1",
            "postcode": "3011 AB",
            "accessible": "y",
            "starts_on": tuesday.strftime("%d-%m-%Y"),
            "start_time": "10:00",
            "end_time": "11:30",
            "repeat": "weekly",
            "signup_required": "y",
            "places": "20",
            "cost_euros": "",
            "exceptions": "",
        },
    )
    assert response.status_code == 302
    activity = db.session.scalar(select(Activity))
    assert (activity.status, activity.rrule) == ("approved", "FREQ=WEEKLY;BYDAY=TU")

    # A resident finds it for next Tuesday (no log-in needed to look).
    guest = app.test_client()
    month = guest.get(f"/agenda/maand?wijk=Stadsdriehoek&maand={tuesday:%Y-%m}").text
    assert f"/agenda/activiteit/{activity.id}?datum={tuesday.isoformat()}" in month

    # Her calendar app subscribes to the wijk feed: valid iCalendar, the series as an RRULE.
    feed = icalendar.Calendar.from_ical(guest.get("/agenda/Stadsdriehoek.ics").data)
    events = [e for e in feed.walk("VEVENT") if "Koffieochtend De Hoek" in str(e["SUMMARY"])]
    assert len(events) == 1
    assert events[0]["RRULE"]["FREQ"] == ["WEEKLY"]
    assert events[0].decoded("DTSTART").date() == tuesday

    # She signs up and asks "Ga je mee?".
    her = log_in(app.test_client(), resident)
    day = tuesday.isoformat()
    her.post(f"/agenda/activiteit/{activity.id}/{day}/aanmelden", data={"naam_delen": "1"})
    response = her.post(f"/agenda/activiteit/{activity.id}/{day}/ga-je-mee")
    posting = db.session.scalar(select(Posting).where(Posting.author_id == resident.id))
    assert posting is not None and posting.once_on == tuesday

    # A moderator approves the request; a volunteer responds; she accepts.
    mod = log_in(app.test_client(), moderator)
    assert mod.post(f"/moderatie/oproepen/{posting.id}/goedkeuren").status_code == 302
    sanne = log_in(app.test_client(), volunteer)
    response = sanne.post(
        f"/oproepen/{posting.id}/reageren", data={"message": "Ik ga graag mee, groet Sanne"}
    )
    assert response.status_code == 302
    reply = db.session.scalar(select(Response).where(Response.posting_id == posting.id))
    assert her.post(f"/berichten/{reply.id}/accepteren").status_code == 302

    # The day before, the beat task reminds both (her sign-up, and the two of them).
    evening_before = datetime.combine(tuesday - timedelta(days=1), time(18), tzinfo=LOCAL_TIME)
    monkeypatch.setattr(worker.agenda, "utcnow", lambda: evening_before)
    assert worker.agenda.send_reminders() == 2
    assert worker.agenda.send_reminders() == 0
    db.session.expire_all()
    reminders = db.session.execute(
        select(Notification.recipient_id, Notification.body)
        .where(Notification.kind == NotificationKind.ACTIVITY_REMINDER)
        .order_by(Notification.id)
    ).all()
    assert sorted(r for r, _ in reminders) == sorted([resident.id, resident.id, volunteer.id])
    to_sanne = next(body for r, body in reminders if r == volunteer.id)
    assert "samen met Mevrouw Jansen" in to_sanne and "Koffieochtend De Hoek" in to_sanne
