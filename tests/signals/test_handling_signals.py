"""The queue, the signal page and its actions, the settings, the overdue report."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.profiles.models import Profile
from marketplace.signals.handling import report_overdue_batch
from marketplace.signals.models import SignalArea, SignalHandler, SignalOutcome, SignalStatus
from marketplace.timestamps import utcnow
from tests.conftest import log_in
from tests.factories import MembershipFactory, UserFactory, person
from tests.signals.factories import handling_organisation, make_signal


def test_a_handler_sees_the_signal_in_the_queue_with_its_clock(client):
    org = handling_organisation()
    make_signal()
    log_in(client, org.handler)
    page = client.get(f"/signalen/{org.id}").get_data(as_text=True)
    assert "Hoogstraat 12" in page
    assert "nog 47 uur" in page


def test_overdue_signals_come_first_and_say_how_late(client):
    org = handling_organisation()
    make_signal(street="Nieuwstraat")
    late = make_signal(street="Oudestraat")
    late.first_contact_due_at = utcnow() - timedelta(hours=2, minutes=5)
    db.session.commit()
    log_in(client, org.handler)
    page = client.get(f"/signalen/{org.id}").get_data(as_text=True)
    assert page.index("Oudestraat") < page.index("Nieuwstraat")
    assert "2 uur te laat" in page


def test_staff_without_the_signalen_role_do_not_see_signals(client):
    org = handling_organisation()
    signal = make_signal()
    colleague = MembershipFactory(organisation=org.organisation).user
    log_in(client, colleague)
    assert client.get(f"/signalen/{org.id}").status_code == 404
    assert client.get(f"/signalen/melding/{signal.id}").status_code == 404


def test_another_organisation_gets_a_404_for_a_signal(client):
    handling_organisation()
    other = handling_organisation(wijk="Kralingen-West")
    signal = make_signal()
    log_in(client, other.handler)
    assert client.get(f"/signalen/melding/{signal.id}").status_code == 404


def test_reading_a_signal_is_in_the_security_log(client):
    from marketplace.security_log import security_log_dir

    org = handling_organisation()
    signal = make_signal()
    log_in(client, org.handler)
    client.get(f"/signalen/melding/{signal.id}")
    lines = "".join(p.read_text() for p in security_log_dir().glob("*.jsonl"))
    assert '"signal.read"' in lines and f'"signal_id": {signal.id}' in lines


def test_a_status_change_records_who_and_when_and_starts_the_contact(client):
    org = handling_organisation()
    signal = make_signal()
    log_in(client, org.handler)
    client.post(f"/signalen/melding/{signal.id}/status", data={"status": "in_progress"})
    db.session.refresh(signal)
    assert signal.status == SignalStatus.IN_PROGRESS
    assert signal.first_contact_at is not None
    last = signal.history[-1]
    assert (last.from_status, last.to_status, last.changed_by_id) == (
        "new",
        "in_progress",
        org.handler.id,
    )


def test_a_visit_tells_the_reporter_someone_went_by(client):
    org = handling_organisation()
    reporter = person()
    signal = make_signal(reporter=reporter)
    log_in(client, org.handler)
    client.post(f"/signalen/melding/{signal.id}/status", data={"status": "visited"})
    kinds = db.session.scalars(
        select(Notification.kind).where(Notification.recipient_id == reporter.id)
    ).all()
    assert NotificationKind.SIGNAL_VISITED in kinds


def test_a_signal_is_assigned_to_a_colleague_who_handles_signals(client):
    org = handling_organisation()
    signal = make_signal()
    log_in(client, org.handler)
    client.post(
        f"/signalen/melding/{signal.id}/toewijzen", data={"assignee": str(org.coordinator.id)}
    )
    db.session.refresh(signal)
    assert signal.assigned_to_id == org.coordinator.id


def test_a_signal_cannot_be_assigned_to_an_outsider(client):
    org = handling_organisation()
    signal = make_signal()
    outsider = person()
    log_in(client, org.handler)
    client.post(f"/signalen/melding/{signal.id}/toewijzen", data={"assignee": str(outsider.id)})
    db.session.refresh(signal)
    assert signal.assigned_to_id is None


def test_a_note_is_kept_with_its_author(client):
    org = handling_organisation()
    signal = make_signal()
    log_in(client, org.handler)
    client.post(f"/signalen/melding/{signal.id}/notitie", data={"body": "Buurvrouw heeft sleutel"})
    db.session.refresh(signal)
    assert [(n.body, n.author_id) for n in signal.notes] == [
        ("Buurvrouw heeft sleutel", org.handler.id)
    ]


def test_closing_with_help_arranged_goes_on_to_the_intake(client):
    org = handling_organisation()
    signal = make_signal()
    log_in(client, org.handler)
    response = client.post(
        f"/signalen/melding/{signal.id}/afsluiten", data={"outcome": "help_arranged"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/intake/{org.id}/nieuw")
    db.session.refresh(signal)
    assert signal.status == SignalStatus.CLOSED and signal.outcome == SignalOutcome.HELP_ARRANGED


def test_closing_needs_an_outcome(client):
    org = handling_organisation()
    signal = make_signal()
    log_in(client, org.handler)
    client.post(f"/signalen/melding/{signal.id}/afsluiten", data={"outcome": ""})
    db.session.refresh(signal)
    assert signal.is_open


def test_the_same_address_within_90_days_is_flagged_and_can_be_merged(client):
    org = handling_organisation()
    first = make_signal()
    second = make_signal(house_number="12 ", postcode="3011ab")
    log_in(client, org.handler)
    assert "Misschien dubbel" in client.get(f"/signalen/{org.id}").get_data(as_text=True)
    client.post(f"/signalen/melding/{second.id}/samenvoegen/{first.id}")
    db.session.refresh(second)
    assert second.outcome == SignalOutcome.MERGED and second.merged_into_id == first.id


def test_a_merged_signal_shows_its_reporter_the_status_of_the_other(client):
    org = handling_organisation()
    first = make_signal()
    second = make_signal()
    log_in(client, org.handler)
    client.post(f"/signalen/melding/{second.id}/samenvoegen/{first.id}")
    client.post(f"/signalen/melding/{first.id}/status", data={"status": "visited"})
    db.session.refresh(second)
    assert second.reporter_status == "visited"


def test_a_different_address_is_not_flagged_as_a_duplicate(client):
    org = handling_organisation()
    make_signal()
    make_signal(house_number="14")
    log_in(client, org.handler)
    assert "Misschien dubbel" not in client.get(f"/signalen/{org.id}").get_data(as_text=True)


def test_overdue_signals_are_reported_to_the_coordinator_once(session):
    org = handling_organisation()
    signal = make_signal()
    later = signal.first_contact_due_at + timedelta(minutes=1)
    assert report_overdue_batch(session, later)[0] == 1
    assert report_overdue_batch(session, later)[0] == 0
    recipients = session.scalars(
        select(Notification.recipient_id).where(
            Notification.kind == NotificationKind.SIGNAL_OVERDUE
        )
    ).all()
    assert recipients == [org.coordinator.id]


def test_the_coordinator_chooses_wijken_and_handlers(client):
    org = handling_organisation()
    colleague = MembershipFactory(organisation=org.organisation).user
    log_in(client, org.coordinator)
    response = client.post(
        f"/signalen/{org.id}/instellingen",
        data={"wijken": ["Kralingen-West", "Stadsdriehoek"], "handlers": [str(colleague.id)]},
    )
    assert response.status_code == 302
    wijken = db.session.scalars(select(SignalArea.wijk).order_by(SignalArea.wijk)).all()
    handlers = db.session.scalars(select(SignalHandler.user_id)).all()
    assert wijken == ["Kralingen-West", "Stadsdriehoek"] and handlers == [colleague.id]


def test_a_handler_cannot_change_the_settings(client):
    org = handling_organisation()
    log_in(client, org.handler)
    assert client.get(f"/signalen/{org.id}/instellingen").status_code == 404


def test_the_helpdesk_passes_on_a_signal_nobody_handles(client):
    moderator = UserFactory(moderator=True)
    signal = make_signal(postcode="3062 AB")
    org = handling_organisation(wijk="Nergens")
    log_in(client, moderator)
    assert "Hoogstraat" in client.get("/signalen/helpdesk").get_data(as_text=True)
    client.post(f"/signalen/melding/{signal.id}/doorsturen", data={"organisation_id": str(org.id)})
    db.session.refresh(signal)
    assert signal.organisation_ids == [org.id]


def test_the_beat_task_reports_overdue_signals_and_a_second_run_changes_nothing(session):
    from worker.signals import report_overdue

    handling_organisation()
    signal = make_signal()
    signal.first_contact_due_at = utcnow() - timedelta(hours=1)
    session.commit()
    assert report_overdue() == 1
    assert report_overdue() == 0


def test_a_handler_is_mailed_about_a_new_signal_even_with_mail_switched_off(session):
    org = handling_organisation()
    session.add(
        Profile(user_id=org.handler.id, display_name="Sevda", notification_preference="off")
    )
    session.commit()
    make_signal()
    mail = session.scalar(
        select(Notification).where(Notification.kind == NotificationKind.SIGNAL_NEW)
    )
    assert mail.recipient_id == org.handler.id and mail.send_email


def test_a_guest_with_an_address_is_mailed_when_someone_went_by(client):
    org = handling_organisation()
    signal = make_signal(reporter_email="buur@example.org")
    log_in(client, org.handler)
    client.post(f"/signalen/melding/{signal.id}/status", data={"status": "visited"})
    mail = db.session.scalar(
        select(Notification).where(Notification.kind == NotificationKind.SIGNAL_VISITED)
    )
    assert mail.to_email == "buur@example.org" and "Hoogstraat" not in mail.body


def test_the_queue_shows_only_the_handlers_own_signals_when_asked(client):
    org = handling_organisation()
    mine = make_signal(street="Mijnstraat")
    make_signal(street="Anderstraat")
    mine.assigned_to_id = org.handler.id
    db.session.commit()
    log_in(client, org.handler)
    page = client.get(f"/signalen/{org.id}?mij=1").get_data(as_text=True)
    assert "Mijnstraat" in page and "Anderstraat" not in page
