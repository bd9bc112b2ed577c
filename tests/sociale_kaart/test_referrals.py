"""Verwijzen (warme overdracht): a welfare worker refers someone to a service with consent;
the service's contact is mailed; a week later the worker is asked how it went."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.my_data.export import collect_my_data
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.sociale_kaart.models import Referral
from marketplace.sociale_kaart.referrals import ask_outcomes
from marketplace.timestamps import utcnow
from tests.conftest import log_in
from tests.factories import MembershipFactory, person
from tests.sociale_kaart.factories import service

FORM = {
    "person_name": "Mevrouw Jansen",
    "person_phone": "06 1234 5678",
    "question": "Heeft schulden en durft de post niet meer open te maken.",
    "consent": "y",
}


def _worker():
    worker = MembershipFactory().user
    db.session.commit()
    return worker


def _refer(client, target, data=None):
    return client.post(f"/sociale-kaart/dienst/{target.id}/verwijzen", data=data or FORM)


def test_a_worker_refers_someone_and_the_service_gets_the_mail(client):
    target = service("Schuldhulp", email="intake@schuldhulp.example")
    log_in(client, _worker())

    response = _refer(client, target)

    assert response.status_code == 302
    mail = db.session.scalar(
        select(Notification).where(Notification.kind == NotificationKind.SERVICE_REFERRAL)
    )
    assert mail.to_email == "intake@schuldhulp.example"
    assert "Mevrouw Jansen" in mail.body and "06 1234 5678" in mail.body


def test_without_consent_nothing_is_sent_and_what_was_typed_stays(client):
    target = service("Schuldhulp", email="intake@schuldhulp.example")
    log_in(client, _worker())

    response = _refer(client, target, {**FORM, "consent": ""})

    assert response.status_code == 422
    assert "Mevrouw Jansen" in response.get_data(as_text=True)
    assert db.session.scalar(select(Referral)) is None


def test_the_database_keeps_no_name_or_phone_of_the_person(client):
    target = service("Schuldhulp", email="intake@schuldhulp.example")
    log_in(client, _worker())
    _refer(client, target)

    made = db.session.scalar(select(Referral))

    assert "Jansen" not in repr(vars(made))


def test_a_resident_cannot_refer(client):
    target = service("Schuldhulp", email="intake@schuldhulp.example")
    log_in(client, person("3011"))

    assert _refer(client, target).status_code == 403


def test_a_week_later_the_worker_is_asked_once_and_records_the_outcome(client):
    target = service("Schuldhulp", email="intake@schuldhulp.example")
    worker = _worker()
    log_in(client, worker)
    _refer(client, target)
    made = db.session.scalar(select(Referral))

    assert ask_outcomes(db.session, utcnow()) == 0
    assert ask_outcomes(db.session, utcnow() + timedelta(days=8)) == 1
    assert ask_outcomes(db.session, utcnow() + timedelta(days=9)) == 0
    db.session.commit()
    client.post(f"/sociale-kaart/verwijzingen/{made.id}", data={"outcome": "helped"})

    db.session.expire_all()
    assert db.session.get(Referral, made.id).outcome == "helped"


def test_someone_else_does_not_see_the_outcome_page(client):
    target = service("Schuldhulp", email="intake@schuldhulp.example")
    log_in(client, _worker())
    _refer(client, target)
    made = db.session.scalar(select(Referral))

    log_in(client, _worker())

    assert client.get(f"/sociale-kaart/verwijzingen/{made.id}").status_code == 404


def test_the_workers_export_lists_the_referral(client):
    target = service("Schuldhulp", email="intake@schuldhulp.example")
    worker = _worker()
    log_in(client, worker)
    _refer(client, target)

    exported = collect_my_data(db.session, worker)

    assert [row["service"] for row in exported["referrals_made"]] == ["Schuldhulp"]
