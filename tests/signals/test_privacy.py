"""Retention, erasure and export of signals; the dashboard figures hide small numbers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text

from marketplace.my_data.erasure import erase_account
from marketplace.my_data.export import collect_my_data
from marketplace.notifications.models import Notification
from marketplace.retention.services import purge_closed_signals
from marketplace.signals.figures import figures_per_wijk
from marketplace.signals.handling import close_signal
from marketplace.signals.models import Signal, SignalNote
from tests.conftest import log_in
from tests.factories import UserFactory, person
from tests.signals.factories import handling_organisation, make_signal


def _closed_signal(session, org, **changes):
    signal = make_signal(**changes)
    session.add(SignalNote(signal_id=signal.id, author_id=org.handler.id, body="Sleutel bij buren"))
    close_signal(session, org.handler, signal, "no_concern")
    session.commit()
    return signal


def test_the_address_texts_and_notes_are_stored_encrypted(session):
    org = handling_organisation()
    signal = _closed_signal(session, org, reporter_phone="06 1234 0000")
    stored = session.execute(
        text("SELECT street, house_number, postcode, reporter_phone FROM signals")
    ).one()
    note = session.execute(text("SELECT body FROM signal_notes")).scalar_one()
    assert signal.street and signal.street not in stored
    assert "06 1234 0000" not in stored and "Sleutel" not in note
    assert all(value.startswith("gAAAAA") for value in (*stored, note))


def test_a_closed_signal_loses_address_texts_and_notes_after_the_retention_period(session):
    org = handling_organisation()
    signal = _closed_signal(session, org, reporter_phone="06 1234 0000")
    assert purge_closed_signals(session, signal.closed_at + timedelta(days=361), 100) == 1
    session.expire_all()
    kept = session.get(Signal, signal.id)
    assert (kept.street, kept.reporter_phone, kept.noticed_text, kept.notes) == ("", None, None, [])
    assert kept.wijk == "Stadsdriehoek" and kept.outcome == "no_concern"


def test_a_closed_signal_is_kept_whole_within_the_retention_period(session):
    org = handling_organisation()
    signal = _closed_signal(session, org)
    assert purge_closed_signals(session, signal.closed_at + timedelta(days=300), 100) == 0


def test_the_retention_period_follows_the_setting(app, session):
    org = handling_organisation()
    signal = _closed_signal(session, org)
    app.config["SIGNAL_RETENTION_MONTHS"] = 6
    try:
        assert purge_closed_signals(session, signal.closed_at + timedelta(days=181), 100) == 1
    finally:
        app.config["SIGNAL_RETENTION_MONTHS"] = 12


def test_an_erased_reporter_leaves_the_signal_without_a_link_to_her(session):
    reporter = person()
    signal = make_signal(reporter=reporter)
    erase_account(session, reporter)
    session.commit()
    session.expire_all()
    kept = session.get(Signal, signal.id)
    assert kept is not None and kept.reporter_id is None


def test_the_export_holds_the_signals_made_with_their_status_only(session):
    reporter = person()
    make_signal(reporter=reporter)
    made = collect_my_data(session, reporter)["signals_made"]
    assert len(made) == 1 and set(made[0]) == {"made_at", "status"}
    assert made[0]["status"] == "received"


def test_the_dashboard_hides_fewer_than_five_signals(session):
    for _ in range(3):
        make_signal()
    [row] = figures_per_wijk(session)
    assert (row.wijk, row.total, row.median_hours) == ("Stadsdriehoek", "< 5", "–")


def test_the_dashboard_shows_counts_and_the_median_from_five(session):
    org = handling_organisation()
    for number in range(5):
        signal = make_signal(house_number=str(number + 1))
        later = signal.created_at + timedelta(hours=10)
        close_signal(session, org.handler, signal, "help_arranged", now=later)
    session.commit()
    [row] = figures_per_wijk(session)
    assert (row.total, row.median_hours, row.outcomes["help_arranged"]) == ("5", "10", "5")


def test_the_municipality_sees_the_signal_figures_on_the_dashboard(client):
    for number in range(5):
        make_signal(house_number=str(number + 1))
    log_in(client, UserFactory(municipality=True))
    page = client.get("/dashboard/").get_data(as_text=True)
    assert "Zorgmeldingen per wijk" in page


def test_the_reporter_is_not_named_in_the_mail_to_handlers(session):
    org = handling_organisation()
    make_signal(reporter_name="Mevrouw Melder", reporter_phone="06 9999 0000")
    bodies = session.scalars(
        select(Notification.body).where(Notification.recipient_id == org.handler.id)
    ).all()
    assert bodies and all("Melder" not in b and "Hoogstraat" not in b for b in bodies)


def test_a_coordinator_erases_a_closed_signal_on_request(client, session):
    org = handling_organisation()
    signal = _closed_signal(session, org, reporter_phone="06 1234 0000")
    log_in(client, org.coordinator)
    client.post(f"/signalen/melding/{signal.id}/wissen")
    session.expire_all()
    kept = session.get(Signal, signal.id)
    assert kept.erased_at is not None
    assert (kept.street, kept.reporter_phone, kept.notes) == ("", None, [])


def test_a_handler_cannot_erase_a_signal(client, session):
    org = handling_organisation()
    signal = _closed_signal(session, org)
    log_in(client, org.handler)
    assert client.post(f"/signalen/melding/{signal.id}/wissen").status_code == 403
    session.expire_all()
    assert session.get(Signal, signal.id).erased_at is None


def test_an_open_signal_is_closed_before_it_is_erased(client, session):
    org = handling_organisation()
    signal = make_signal()
    log_in(client, org.coordinator)
    client.post(f"/signalen/melding/{signal.id}/wissen")
    session.expire_all()
    assert session.get(Signal, signal.id).street == "Hoogstraat"


def test_erased_signals_are_not_flagged_as_duplicates_of_each_other(client, session):
    org = handling_organisation()
    first = _closed_signal(session, org)
    second = _closed_signal(session, org, house_number="99")
    for signal in (first, second):
        purge_closed_signals(session, signal.closed_at + timedelta(days=361), 100)
    session.commit()
    log_in(client, org.handler)
    page = client.get(f"/signalen/{org.id}/afgerond").get_data(as_text=True)
    assert "gewist" in page and "Misschien dubbel" not in page


def test_an_erased_signal_shows_no_address(client, session):
    org = handling_organisation()
    signal = _closed_signal(session, org)
    purge_closed_signals(session, signal.closed_at + timedelta(days=361), 100)
    session.commit()
    log_in(client, org.handler)
    page = client.get(f"/signalen/melding/{signal.id}").get_data(as_text=True)
    assert "<h1>Zorgmelding: gewist</h1>" in page and "Hoogstraat" not in page


def test_a_coordinator_can_print_what_is_kept_for_the_person_concerned_without_the_reporter(
    client, session
):
    org = handling_organisation()
    signal = _closed_signal(
        session,
        org,
        reporter_name="Buurvrouw Els",
        reporter_phone="06 1234 0000",
        noticed_text="Ik woon ernaast op nummer 14.",
    )
    log_in(client, org.coordinator)
    page = client.get(f"/signalen/melding/{signal.id}/voor-betrokkene")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Hoogstraat 12" in text and "Sleutel bij buren" in text
    assert "Els" not in text and "06 1234 0000" not in text and "nummer 14" not in text


def test_only_a_coordinator_opens_the_page_for_the_person_concerned(client, session):
    org = handling_organisation()
    signal = make_signal()
    log_in(client, org.handler)
    assert client.get(f"/signalen/melding/{signal.id}/voor-betrokkene").status_code == 403
    log_in(client, UserFactory())
    assert client.get(f"/signalen/melding/{signal.id}/voor-betrokkene").status_code == 404
