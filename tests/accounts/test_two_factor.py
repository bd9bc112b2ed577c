"""Two-factor log-in: required for roles that see other people's data, optional for others;
set up with a QR code and a first code; log-in asks for the code before the session starts."""

from __future__ import annotations

import pyotp
import pytest
from sqlalchemy import select

from marketplace.accounts import two_factor
from marketplace.accounts.models import RecoveryCode, TwoFactor
from marketplace.extensions import db
from marketplace.notifications.models import NotificationKind
from marketplace.security_log import read_security_events
from tests.accounts.helpers import confirm_password, current_code, link_in_last_mail
from tests.conftest import log_in
from tests.factories import PASSWORD, MembershipFactory, UserFactory, person

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _confirm_password(client, user=None, password=PASSWORD):
    if user is not None:
        return confirm_password(client, user, password)
    return client.post("/account/bevestig-wachtwoord", data={"password": password})


def _session_without_two_factor(client, user):
    """A session for someone whose role needs two-factor log-in but who has not set it up
    (``log_in`` would switch it on for them)."""
    from marketplace.accounts.sessions import start_session

    token = start_session(db.session, user)
    db.session.commit()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = token
    return client


def _enabled(user, secret=SECRET):
    two_factor.enable_with_secret(db.session, user, secret)
    db.session.commit()
    return user


def _password_step(client, user, password=PASSWORD):
    return client.post("/inloggen", data={"email": user.email, "password": password})


def _is_logged_in(client) -> bool:
    return client.get("/account/wachtwoord").status_code == 200


def _events(name):
    return [e for e in read_security_events() if e["event"] == name]


# Who needs it


@pytest.mark.parametrize("trait", ["moderator", "admin", "municipality"])
def test_every_role_that_sees_other_peoples_data_needs_two_factor(trait):
    assert two_factor.requires_two_factor(UserFactory(**{trait: True}))


def test_organisation_staff_need_two_factor():
    assert two_factor.requires_two_factor(MembershipFactory().user)


def test_a_resident_does_not_need_two_factor():
    assert not two_factor.requires_two_factor(person())


def test_a_moderator_without_two_factor_is_sent_to_the_set_up_page(client):
    _session_without_two_factor(client, UserFactory(moderator=True))
    response = client.get("/moderatie/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/tweestapsverificatie"


def test_staff_without_two_factor_can_still_log_out_and_switch_language(client):
    _session_without_two_factor(client, MembershipFactory().user)
    assert client.post("/taal", data={"locale": "en"}).headers.get("Location") != (
        "/account/tweestapsverificatie"
    )
    response = client.post("/uitloggen")
    assert response.headers["Location"] == "/"


def test_a_resident_is_not_sent_to_the_set_up_page(client):
    log_in(client, person())
    assert client.get("/profiel/").status_code == 200


def test_log_in_helper_sets_up_two_factor_for_a_moderator(client):
    user = UserFactory(moderator=True)
    log_in(client, user)
    assert two_factor.is_enabled(db.session, user)


# Setting it up


def test_the_set_up_page_asks_for_the_password_first(client):
    log_in(client, person())
    response = client.get("/account/tweestapsverificatie")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/bevestig-wachtwoord")


def test_a_wrong_password_on_the_confirm_page_is_refused(client):
    log_in(client, person())
    response = _confirm_password(client, password="niet mijn wachtwoord")
    assert response.status_code == 422
    assert "Dit wachtwoord klopt niet" in response.get_data(as_text=True)
    assert client.get("/account/tweestapsverificatie").status_code == 302


def test_the_confirm_page_goes_back_where_the_person_was(client):
    log_in(client, person())
    response = client.post(
        "/account/bevestig-wachtwoord",
        data={"password": PASSWORD, "next": "/account/tweestapsverificatie"},
    )
    assert response.headers["Location"] == "/account/tweestapsverificatie"


def test_the_set_up_page_shows_the_key_as_text_and_a_qr_code(client):
    user = person()
    log_in(client, user)
    _confirm_password(client, user)
    page = client.get("/account/tweestapsverificatie").get_data(as_text=True)
    secret = db.session.get(TwoFactor, user.id).secret
    assert two_factor.format_secret(secret) in page
    assert 'src="/account/tweestapsverificatie/qr.svg"' in page
    qr = client.get("/account/tweestapsverificatie/qr.svg")
    assert qr.mimetype == "image/svg+xml"
    assert qr.get_data(as_text=True).startswith("<svg")
    assert "no-store" in qr.headers["Cache-Control"]


def test_a_wrong_first_code_keeps_two_factor_off(client):
    user = person()
    log_in(client, user)
    _confirm_password(client, user)
    client.get("/account/tweestapsverificatie")
    response = client.post("/account/tweestapsverificatie", data={"code": "000000"})
    assert response.status_code == 422
    assert "Deze code klopt niet" in response.get_data(as_text=True)
    assert not two_factor.is_enabled(db.session, user)


def test_the_right_first_code_switches_it_on_and_shows_ten_recovery_codes_once(client):
    user = person()
    log_in(client, user)
    _confirm_password(client, user)
    client.get("/account/tweestapsverificatie")
    secret = db.session.get(TwoFactor, user.id).secret
    response = client.post("/account/tweestapsverificatie", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count("<li><code>") == 10
    assert two_factor.is_enabled(db.session, user)
    # Only digests are kept, and the page afterwards shows no codes.
    digests = db.session.scalars(select(RecoveryCode.code_digest)).all()
    assert len(digests) == 10
    assert not any(d in page for d in digests)
    assert "<li><code>" not in client.get("/account/tweestapsverificatie").get_data(as_text=True)
    assert _events("2fa.enabled")[0]["user_id"] == user.id


def test_the_security_log_never_holds_the_secret(client):
    user = person()
    log_in(client, user)
    _confirm_password(client, user)
    client.get("/account/tweestapsverificatie")
    secret = db.session.get(TwoFactor, user.id).secret
    client.post("/account/tweestapsverificatie", data={"code": pyotp.TOTP(secret).now()})
    assert secret not in str(read_security_events())


# Logging in


def test_with_two_factor_the_password_alone_does_not_log_in(client):
    user = _enabled(person())
    response = _password_step(client, user)
    assert response.headers["Location"] == "/inloggen/code"
    assert not _is_logged_in(client)


def test_the_code_finishes_the_log_in(client):
    user = _enabled(person())
    _password_step(client, user)
    response = client.post("/inloggen/code", data={"code": current_code(user)})
    assert response.status_code == 302
    assert _is_logged_in(client)
    assert _events("2fa.passed")[0]["method"] == "app"


def test_the_code_page_without_a_password_first_sends_to_log_in(client):
    response = client.post("/inloggen/code", data={"code": "123456"})
    assert response.headers["Location"] == "/inloggen"


def test_a_wrong_code_is_refused_and_does_not_log_in(client):
    user = _enabled(person())
    _password_step(client, user)
    response = client.post("/inloggen/code", data={"code": "000000"})
    assert response.status_code == 422
    assert "Deze code klopt niet" in response.get_data(as_text=True)
    assert not _is_logged_in(client)


def test_a_code_works_only_once(app, client):
    user = _enabled(person())
    code = current_code(user)
    _password_step(client, user)
    client.post("/inloggen/code", data={"code": code})
    other = app.test_client()
    _password_step(other, user)
    assert other.post("/inloggen/code", data={"code": code}).status_code == 422


def test_a_recovery_code_logs_in_once(app, client):
    user = _enabled(person())
    codes = two_factor.renew_recovery_codes(db.session, user)
    db.session.commit()
    _password_step(client, user)
    response = client.post("/inloggen/code", data={"code": codes[0].lower()})
    assert response.status_code == 302
    assert _is_logged_in(client)
    other = app.test_client()
    _password_step(other, user)
    assert other.post("/inloggen/code", data={"code": codes[0]}).status_code == 422


def test_five_wrong_codes_lock_the_second_step_even_for_the_right_code(app, client):
    user = _enabled(person())
    _password_step(client, user)
    for _ in range(4):
        client.post("/inloggen/code", data={"code": "000000"})
    locked = client.post("/inloggen/code", data={"code": "000000"})
    assert locked.status_code == 429
    assert "te vaak een verkeerde code" in locked.get_data(as_text=True)
    # Another browser (or process) is locked out too: the count is kept per account.
    other = app.test_client()
    _password_step(other, user)
    response = other.post("/inloggen/code", data={"code": current_code(user)})
    assert response.status_code == 429
    assert _events("2fa.locked")


def test_a_blocked_account_cannot_finish_the_second_step(client):
    user = _enabled(person())
    _password_step(client, user)
    user.is_blocked = True
    db.session.commit()
    response = client.post("/inloggen/code", data={"code": current_code(user)})
    assert response.headers["Location"] == "/inloggen"


def test_a_password_reset_still_asks_for_the_code(client):
    user = _enabled(person())
    client.post("/wachtwoord-vergeten", data={"email": user.email})
    link = link_in_last_mail(user, NotificationKind.RESET_PASSWORD)
    new = "een heel nieuw wachtwoord"
    response = client.post(link, data={"password": new, "password_again": new})
    assert response.headers["Location"] == "/inloggen/code"
    assert not _is_logged_in(client)


# Managing and switching off


def test_new_recovery_codes_replace_the_old_ones(client):
    user = _enabled(person())
    old = two_factor.renew_recovery_codes(db.session, user)
    db.session.commit()
    log_in(client, user)
    _confirm_password(client, user)
    response = client.post("/account/tweestapsverificatie/herstelcodes")
    assert response.get_data(as_text=True).count("<li><code>") == 10
    with pytest.raises(two_factor.InvalidCode):
        two_factor.check_code(db.session, user, old[0])


def test_a_resident_can_switch_it_off(client):
    user = _enabled(person())
    log_in(client, user)
    _confirm_password(client, user)
    client.post("/account/tweestapsverificatie/uitzetten")
    assert not two_factor.is_enabled(db.session, user)
    assert _events("2fa.disabled")


def test_a_moderator_cannot_switch_it_off(client):
    user = UserFactory(moderator=True)
    log_in(client, user)
    _confirm_password(client, user)
    page = client.get("/account/tweestapsverificatie").get_data(as_text=True)
    assert 'action="/account/tweestapsverificatie/uitzetten"' not in page
    response = client.post("/account/tweestapsverificatie/uitzetten", follow_redirects=True)
    assert "niet uitzetten" in response.get_data(as_text=True)
    assert two_factor.is_enabled(db.session, user)


def test_switching_off_needs_the_password_again(client):
    user = _enabled(person())
    log_in(client, user)
    response = client.post("/account/tweestapsverificatie/uitzetten")
    assert response.headers["Location"].startswith("/account/bevestig-wachtwoord")
    assert two_factor.is_enabled(db.session, user)


def test_guessing_the_password_on_the_confirm_page_locks_like_log_in(rate_limited_client):
    user = person()
    log_in(rate_limited_client, user)
    for n in range(10):
        rate_limited_client.post(
            "/account/bevestig-wachtwoord",
            data={"password": "fout-wachtwoord"},
            environ_base={"REMOTE_ADDR": f"10.0.2.{n}"},
        )
    response = rate_limited_client.post(
        "/account/bevestig-wachtwoord",
        data={"password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.3.1"},
    )
    assert response.status_code == 429
    assert "Te vaak een verkeerd wachtwoord" in response.get_data(as_text=True)
