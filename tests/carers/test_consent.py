"""Asking, giving, recording and ending consent to act for someone (marketplace.carers)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.accounts.delegations import Delegation, DelegationStatus
from marketplace.audit import AuditEvent
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from marketplace.timestamps import local_today
from tests.carers.helpers import consent, daughter_and_mother
from tests.conftest import log_in
from tests.factories import MembershipFactory, UserFactory, person


def _ask(client, email, **extra):
    data = {
        "person_email": email,
        "scopes": ["post", "respond", "accept"],
        "ends_on": (local_today() + timedelta(days=100)).isoformat(),
        "relation": "dochter",
        **extra,
    }
    return client.post("/namens/vragen", data=data)


def _notices(user, kind):
    return db.session.scalars(
        select(Notification)
        .where(Notification.recipient_id == user.id, Notification.kind == kind)
        .order_by(Notification.id)
    ).all()


def test_the_page_needs_a_log_in(client):
    response = client.get("/namens/")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_a_carer_asks_consent_and_the_person_is_told(client):
    ingrid = person(display_name="Ingrid")
    mother = person(display_name="Mevrouw de Vries")
    log_in(client, ingrid)
    response = _ask(client, mother.email.upper())
    assert response.status_code == 302
    delegation = db.session.scalars(select(Delegation)).one()
    assert (delegation.carer_id, delegation.person_id) == (ingrid.id, mother.id)
    assert delegation.status == DelegationStatus.REQUESTED
    assert delegation.relation == "dochter"
    assert [n.kind for n in _notices(mother, "delegation_requested")] == ["delegation_requested"]


def test_asking_an_address_without_an_account_says_the_same_and_stores_nothing(client):
    log_in(client, person())
    response = _ask(client, "niemand@example.org")
    assert response.status_code == 302
    follow = client.get(response.headers["Location"])
    assert "Als er een account is met dit e-mailadres" in follow.text
    assert db.session.scalars(select(Delegation)).first() is None


def test_asking_without_any_scope_shows_the_error_and_keeps_the_address(client):
    log_in(client, person())
    response = _ask(client, "moeder@example.org", scopes=[])
    assert response.status_code == 422
    assert "Kies ten minste één ding dat mag." in response.text
    assert "moeder@example.org" in response.text


def test_an_end_date_more_than_two_years_ahead_is_refused(client):
    mother = person()
    log_in(client, person())
    late = (local_today() + timedelta(days=800)).isoformat()
    response = _ask(client, mother.email, ends_on=late)
    assert response.status_code == 422
    assert "hooguit twee jaar" in response.text
    assert db.session.scalars(select(Delegation)).first() is None


def test_the_person_gives_consent_in_one_click_and_the_carer_is_told(client):
    ingrid, mother, delegation = daughter_and_mother(status=DelegationStatus.REQUESTED)
    log_in(client, mother)
    page = client.get("/namens/")
    assert "Ingrid vraagt uw toestemming." in page.text
    client.post(f"/namens/{delegation.id}/toestemming-geven")
    assert db.session.get(Delegation, delegation.id).status == DelegationStatus.ACTIVE
    assert len(_notices(ingrid, "delegation_changed")) == 1


def test_the_carer_cannot_give_consent_for_the_person(client):
    ingrid, _mother, delegation = daughter_and_mother(status=DelegationStatus.REQUESTED)
    log_in(client, ingrid)
    response = client.post(f"/namens/{delegation.id}/toestemming-geven")
    assert response.status_code == 404
    assert db.session.get(Delegation, delegation.id).status == DelegationStatus.REQUESTED


@pytest.mark.parametrize("side", ["carer", "person"])
def test_either_side_ends_the_consent_in_one_click_and_the_other_is_told(client, side):
    ingrid, mother, delegation = daughter_and_mother()
    actor, other = (ingrid, mother) if side == "carer" else (mother, ingrid)
    log_in(client, actor)
    client.post(f"/namens/{delegation.id}/stoppen")
    ended = db.session.get(Delegation, delegation.id)
    assert ended.status == DelegationStatus.ENDED
    assert ended.ended_by_id == actor.id
    assert len(_notices(other, "delegation_changed")) == 1


def test_someone_else_cannot_end_a_consent(client):
    _ingrid, _mother, delegation = daughter_and_mother()
    log_in(client, person())
    assert client.post(f"/namens/{delegation.id}/stoppen").status_code == 404
    assert db.session.get(Delegation, delegation.id).status == DelegationStatus.ACTIVE


def test_a_resident_cannot_open_the_helpdesk_page(client):
    log_in(client, person())
    assert client.get("/namens/helpdesk").status_code == 403


def test_the_helpdesk_records_consent_given_on_paper_and_it_counts_at_once(client):
    staff = MembershipFactory().user
    ingrid = person(display_name="Ingrid")
    mother = person(display_name="Mevrouw de Vries")
    log_in(client, staff)
    response = client.post(
        "/namens/helpdesk",
        data={
            "carer_email": ingrid.email,
            "person_email": mother.email,
            "via": "paper",
            "scopes": ["post", "accept"],
            "ends_on": (local_today() + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    delegation = db.session.scalars(select(Delegation)).one()
    assert delegation.status == DelegationStatus.ACTIVE
    assert (delegation.via, delegation.recorded_by_id) == ("paper", staff.id)
    assert delegation.scopes == ["post", "accept"]
    assert db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.target_type == "delegation")
    ).all() == ["delegation.record"]
    assert len(_notices(ingrid, "delegation_changed")) == 1
    assert len(_notices(mother, "delegation_changed")) == 1


def test_the_helpdesk_is_told_when_an_address_has_no_account_and_nothing_typed_is_lost(client):
    moderator = UserFactory(moderator=True)
    mother = person()
    log_in(client, moderator)
    response = client.post(
        "/namens/helpdesk",
        data={
            "carer_email": "onbekend@example.org",
            "person_email": mother.email,
            "via": "phone",
            "scopes": ["post"],
            "ends_on": (local_today() + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert "Er is geen account met dit adres" in response.text
    assert "onbekend@example.org" in response.text
    assert db.session.scalars(select(Delegation)).first() is None


def test_a_consent_past_its_end_date_is_not_shown_as_running(client):
    ingrid = person(display_name="Ingrid")
    mother = person(display_name="Mevrouw de Vries")
    consent(ingrid, mother, days=-1)
    log_in(client, ingrid)
    page = client.get("/namens/")
    assert "Hulp vragen namens" not in page.text
    assert "U regelt nog niets namens iemand anders." in page.text
