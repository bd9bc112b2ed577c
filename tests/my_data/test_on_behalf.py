"""Erasure on someone's behalf: an admin for a person who phoned or wrote, organisation
staff for one of their clients."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts import two_factor
from marketplace.accounts.models import User
from marketplace.audit import AuditEvent
from marketplace.extensions import db
from marketplace.intake.models import Client, ClientInvite, HandOver
from marketplace.postings.models import Posting
from tests.conftest import log_in
from tests.factories import MembershipFactory, UserFactory, person
from tests.my_data.conftest import CLIENT_PHONE, EMAIL


def _admin():
    admin = person(display_name="Beheerder Bea", user__admin=True)
    two_factor.enable_with_secret(db.session, admin, "JBSWY3DPEHPK3PXP")
    db.session.commit()
    return admin


def test_an_admin_erases_a_person_with_a_reason_in_the_audit_trail(client, world):
    admin = _admin()
    log_in(client, admin)
    assert "verwijderen" in client.get(f"/beheer/gebruikers/{world.anna.id}").get_data(as_text=True)
    response = client.post(
        f"/beheer/gebruikers/{world.anna.id}/verwijderen",
        data={"reason": "Verzoek per brief van 3 december", "understood": "y"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, world.anna.id).email.endswith(".invalid")
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.erase")).one()
    assert audit.actor_id == admin.id and audit.reason == "Verzoek per brief van 3 december"
    page = client.get(f"/beheer/gebruikers/{world.anna.id}").get_data(as_text=True)
    assert "Verwijderd op" in page and "/verwijderen" not in page
    assert client.get(f"/beheer/gebruikers/{world.anna.id}/verwijderen").status_code == 404


def test_an_admin_must_give_a_reason_and_keeps_what_was_typed(client, world):
    log_in(client, _admin())
    response = client.post(
        f"/beheer/gebruikers/{world.anna.id}/verwijderen", data={"reason": "Belde op"}
    )
    assert response.status_code == 422
    assert "Belde op" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, world.anna.id).email == EMAIL


def test_only_admins_erase_other_people(client, world):
    log_in(client, world.bert)
    response = client.post(
        f"/beheer/gebruikers/{world.anna.id}/verwijderen",
        data={"reason": "x", "understood": "y"},
    )
    assert response.status_code == 403


def test_an_admin_cannot_erase_their_own_account_through_the_admin_pages(client):
    admin = _admin()
    log_in(client, admin)
    assert client.get(f"/beheer/gebruikers/{admin.id}/verwijderen").status_code == 404


def test_staff_erase_a_client_record_and_what_hangs_off_it(client, world):
    staff = UserFactory()
    MembershipFactory(organisation=world.organisation, user=staff)
    two_factor.enable_with_secret(db.session, staff, "JBSWY3DPEHPK3PXP")
    db.session.commit()
    client_id = world.client.id
    log_in(client, staff)
    page = client.get(f"/intake/{world.organisation.id}/clienten/{client_id}")
    assert f"/clienten/{client_id}/wissen" in page.get_data(as_text=True)
    response = client.post(
        f"/intake/{world.organisation.id}/clienten/{client_id}/wissen",
        data={"reason": "De cliënt vroeg erom", "understood": "y"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Client, client_id) is None
    assert db.session.scalars(select(HandOver)).all() == []
    posting = db.session.scalars(select(Posting).where(Posting.organisation_id.is_not(None))).all()
    assert all(p.on_behalf_of is None and p.volunteer_note is None for p in posting)
    assert CLIENT_PHONE not in str([p.volunteer_note for p in posting])
    assert db.session.get(User, world.anna.id).erased_at is None  # her own account stays
    assert db.session.scalars(select(ClientInvite)).all() != []  # another organisation's


def test_staff_of_another_organisation_cannot_erase_the_client(client, world):
    outsider = UserFactory()
    MembershipFactory(user=outsider)
    two_factor.enable_with_secret(db.session, outsider, "JBSWY3DPEHPK3PXP")
    db.session.commit()
    log_in(client, outsider)
    response = client.get(f"/intake/{world.organisation.id}/clienten/{world.client.id}/wissen")
    assert response.status_code == 403
