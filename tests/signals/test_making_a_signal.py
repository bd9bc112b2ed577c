"""Passing on a worry: the steps, the one-page form, what the reporter gets to see."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.signals.models import Signal, SignalSource, SignalStatus
from tests.conftest import log_in
from tests.factories import MembershipFactory, UserFactory, person
from tests.signals.factories import handling_organisation

ANSWERS = {
    "street": "Hoogstraat",
    "house_number": "12",
    "postcode": "3011 AB",
    "noticed": ["curtains", "post"],
    "noticed_text": "Al een week dicht",
    "since": "weeks",
    "reporter_did": ["rang_bell"],
    "reporter_did_text": "",
    "reporter_name": "",
    "reporter_phone": "",
    "reporter_email": "",
}


def _post(client, step, goto="next", **answers):
    data = {**ANSWERS, **answers, "step": step, "goto": goto}
    return client.post("/zorg-melden", data=data)


def test_the_first_step_says_to_call_112_before_the_form(client):
    page = client.get("/zorg-melden").get_data(as_text=True)
    assert page.index("Bel dan meteen 112") < page.index('action="/zorg-melden"')


def test_a_step_with_a_missing_address_keeps_what_was_typed(client):
    response = _post(client, "address", street="Hoogstraat", house_number="")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Hoogstraat"' in page
    assert "Vul het huisnummer in" in page


def test_each_step_carries_the_earlier_answers_along(client):
    response = _post(client, "address")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Wat viel u op?" in page
    assert 'type="hidden" name="street" value="Hoogstraat"' in page


def test_the_noticed_step_asks_for_at_least_one_thing(client):
    response = _post(client, "noticed", noticed=[], noticed_text="")
    assert response.status_code == 422
    assert "Kies wat u opviel" in response.get_data(as_text=True)


def test_changing_an_answer_from_the_check_page_returns_to_it(client):
    page = _post(client, "check", goto="since").get_data(as_text=True)
    assert "Sinds wanneer valt het u op?" in page
    assert 'name="back_to_check" value="1"' in page
    back = _post(client, "since", back_to_check="1").get_data(as_text=True)
    assert "Kijk uw melding na" in back


def test_a_guest_sends_a_signal_and_sees_her_status_link_once(client):
    response = _post(client, "check", goto="send")
    assert response.status_code == 302
    signal = db.session.scalar(select(Signal))
    assert signal.reporter_id is None and signal.status == SignalStatus.NEW
    page = client.get("/zorg-melden/ontvangen").get_data(as_text=True)
    assert "We hebben uw zorg ontvangen" in page
    assert "/zorg-melden/status/" in page
    assert "/zorg-melden/status/" not in client.get("/zorg-melden/ontvangen").get_data(as_text=True)


def test_the_status_link_shows_only_the_status(client):
    _post(client, "check", goto="send", reporter_phone="06 1111 2222")
    page = client.get("/zorg-melden/ontvangen").get_data(as_text=True)
    link = page.split("/zorg-melden/status/")[1].split('"')[0]
    status = client.get("/zorg-melden/status/" + link).get_data(as_text=True)
    assert "We hebben uw zorg ontvangen" in status
    assert "Hoogstraat" not in status and "06 1111 2222" not in status


def test_a_made_up_status_link_is_not_found(client):
    assert client.get("/zorg-melden/status/" + "a" * 44).status_code == 404


def test_a_logged_in_resident_is_the_reporter_and_is_told_it_was_received(client):
    resident = person()
    log_in(client, resident)
    _post(client, "check", goto="send")
    signal = db.session.scalar(select(Signal))
    assert signal.reporter_id == resident.id and signal.status_key is None
    kinds = db.session.scalars(
        select(Notification.kind).where(Notification.recipient_id == resident.id)
    ).all()
    assert NotificationKind.SIGNAL_RECEIVED in kinds
    assert "We hebben uw zorg ontvangen" in client.get("/mijn-zorgmeldingen").get_data(as_text=True)


def test_a_postcode_without_letters_is_refused_at_the_address_step(client):
    response = _post(client, "check", goto="send", postcode="3011")
    assert response.status_code == 422
    assert "Vul de hele postcode in" in response.get_data(as_text=True)
    assert db.session.scalar(select(Signal)) is None


def test_staff_of_an_organisation_use_the_one_page_form_as_a_partner(client):
    partner = MembershipFactory().user
    log_in(client, partner)
    response = client.post("/zorg-melden/kort", data=ANSWERS)
    assert response.status_code == 302
    signal = db.session.scalar(select(Signal))
    assert signal.source == SignalSource.PARTNER and signal.reporter_id == partner.id


def test_the_helpdesk_takes_a_signal_by_phone_for_an_anonymous_caller(client):
    moderator = UserFactory(moderator=True)
    log_in(client, moderator)
    client.post("/zorg-melden/kort", data={**ANSWERS, "reporter_phone": "010 222 3333"})
    signal = db.session.scalar(select(Signal))
    assert signal.source == SignalSource.PHONE
    assert signal.taken_by_id == moderator.id and signal.reporter_id is None
    assert signal.status_key is not None


def test_the_one_page_form_is_for_staff_only(client):
    log_in(client, person())
    assert client.get("/zorg-melden/kort").status_code == 403


def test_a_signal_goes_at_once_to_the_handlers_of_the_wijk(client):
    org = handling_organisation()
    _post(client, "check", goto="send")
    recipients = db.session.scalars(
        select(Notification.recipient_id).where(Notification.kind == NotificationKind.SIGNAL_NEW)
    ).all()
    assert recipients == [org.handler.id]


def test_a_signal_for_a_wijk_nobody_handles_goes_to_the_helpdesk(client):
    moderator = UserFactory(moderator=True)
    _post(client, "check", goto="send")
    recipients = db.session.scalars(
        select(Notification.recipient_id).where(Notification.kind == NotificationKind.SIGNAL_NEW)
    ).all()
    assert recipients == [moderator.id]


def test_a_guest_who_gave_an_address_is_mailed_her_status_link_made_as_it_goes_out(client):
    from marketplace.notifications.secret_links import fill
    from marketplace.signals.status_links import status_token

    org = handling_organisation()
    _post(client, "check", goto="send", reporter_email="buur@example.org")
    mail = db.session.scalar(
        select(Notification).where(Notification.kind == NotificationKind.SIGNAL_STATUS_LINK)
    )
    signal = db.session.scalar(select(Signal))
    assert mail.to_email == "buur@example.org" and mail.recipient_id == org.handler.id
    assert status_token(signal) not in mail.body and not mail.show_in_app
    sent = fill(db.session, mail.kind, mail.recipient_id, mail.to_email, mail.body)
    assert f"/zorg-melden/status/{status_token(signal)}" in sent


def test_the_first_contact_time_follows_the_setting(app):
    from tests.signals.factories import make_signal

    app.config["SIGNAL_FIRST_CONTACT_HOURS"] = 24
    try:
        signal = make_signal()
    finally:
        app.config["SIGNAL_FIRST_CONTACT_HOURS"] = 48
    assert signal.first_contact_due_at - signal.created_at == timedelta(hours=24)


def test_the_page_with_the_status_link_is_not_stored_by_the_browser(client):
    _post(client, "check", goto="send")
    assert client.get("/zorg-melden/ontvangen").headers["Cache-Control"] == "no-store"
