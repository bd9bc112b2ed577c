"""Confirming the password (and code) again before a sensitive change: logging in does not
count, the mark belongs to one server-side session, two-factor users type a code too;
renewed recovery codes are mailed; recovery codes are salted; a code works only once."""

from __future__ import annotations

import time

import pyotp
import pytest
from sqlalchemy import select, update

from marketplace.accounts import two_factor
from marketplace.accounts.models import RecoveryCode, TwoFactor
from marketplace.accounts.sessions import UserSession
from marketplace.extensions import db
from marketplace.notifications.models import NotificationKind
from marketplace.security_log import read_security_events
from tests.accounts.helpers import (
    confirm_password,
    log_in_through_form,
    mails_to,
    unused_code,
)
from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory, person

RENEW = "/account/tweestapsverificatie/herstelcodes"
CONFIRM = "/account/bevestig-wachtwoord"


def _moderator():
    user = UserFactory(moderator=True)
    two_factor.enable_with_secret(db.session, user, pyotp.random_base32())
    db.session.commit()
    return user


def _events(name):
    return [e for e in read_security_events() if e["event"] == name]


# Logging in is not a confirmation


def test_logging_in_with_password_and_code_does_not_count_as_confirmed(client):
    moderator = _moderator()
    assert log_in_through_form(client, moderator, PASSWORD).status_code == 302
    response = client.post(RENEW)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(CONFIRM)
    assert client.get("/account/e-mailadres").headers["Location"].startswith(CONFIRM)
    assert mails_to(moderator, NotificationKind.TWO_FACTOR_CHANGED) == []


def test_a_mark_in_the_cookie_session_is_not_trusted(client):
    """The old mark lived in the signed cookie; a copied cookie carried it along."""
    moderator = _moderator()
    log_in(client, moderator)
    with client.session_transaction() as flask_session:
        flask_session["reauth"] = {"user_id": moderator.id, "at": int(time.time())}
    assert client.post(RENEW).status_code == 302


def test_the_mark_belongs_to_one_session_only(app, client):
    user = person()
    log_in(client, user)
    other = log_in(app.test_client(), user)
    assert confirm_password(client, user).status_code == 302
    assert client.get("/account/e-mailadres").status_code == 200
    assert other.get("/account/e-mailadres").status_code == 302
    marked = db.session.scalars(
        select(UserSession).where(UserSession.reauthenticated_at.is_not(None))
    ).all()
    assert len(marked) == 1


def test_a_new_log_in_starts_without_the_mark(client):
    user = person()
    log_in(client, user)
    confirm_password(client, user)
    client.post("/uitloggen")
    assert log_in_through_form(client, user, PASSWORD).status_code == 302
    assert client.get("/account/wachtwoord").status_code == 200  # logged in again
    assert client.get("/account/e-mailadres").status_code == 302


# Two-factor users type a code too


def test_with_two_factor_the_password_alone_does_not_confirm(client):
    moderator = _moderator()
    log_in(client, moderator)
    page = client.get(CONFIRM).get_data(as_text=True)
    assert 'name="code"' in page
    response = client.post(CONFIRM, data={"password": PASSWORD})
    assert response.status_code == 422
    assert "Deze code klopt niet" in response.get_data(as_text=True)
    assert client.post(RENEW).status_code == 302


def test_without_two_factor_no_code_is_asked(client):
    user = person()
    log_in(client, user)
    assert 'name="code"' not in client.get(CONFIRM).get_data(as_text=True)
    assert client.post(CONFIRM, data={"password": PASSWORD}).status_code == 302


def test_with_two_factor_password_and_code_confirm(client):
    moderator = _moderator()
    log_in(client, moderator)
    response = client.post(CONFIRM, data={"password": PASSWORD, "code": unused_code(moderator)})
    assert response.status_code == 302
    assert _events("reauth.succeeded")
    assert client.post(RENEW).get_data(as_text=True).count("<li><code>") == 10


def test_a_recovery_code_confirms_too(client):
    moderator = _moderator()
    codes = two_factor.renew_recovery_codes(db.session, moderator)
    db.session.commit()
    log_in(client, moderator)
    response = client.post(CONFIRM, data={"password": PASSWORD, "code": codes[0]})
    assert response.status_code == 302
    assert two_factor.unused_recovery_codes(db.session, moderator) == 9


def test_a_wrong_code_with_the_right_password_is_counted(client):
    moderator = _moderator()
    log_in(client, moderator)
    client.post(CONFIRM, data={"password": PASSWORD, "code": "000000"})
    record = db.session.get(TwoFactor, moderator.id)
    db.session.refresh(record)
    assert record.failed_attempts == 1
    assert client.post(RENEW).status_code == 302


def test_a_wrong_password_does_not_use_up_the_code(client):
    moderator = _moderator()
    log_in(client, moderator)
    code = unused_code(moderator)
    assert client.post(CONFIRM, data={"password": "fout", "code": code}).status_code == 422
    assert client.post(CONFIRM, data={"password": PASSWORD, "code": code}).status_code == 302


# Renewed recovery codes are mailed and logged


def test_renewing_recovery_codes_mails_the_person(client):
    moderator = _moderator()
    log_in(client, moderator)
    confirm_password(client, moderator)
    client.post(RENEW)
    (mail,) = mails_to(moderator, NotificationKind.TWO_FACTOR_CHANGED)
    assert "nieuwe herstelcodes gemaakt" in mail.body
    assert "Heeft u dit niet zelf gedaan" in mail.body
    assert _events("2fa.recovery_codes_renewed")[-1]["user_id"] == moderator.id


# Recovery codes: salted, slow hashes


def test_recovery_codes_are_stored_as_argon2id_hashes_each_with_its_own_salt():
    user = _moderator()
    codes = two_factor.renew_recovery_codes(db.session, user)
    stored = db.session.scalars(
        select(RecoveryCode.code_digest).where(RecoveryCode.user_id == user.id)
    ).all()
    assert len(stored) == 10
    assert all(value.startswith("$argon2id$") for value in stored)
    assert len({value.split("$")[4] for value in stored}) == 10  # ten different salts
    assert two_factor.check_code(db.session, user, codes[3].lower()) == "recovery"
    with pytest.raises(two_factor.InvalidCode):
        two_factor.check_code(db.session, user, codes[3])


def test_another_persons_recovery_code_does_not_work():
    anna, ben = _moderator(), _moderator()
    anna_codes = two_factor.renew_recovery_codes(db.session, anna)
    two_factor.renew_recovery_codes(db.session, ben)
    with pytest.raises(two_factor.InvalidCode):
        two_factor.check_code(db.session, ben, anna_codes[0])


# A code works once, also when two requests bring it at the same time


def test_a_code_is_refused_when_another_request_used_it_first():
    """The check and the write are one statement: a request that read the row before
    another one used the code still finds the step taken."""
    user = _moderator()
    record = db.session.get(TwoFactor, user.id)
    code = pyotp.TOTP(record.secret).now()
    step = two_factor._matching_step(record.secret, code)
    # Another request used the code meanwhile, behind this session's back.
    db.session.execute(
        update(TwoFactor)
        .where(TwoFactor.user_id == user.id)
        .values(last_step=step)
        .execution_options(synchronize_session=False)
    )
    assert record.last_step is None  # this request still sees the row as it was
    with pytest.raises(two_factor.InvalidCode):
        two_factor.check_code(db.session, user, code)


# Changing the password: guesses count and are limited


def _change(client, current, address="10.0.5.1", **extra):
    new = "een ander goed wachtwoord"
    return client.post(
        "/account/wachtwoord",
        data={"current_password": current, "password": new, "password_again": new, **extra},
        environ_base={"REMOTE_ADDR": address},
    )


def test_wrong_current_passwords_lock_the_change_like_log_in(rate_limited_client):
    user = person()
    log_in(rate_limited_client, user)
    for n in range(10):  # each from another address: the per-account count locks
        assert _change(rate_limited_client, f"fout-{n}", f"10.0.6.{n}").status_code == 422
    response = _change(rate_limited_client, PASSWORD, "10.0.7.1")
    assert response.status_code == 429
    assert "Te vaak een verkeerd wachtwoord" in response.get_data(as_text=True)


def test_changing_the_password_is_rate_limited_per_address(rate_limited_client):
    user = person()
    log_in(rate_limited_client, user)
    statuses = [_change(rate_limited_client, "fout").status_code for _ in range(11)]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429


def test_with_two_factor_changing_the_password_needs_a_code(client):
    moderator = _moderator()
    log_in(client, moderator)
    assert 'name="code"' in client.get("/account/wachtwoord").get_data(as_text=True)
    response = _change(client, PASSWORD)
    assert response.status_code == 422
    assert "Deze code klopt niet" in response.get_data(as_text=True)
    assert _change(client, PASSWORD, code=unused_code(moderator)).status_code == 302


# The review's chain: a copied staff session cookie must not become a takeover


def test_a_copied_staff_cookie_cannot_renew_codes_change_the_address_or_take_over(app):
    from marketplace.accounts import tokens
    from marketplace.accounts.models import User

    secret = pyotp.random_base32()
    staff = UserFactory(moderator=True)
    two_factor.enable_with_secret(db.session, staff, secret)
    db.session.commit()
    victim = app.test_client()
    victim.post("/inloggen", data={"email": staff.email, "password": PASSWORD})
    victim.post("/inloggen/code", data={"code": pyotp.TOTP(secret).now()})
    assert victim.get("/moderatie/").status_code == 200
    attacker = app.test_client()
    attacker.set_cookie("session", victim.get_cookie("session").value)
    assert attacker.get("/moderatie/").status_code == 200  # the cookie itself still works

    renew = attacker.post(RENEW)
    assert renew.status_code == 302 and renew.headers["Location"].startswith(CONFIRM)
    change = attacker.post("/account/e-mailadres", data={"email": "aanvaller@example.net"})
    assert change.status_code == 302 and change.headers["Location"].startswith(CONFIRM)
    # Without the password (and a code) the confirm page lets nobody through.
    attacker.post(CONFIRM, data={"password": "geraden-wachtwoord", "code": "123456"})
    assert attacker.post(RENEW).status_code == 302
    assert mails_to(staff, NotificationKind.EMAIL_CHANGE) == []
    # A change link in the old form (addresses in the payload) does nothing either.
    forged = tokens.make_token(
        tokens.CHANGE_EMAIL,
        {"user_id": staff.id, "old": staff.email, "new": "aanvaller@example.net"},
    )
    assert attacker.get(f"/account/e-mailadres/bevestigen/{forged}").status_code == 400
    assert db.session.get(User, staff.id).email != "aanvaller@example.net"
    assert (
        db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == staff.id)).all() == []
    )
