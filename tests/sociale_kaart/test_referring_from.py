"""Referring in one click from where a welfare worker handles a person: a request, a concern
signal, a home visit. Only the worker handling it; the outcome is asked a week later."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.sociale_kaart.models import Referral
from marketplace.sociale_kaart.referrals import ask_outcomes
from marketplace.timestamps import utcnow
from tests.conftest import log_in
from tests.factories import MembershipFactory, OrganisationFactory, PostingFactory, person
from tests.home_visits.factories import (
    coordinator,
    organisation_of,
    planned_visit,
    trained_volunteer,
    visit_round,
)
from tests.signals.factories import handling_organisation, make_signal
from tests.sociale_kaart.factories import service

FORM = {
    "person_name": "Mevrouw Jansen",
    "person_phone": "06 1234 5678",
    "question": "Heeft schulden en durft de post niet meer open te maken.",
    "consent": "y",
}


def refer_link(page: str) -> str | None:
    found = re.search(r'href="(/sociale-kaart/verwijzen\?voor=[^"]+)"', page)
    return found.group(1).replace("&amp;", "&") if found else None


def refer_through(client, subject_page: str, query: str = "schulden", form=None):
    """From the subject's page: the link, a search, the service chosen, the form sent."""
    link = refer_link(client.get(subject_page).get_data(as_text=True))
    assert link is not None
    choices = client.get(f"{link}&q={query}").get_data(as_text=True)
    chosen = re.search(r'href="(/sociale-kaart/dienst/[^"]+/verwijzen\?voor=[^"]+)"', choices)
    assert chosen is not None, choices
    return client.post(chosen.group(1).replace("&amp;", "&"), data=form or FORM)


def debt_service():
    made = service("Schuldhulpmaatje", description="Hulp bij schulden.", email="a@b.example")
    db.session.commit()
    return made


def handled_request():
    organisation = OrganisationFactory()
    worker = MembershipFactory(organisation=organisation).user
    posting = PostingFactory(published=True, organisation=organisation, author=worker)
    db.session.commit()
    return worker, posting


def test_the_worker_handling_a_request_refers_from_it_with_consent(client):
    target = debt_service()
    worker, posting = handled_request()
    log_in(client, worker)

    response = refer_through(client, f"/oproepen/{posting.id}")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/oproepen/{posting.id}")
    referral = db.session.scalar(select(Referral))
    assert (referral.service_id, referral.subject_kind, referral.subject_id) == (
        target.id,
        "posting",
        posting.id,
    )
    assert referral.consent_at is not None


def test_a_colleague_of_another_organisation_sees_no_link_and_cannot_use_one(client):
    debt_service()
    worker, posting = handled_request()
    log_in(client, worker)
    link = refer_link(client.get(f"/oproepen/{posting.id}").get_data(as_text=True))
    other = MembershipFactory().user
    db.session.commit()
    log_in(client, other)

    assert refer_link(client.get(f"/oproepen/{posting.id}").get_data(as_text=True)) is None
    assert client.get(link).status_code == 404


def test_a_made_up_link_is_not_found(client):
    worker = MembershipFactory().user
    db.session.commit()
    log_in(client, worker)
    assert client.get("/sociale-kaart/verwijzen?voor=abc").status_code == 404
    assert client.get("/sociale-kaart/verwijzen").status_code == 404


def test_someone_who_is_no_worker_gets_a_403(client):
    log_in(client, person())
    assert client.get("/sociale-kaart/verwijzen?voor=abc").status_code == 403


def test_without_consent_a_referral_from_a_request_is_not_sent(client):
    debt_service()
    worker, posting = handled_request()
    log_in(client, worker)

    response = refer_through(client, f"/oproepen/{posting.id}", form={**FORM, "consent": ""})

    assert response.status_code == 422
    assert "Mevrouw Jansen" in response.get_data(as_text=True)
    assert db.session.scalar(select(Referral)) is None


def test_the_handler_of_a_signal_refers_from_it(client):
    debt_service()
    handling = handling_organisation()
    signal = make_signal()
    log_in(client, handling.handler)

    response = refer_through(client, f"/signalen/melding/{signal.id}")

    assert response.status_code == 302
    referral = db.session.scalar(select(Referral))
    assert (referral.subject_kind, referral.subject_id) == ("signal", signal.id)


def test_a_signal_link_is_no_good_for_another_organisation(client):
    debt_service()
    handling = handling_organisation()
    other = handling_organisation(wijk="Kralingen-West")
    signal = make_signal()
    log_in(client, handling.handler)
    link = refer_link(client.get(f"/signalen/melding/{signal.id}").get_data(as_text=True))
    log_in(client, other.handler)

    assert client.get(link).status_code == 404


def test_the_staff_of_a_home_visit_refer_from_it_and_the_visitor_sees_no_link(client):
    debt_service()
    boss = coordinator()
    organisation = organisation_of(boss)
    volunteer = trained_volunteer(organisation)
    visit = planned_visit(visit_round(organisation), volunteer)
    log_in(client, volunteer)
    assert refer_link(client.get(f"/huisbezoeken/bezoek/{visit.id}").get_data(as_text=True)) is None
    log_in(client, boss)

    response = refer_through(client, f"/huisbezoeken/bezoek/{visit.id}")

    assert response.status_code == 302
    referral = db.session.scalar(select(Referral))
    assert (referral.subject_kind, referral.subject_id) == ("home_visit", visit.id)


def test_a_home_visit_link_is_no_good_for_someone_else(client):
    debt_service()
    boss = coordinator()
    visit = planned_visit(
        visit_round(organisation_of(boss)), trained_volunteer(organisation_of(boss))
    )
    log_in(client, boss)
    link = refer_link(client.get(f"/huisbezoeken/bezoek/{visit.id}").get_data(as_text=True))
    stranger = coordinator()
    log_in(client, stranger)

    assert client.get(link).status_code == 404
    assert client.get(link.replace("/verwijzen?", "/dienst/x/verwijzen?")).status_code == 404


def test_the_outcome_of_a_referral_from_a_signal_is_asked_a_week_later(client):
    debt_service()
    handling = handling_organisation()
    signal = make_signal()
    log_in(client, handling.handler)
    refer_through(client, f"/signalen/melding/{signal.id}")

    assert ask_outcomes(db.session, utcnow() + timedelta(days=8)) == 1
    db.session.commit()
    asked = db.session.scalar(
        select(Notification).where(Notification.kind == NotificationKind.REFERRAL_OUTCOME)
    )
    assert asked.recipient_id == handling.handler.id
    referral = db.session.scalar(select(Referral))
    response = client.post(f"/sociale-kaart/verwijzingen/{referral.id}", data={"outcome": "helped"})
    assert response.status_code == 302
    db.session.refresh(referral)
    assert referral.outcome == "helped"
