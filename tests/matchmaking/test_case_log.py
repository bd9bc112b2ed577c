"""The case log per request: notes and calls, encrypted at rest, for the organisation's
staff only, with a reminder on the date the worker set."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, text

from marketplace.extensions import db
from marketplace.matchmaking.models import CaseNote
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.timestamps import local_today
from tests.conftest import log_in
from tests.factories import MembershipFactory
from tests.matchmaking.conftest import listed_request, worker


def _write(client, posting, body="Gebeld, neemt niet op", remind_on="", kind="call"):
    return client.post(
        f"/koppelen/oproep/{posting.id}/logboek",
        data={"kind": kind, "body": body, "remind_on": remind_on},
    )


def test_a_call_is_logged_and_shown_to_colleagues(client):
    posting, staff = listed_request(), worker()
    colleague = MembershipFactory(organisation=staff.memberships[0].organisation).user
    log_in(client, staff)
    assert _write(client, posting).status_code == 302
    log_in(client, colleague)
    page = client.get(f"/koppelen/oproep/{posting.id}").get_data(as_text=True)
    assert "Gebeld, neemt niet op" in page


def test_the_note_is_stored_encrypted(client):
    posting = listed_request()
    log_in(client, worker())
    _write(client, posting, body="Terugbellen dinsdag")
    stored = db.session.execute(text("SELECT body FROM case_notes")).scalar_one()
    assert "dinsdag" not in stored


def test_another_organisation_serving_the_wijk_does_not_see_the_notes(client):
    posting = listed_request()
    log_in(client, worker())
    _write(client, posting, body="Alleen voor ons")
    log_in(client, worker())
    page = client.get(f"/koppelen/oproep/{posting.id}").get_data(as_text=True)
    assert "Alleen voor ons" not in page


def test_an_empty_note_is_refused_with_a_message(client):
    posting = listed_request()
    log_in(client, worker())
    response = _write(client, posting, body="   ")
    assert response.status_code == 422
    assert "Schrijf kort wat er gebeurde" in response.get_data(as_text=True)


def test_a_reminder_in_the_past_is_refused_and_the_text_stays(client):
    posting = listed_request()
    log_in(client, worker())
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    response = _write(client, posting, body="Terugbellen", remind_on=yesterday)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Kies voor de herinnering vandaag" in page and "Terugbellen" in page
    assert db.session.scalar(select(func.count()).select_from(CaseNote)) == 0


def test_the_worker_is_reminded_on_the_day_she_set_once(client, run_task):
    posting, staff = listed_request(), worker()
    log_in(client, staff)
    _write(client, posting, body="Terugbellen dinsdag", remind_on=local_today().isoformat())
    assert run_task("matchmaking.send_case_reminders") == 1
    assert run_task("matchmaking.send_case_reminders") == 0
    reminders = db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.CASE_REMINDER)
    ).all()
    assert [r.recipient_id for r in reminders] == [staff.id]


def test_a_reminder_for_a_later_day_waits(client, run_task):
    posting = listed_request()
    log_in(client, worker())
    later = (local_today() + timedelta(days=2)).isoformat()
    _write(client, posting, remind_on=later)
    assert run_task("matchmaking.send_case_reminders") == 0
