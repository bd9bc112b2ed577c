"""Upkeep: organisation staff add and edit their services, moderators publish new ones,
the six-month reminder, "klopt nog", and the taxonomy."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.sociale_kaart.models import Publication, Service, TaxonomyTerm
from marketplace.sociale_kaart.upkeep import hsds_organization_for, send_reminders
from marketplace.timestamps import local_today, utcnow
from tests.conftest import log_in
from tests.factories import MembershipFactory, UserFactory, person
from tests.sociale_kaart.factories import service, term

FORM = {
    "name": "Taalcafé De Brug",
    "description": "Elke week Nederlands oefenen met koffie.",
    "cost_kind": "free",
    "delivery": "group",
    "setting": "elsewhere",
    "frequency": "ongoing",
    "postcode": "3011 AB",
    "address": "Hoogstraat 1",
    "phone": "010 222 33 44",
}


def _staff():
    membership = MembershipFactory()
    db.session.commit()
    return membership.user, membership.organisation


def test_staff_add_a_service_that_waits_for_a_moderator(client):
    user, organisation = _staff()
    log_in(client, user)

    response = client.post(f"/sociale-kaart/organisatie/{organisation.id}/nieuwe-dienst", data=FORM)

    assert response.status_code == 302
    made = db.session.scalar(select(Service).where(Service.name == "Taalcafé De Brug"))
    assert made.publication == Publication.PENDING
    assert made.service_at_locations[0].location.wijk
    assert "Taalcafé" not in client.get("/sociale-kaart/").get_data(as_text=True)


def test_a_wrong_postcode_keeps_what_was_typed(client):
    user, organisation = _staff()
    log_in(client, user)

    response = client.post(
        f"/sociale-kaart/organisatie/{organisation.id}/nieuwe-dienst",
        data={**FORM, "postcode": "abc"},
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Vul een postcode in" in page
    assert "Taalcafé De Brug" in page


def test_someone_else_cannot_add_a_service_for_the_organisation(client):
    _, organisation = _staff()
    log_in(client, person("3011"))

    response = client.post(f"/sociale-kaart/organisatie/{organisation.id}/nieuwe-dienst", data=FORM)

    assert response.status_code == 404


def test_a_moderator_puts_a_new_service_on_the_kaart(client):
    user, organisation = _staff()
    log_in(client, user)
    client.post(f"/sociale-kaart/organisatie/{organisation.id}/nieuwe-dienst", data=FORM)
    made = db.session.scalar(select(Service).where(Service.name == "Taalcafé De Brug"))

    log_in(client, UserFactory(moderator=True))
    client.post(f"/sociale-kaart/moderatie/{made.id}", data={"decision": "approve"})

    assert "Taalcafé De Brug" in client.get("/sociale-kaart/").get_data(as_text=True)


def test_staff_edit_their_service_and_it_stays_published(client):
    user, organisation = _staff()
    own = service("Oud", organization_=hsds_organization_for(db.session, organisation))
    db.session.commit()
    log_in(client, user)

    client.post(f"/sociale-kaart/mijn-diensten/{own.id}/wijzigen", data={**FORM, "name": "Nieuw"})

    db.session.expire_all()
    changed = db.session.get(Service, own.id)
    assert (changed.name, changed.publication) == ("Nieuw", Publication.APPROVED)


def test_staff_of_another_organisation_cannot_edit_it(client):
    _, organisation = _staff()
    own = service("Van hen", organization_=hsds_organization_for(db.session, organisation))
    other, _ = _staff()
    log_in(client, other)

    response = client.post(f"/sociale-kaart/mijn-diensten/{own.id}/wijzigen", data=FORM)

    assert response.status_code == 404


def test_six_months_after_the_check_the_staff_are_asked_once(client):
    user, organisation = _staff()
    old = service(
        "Oud",
        organization_=hsds_organization_for(db.session, organisation),
        assured_date=local_today() - timedelta(days=190),
    )
    service(
        "Vers",
        organization_=hsds_organization_for(db.session, organisation),
        assured_date=local_today(),
    )
    db.session.commit()

    assert send_reminders(db.session, local_today(), utcnow()) == 1
    assert send_reminders(db.session, local_today(), utcnow()) == 0
    sent = db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.SERVICE_CHECK)
    ).all()
    assert [(n.recipient_id, old.id in n.link_path) for n in sent] == [(user.id, True)]


def test_klopt_nog_sets_the_check_to_today(client):
    user, organisation = _staff()
    old = service(
        "Oud",
        organization_=hsds_organization_for(db.session, organisation),
        assured_date=date(2025, 1, 1),
    )
    db.session.commit()
    log_in(client, user)

    client.post(f"/sociale-kaart/mijn-diensten/{old.id}/bevestigen")

    db.session.expire_all()
    assert db.session.get(Service, old.id).assured_date == local_today()


def test_an_administrator_adds_a_kind_of_problem(client):
    log_in(client, UserFactory(admin=True))

    client.post(
        "/sociale-kaart/beheer/soorten", data={"name": "Geldzorgen", "taxonomy": "probleem"}
    )

    assert db.session.scalar(select(TaxonomyTerm.name)) == "Geldzorgen"


def test_a_moderator_cannot_change_the_taxonomy(client):
    log_in(client, UserFactory(moderator=True))

    assert client.get("/sociale-kaart/beheer/soorten").status_code == 403


def test_the_beat_task_asks_once_and_a_second_run_changes_nothing(app):
    from worker.sociale_kaart import send_service_reminders

    _, organisation = _staff()
    service(
        "Oud",
        organization_=hsds_organization_for(db.session, organisation),
        assured_date=local_today() - timedelta(days=200),
    )
    db.session.commit()

    assert send_service_reminders() == 1
    assert send_service_reminders() == 0
    assert "remind-sociale-kaart" in app.extensions["celery"].conf.beat_schedule


def test_the_reminder_mail_names_the_service_and_links_to_the_one_button_page():
    _, organisation = _staff()
    old = service(
        "Koffieochtend De Brug",
        organization_=hsds_organization_for(db.session, organisation),
        assured_date=local_today() - timedelta(days=200),
    )
    db.session.commit()

    send_reminders(db.session, local_today(), utcnow())

    sent = db.session.scalar(
        select(Notification).where(Notification.kind == NotificationKind.SERVICE_CHECK)
    )
    assert "Koffieochtend De Brug" in sent.subject
    assert f"/sociale-kaart/mijn-diensten/{old.id}/bevestigen" in sent.body


def test_an_outside_providers_service_is_not_mailed_about():
    service("Van buiten", assured_date=local_today() - timedelta(days=200))
    db.session.commit()

    assert send_reminders(db.session, local_today(), utcnow()) == 0


def test_an_administrator_renames_a_kind_of_problem_and_its_services_keep_it(client):
    money = term("Geld")
    used_by = service("Schuldhulp", terms=(money,))
    db.session.commit()
    log_in(client, UserFactory(admin=True))

    response = client.post(
        f"/sociale-kaart/beheer/soorten/{money.id}", data={"name": "Geldzorgen", "name_en": "Money"}
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(TaxonomyTerm, money.id).name == "Geldzorgen"
    assert [t.name for t in db.session.get(Service, used_by.id).terms] == ["Geldzorgen"]


def test_a_term_services_use_is_not_deleted_and_the_page_says_why(client):
    money = term("Geld")
    service("Schuldhulp", terms=(money,))
    db.session.commit()
    log_in(client, UserFactory(admin=True))

    response = client.post(f"/sociale-kaart/beheer/soorten/{money.id}/verwijderen", data={})

    assert response.status_code == 422
    assert "1 dienst gebruikt deze soort nog" in response.get_data(as_text=True)
    assert db.session.get(TaxonomyTerm, money.id) is not None


def test_deleting_a_term_moves_its_services_to_the_one_chosen(client):
    money = term("Geld")
    debts = term("Schulden")
    both = service("Schuldhulp", terms=(money, debts))
    one = service("Budgetcursus", terms=(money,))
    db.session.commit()
    log_in(client, UserFactory(admin=True))

    response = client.post(
        f"/sociale-kaart/beheer/soorten/{money.id}/verwijderen", data={"delete-move_to": debts.id}
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(TaxonomyTerm, money.id) is None
    assert [t.name for t in db.session.get(Service, both.id).terms] == ["Schulden"]
    assert [t.name for t in db.session.get(Service, one.id).terms] == ["Schulden"]


def test_an_unused_term_is_deleted(client):
    spare = term("Reserve")
    db.session.commit()
    log_in(client, UserFactory(admin=True))

    response = client.post(f"/sociale-kaart/beheer/soorten/{spare.id}/verwijderen", data={})

    assert response.status_code == 302
    assert db.session.get(TaxonomyTerm, spare.id) is None


def test_a_moderator_cannot_rename_or_delete_a_term(client):
    spare = term("Reserve")
    db.session.commit()
    log_in(client, UserFactory(moderator=True))

    assert client.get(f"/sociale-kaart/beheer/soorten/{spare.id}").status_code == 403
    assert client.post(f"/sociale-kaart/beheer/soorten/{spare.id}/verwijderen").status_code == 403
