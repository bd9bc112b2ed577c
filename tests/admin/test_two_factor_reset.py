"""An admin switches two-factor log-in off for someone who lost phone and recovery codes."""

from __future__ import annotations

import pyotp
from sqlalchemy import select

from marketplace.accounts import two_factor
from marketplace.accounts.sessions import count_sessions, start_session
from marketplace.audit import AuditEvent
from marketplace.extensions import db
from marketplace.notifications.models import NotificationKind
from marketplace.security_log import read_security_events
from tests.accounts.helpers import mails_to
from tests.conftest import log_in
from tests.factories import UserFactory

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
REASON = "Belde op 3 december: telefoon gestolen, herkend aan adres en geboortedatum."


def _moderator_with_two_factor():
    moderator = UserFactory(moderator=True)
    two_factor.enable_with_secret(db.session, moderator, SECRET)
    start_session(db.session, moderator)
    db.session.commit()
    return moderator


def _url(user):
    return f"/beheer/gebruikers/{user.id}/tweestapsverificatie/opnieuw"


def test_an_admin_resets_two_factor_ends_sessions_and_the_person_is_told(client):
    moderator = _moderator_with_two_factor()
    admin = UserFactory(admin=True)
    log_in(client, admin)
    response = client.post(_url(moderator), data={"reason": REASON})
    assert response.status_code == 302
    assert not two_factor.is_enabled(db.session, moderator)
    assert count_sessions(db.session, moderator) == 0
    (mail,) = mails_to(moderator, NotificationKind.TWO_FACTOR_CHANGED)
    assert "Een beheerder heeft uw tweestapsverificatie uitgezet" in mail.body
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "user.reset_two_factor")
    )
    assert (event.actor_id, event.target_id, event.reason) == (admin.id, moderator.id, REASON)
    logged = [e for e in read_security_events() if e["event"] == "2fa.reset"][-1]
    assert (logged["user_id"], logged["by_user_id"]) == (moderator.id, admin.id)


def test_the_admin_page_offers_the_reset_only_when_two_factor_is_on(client):
    moderator = _moderator_with_two_factor()
    resident = UserFactory()
    log_in(client, UserFactory(admin=True))
    assert _url(moderator) in client.get(f"/beheer/gebruikers/{moderator.id}").get_data(
        as_text=True
    )
    assert _url(resident) not in client.get(f"/beheer/gebruikers/{resident.id}").get_data(
        as_text=True
    )


def test_a_reset_without_a_reason_is_refused_with_a_message(client):
    moderator = _moderator_with_two_factor()
    log_in(client, UserFactory(admin=True))
    response = client.post(_url(moderator), data={"reason": "  "})
    assert response.status_code == 422
    assert "Schrijf op waarom" in response.get_data(as_text=True)
    assert two_factor.is_enabled(db.session, moderator)


def test_a_moderator_cannot_reset_someone_elses_two_factor(client):
    moderator = _moderator_with_two_factor()
    log_in(client, UserFactory(moderator=True))
    assert client.post(_url(moderator), data={"reason": REASON}).status_code == 403
    assert two_factor.is_enabled(db.session, moderator)


def test_switching_two_factor_on_and_off_is_mailed(session):
    resident = UserFactory()
    two_factor.begin_setup(session, resident)
    secret = two_factor.pending_secret(session, resident)
    two_factor.confirm_setup(session, resident, pyotp.TOTP(secret).now())
    two_factor.disable(session, resident)
    on, off = mails_to(resident, NotificationKind.TWO_FACTOR_CHANGED)
    assert "U heeft zojuist tweestapsverificatie aangezet" in on.body
    assert "U heeft zojuist tweestapsverificatie uitgezet" in off.body
