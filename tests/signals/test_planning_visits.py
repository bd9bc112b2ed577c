"""Planning the visit for a signal: who goes, which day, which daypart."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.retention.services import purge_closed_signals
from marketplace.signals.errors import InvalidSignal, NotAHandler, SignalClosed
from marketplace.signals.handling import close_signal, report_overdue_batch
from marketplace.signals.models import Signal, SignalStatus
from marketplace.signals.visits import plan_visit
from marketplace.timestamps import local_today, utcnow
from tests.conftest import log_in
from tests.factories import person
from tests.signals.factories import handling_organisation, make_signal


def _day(days: int) -> str:
    return (local_today() + timedelta(days=days)).strftime("%d-%m-%Y")


def _plan(client, signal, visitor, day: str, daypart: str = "morning"):
    return client.post(
        f"/signalen/melding/{signal.id}/bezoek",
        data={"visitor": str(visitor.id), "day": day, "daypart": daypart},
    )


def test_planning_stores_the_day_and_daypart_and_assigns_the_visitor(session):
    org = handling_organisation()
    signal = make_signal()
    day = local_today() + timedelta(days=3)
    plan_visit(session, org.coordinator, signal, org.handler.id, day, "afternoon")
    assert (signal.visit_planned_on, signal.visit_daypart, signal.assigned_to_id) == (
        day,
        "afternoon",
        org.handler.id,
    )


def test_planning_keeps_the_status_until_someone_reached_the_person(session):
    org = handling_organisation()
    signal = make_signal()
    plan_visit(session, org.handler, signal, org.handler.id, local_today(), "morning")
    session.commit()
    session.refresh(signal)
    assert signal.status == SignalStatus.NEW
    assert [c.to_status for c in signal.history] == ["new"]


def test_planning_is_not_first_contact_so_the_clock_keeps_running(session):
    org = handling_organisation()
    signal = make_signal()
    plan_visit(session, org.handler, signal, org.handler.id, local_today(), "morning")
    assert signal.first_contact_at is None


def test_replanning_replaces_the_day_and_the_visitor(session):
    org = handling_organisation()
    signal = make_signal()
    plan_visit(session, org.handler, signal, org.handler.id, local_today(), "morning")
    later = local_today() + timedelta(days=5)
    plan_visit(session, org.handler, signal, org.coordinator.id, later, "evening")
    assert (signal.visit_planned_on, signal.visit_daypart, signal.assigned_to_id) == (
        later,
        "evening",
        org.coordinator.id,
    )


def test_the_visitor_is_told_the_day_with_a_link_and_without_the_address(session):
    org = handling_organisation()
    signal = make_signal()
    day = local_today() + timedelta(days=2)
    plan_visit(session, org.coordinator, signal, org.handler.id, day, "morning")
    mail = session.scalar(
        select(Notification).where(Notification.kind == NotificationKind.SIGNAL_VISIT_PLANNED)
    )
    assert mail.recipient_id == org.handler.id and mail.send_email
    assert str(day.day) in mail.body and "ochtend" in mail.body
    assert f"/signalen/melding/{signal.id}" in mail.body
    assert "Hoogstraat" not in mail.body + mail.subject and "3011" not in mail.body


def test_whoever_plans_their_own_visit_gets_no_message_about_it(session):
    org = handling_organisation()
    signal = make_signal()
    plan_visit(session, org.handler, signal, org.handler.id, local_today(), "morning")
    kinds = session.scalars(select(Notification.kind).order_by(Notification.id)).all()
    assert NotificationKind.SIGNAL_VISIT_PLANNED not in kinds


def test_a_day_in_the_past_is_refused(session):
    org = handling_organisation()
    signal = make_signal()
    with pytest.raises(InvalidSignal):
        plan_visit(
            session,
            org.handler,
            signal,
            org.handler.id,
            local_today() - timedelta(days=1),
            "morning",
        )


def test_a_day_more_than_60_days_ahead_is_refused(session):
    org = handling_organisation()
    signal = make_signal()
    with pytest.raises(InvalidSignal):
        plan_visit(
            session,
            org.handler,
            signal,
            org.handler.id,
            local_today() + timedelta(days=61),
            "morning",
        )


def test_someone_who_does_not_handle_signals_cannot_be_the_visitor(session):
    org = handling_organisation()
    signal = make_signal()
    with pytest.raises(NotAHandler):
        plan_visit(session, org.handler, signal, person().id, local_today(), "morning")


def test_a_closed_signal_gets_no_visit(session):
    org = handling_organisation()
    signal = make_signal()
    close_signal(session, org.handler, signal, "no_concern")
    with pytest.raises(SignalClosed):
        plan_visit(session, org.handler, signal, org.handler.id, local_today(), "morning")


def test_the_handler_plans_a_visit_on_the_signal_page(client):
    org = handling_organisation()
    signal = make_signal()
    log_in(client, org.coordinator)
    response = _plan(client, signal, org.handler, _day(4), "evening")
    assert response.status_code == 302
    db.session.refresh(signal)
    assert signal.visit_planned_on == local_today() + timedelta(days=4)
    assert signal.assigned_to_id == org.handler.id
    page = client.get(f"/signalen/melding/{signal.id}").get_data(as_text=True)
    assert 'class="planned-visit"' in page
    assert f'value="{(local_today() + timedelta(days=4)).isoformat()}"' in page


def test_a_day_in_the_past_is_refused_with_what_was_typed_kept(client):
    org = handling_organisation()
    signal = make_signal()
    log_in(client, org.handler)
    response = _plan(client, signal, org.handler, _day(-1))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kies een dag vanaf vandaag." in page
    assert f'value="{_day(-1)}"' in page
    db.session.refresh(signal)
    assert signal.visit_planned_on is None and signal.status == SignalStatus.NEW


def test_a_day_typed_wrongly_is_refused_with_a_clear_message(client):
    org = handling_organisation()
    signal = make_signal()
    log_in(client, org.handler)
    response = _plan(client, signal, org.handler, "morgen")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Vul de dag in, bijvoorbeeld 8-12-2026." in page and 'value="morgen"' in page


def test_an_outsider_cannot_be_chosen_as_visitor_on_the_page(client):
    org = handling_organisation()
    signal = make_signal()
    log_in(client, org.handler)
    response = _plan(client, signal, person(), _day(1))
    assert response.status_code == 422
    assert "Kies iemand die meldingen behandelt" in response.get_data(as_text=True)
    db.session.refresh(signal)
    assert signal.assigned_to_id is None


def test_a_closed_signal_shows_no_planning_form_and_refuses_a_plan(client):
    org = handling_organisation()
    signal = make_signal()
    close_signal(db.session, org.handler, signal, "no_concern")
    db.session.commit()
    log_in(client, org.handler)
    assert "Bezoek plannen" not in client.get(f"/signalen/melding/{signal.id}").get_data(
        as_text=True
    )
    response = _plan(client, signal, org.handler, _day(1))
    assert response.status_code == 302
    db.session.refresh(signal)
    assert signal.visit_planned_on is None


def test_someone_of_another_organisation_gets_a_404_when_planning(client):
    handling_organisation()
    other = handling_organisation(wijk="Kralingen-West")
    signal = make_signal()
    log_in(client, other.handler)
    assert _plan(client, signal, other.handler, _day(1)).status_code == 404


def test_the_queue_and_my_signals_show_the_planned_visit(client):
    org = handling_organisation()
    signal = make_signal()
    plan_visit(
        db.session,
        org.coordinator,
        signal,
        org.handler.id,
        local_today() + timedelta(days=2),
        "morning",
    )
    db.session.commit()
    log_in(client, org.handler)
    for path in (f"/signalen/{org.id}", f"/signalen/{org.id}?mij=1"):
        page = client.get(path).get_data(as_text=True)
        assert "Bezoek:" in page and "ochtend" in page and "nog 47 uur" in page


def test_an_overdue_signal_with_a_planned_visit_is_still_reported(session):
    org = handling_organisation()
    signal = make_signal()
    plan_visit(session, org.handler, signal, org.handler.id, local_today(), "evening")
    signal.first_contact_due_at = utcnow() - timedelta(hours=1)
    session.commit()
    assert report_overdue_batch(session, utcnow()) == (1, None)


def test_a_closed_signal_with_a_planned_visit_is_still_erased_after_retention(session):
    org = handling_organisation()
    signal = make_signal()
    day = local_today() + timedelta(days=1)
    plan_visit(session, org.handler, signal, org.handler.id, day, "afternoon")
    close_signal(session, org.handler, signal, "no_concern")
    session.commit()
    assert purge_closed_signals(session, signal.closed_at + timedelta(days=400), 100) == 1
    session.expire_all()
    kept = session.get(Signal, signal.id)
    assert (kept.street, kept.erased_at is not None) == ("", True)
    assert (kept.visit_planned_on, kept.visit_daypart) == (day, "afternoon")
