"""Changing the e-mail address (password first, confirmed from the new address, both told)
and the mail about a changed password."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.mail_links import TOKEN_PLACEHOLDER
from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.notifications.models import NotificationKind
from tests.accounts.helpers import link_in_last_mail, mails_to
from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory, person

NEW_ADDRESS = "nieuw.adres@example.org"


def _ready(client, user):
    log_in(client, user)
    client.post("/account/bevestig-wachtwoord", data={"password": PASSWORD})
    return client


def _ask(client, address=NEW_ADDRESS):
    return client.post("/account/e-mailadres", data={"email": address})


def test_the_change_email_page_asks_for_the_password_first(client):
    log_in(client, person())
    response = client.get("/account/e-mailadres")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/bevestig-wachtwoord?next=/account/e-mailadres"


def test_the_address_stays_until_the_new_one_is_confirmed(client):
    user = person()
    old = user.email
    _ready(client, user)
    response = _ask(client)
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.email == old
    [mail] = mails_to(user, NotificationKind.EMAIL_CHANGE)
    assert mail.to_email == NEW_ADDRESS
    assert mail.send_email and not mail.show_in_app
    # The outbox holds no working link: the worker makes the token as it sends the mail.
    assert mail.link_path == "/account/e-mailadres/bevestigen/" + TOKEN_PLACEHOLDER
    assert TOKEN_PLACEHOLDER in mail.body


def test_the_link_changes_the_address_and_tells_old_and_new(client):
    user = person()
    old = user.email
    _ready(client, user)
    _ask(client)
    link = link_in_last_mail(user, NotificationKind.EMAIL_CHANGE)
    assert client.get(link).status_code == 302
    db.session.refresh(user)
    assert user.email == NEW_ADDRESS
    told = {mail.to_email for mail in mails_to(user, NotificationKind.EMAIL_CHANGED)}
    assert told == {old, NEW_ADDRESS}


def test_the_link_works_only_once(client):
    user = person()
    _ready(client, user)
    _ask(client)
    link = link_in_last_mail(user, NotificationKind.EMAIL_CHANGE)
    client.get(link)
    assert client.get(link).status_code == 400


def test_an_address_taken_meanwhile_is_not_given(client):
    user = person()
    _ready(client, user)
    _ask(client)
    link = link_in_last_mail(user, NotificationKind.EMAIL_CHANGE)
    UserFactory(email=NEW_ADDRESS)
    assert client.get(link).status_code == 400
    assert db.session.get(User, user.id).email != NEW_ADDRESS


def test_an_address_in_use_is_refused_at_once(client):
    UserFactory(email=NEW_ADDRESS)
    _ready(client, person())
    response = _ask(client)
    assert response.status_code == 422
    assert "Er is al een account met dit e-mailadres" in response.get_data(as_text=True)


def test_the_same_address_is_refused(client):
    user = person()
    _ready(client, user)
    response = _ask(client, user.email)
    assert response.status_code == 422
    assert "Dit is al uw e-mailadres" in response.get_data(as_text=True)


def test_a_malformed_address_keeps_what_was_typed(client):
    _ready(client, person())
    response = _ask(client, "geen adres")
    assert response.status_code == 422
    assert 'value="geen adres"' in response.get_data(as_text=True)


def test_the_password_again_lasts_ten_minutes(client, monkeypatch):
    from datetime import timedelta

    from marketplace.accounts import reauth
    from marketplace.timestamps import utcnow

    _ready(client, person())
    assert client.get("/account/e-mailadres").status_code == 200
    later = utcnow() + timedelta(minutes=11)
    monkeypatch.setattr(reauth, "utcnow", lambda: later)
    assert client.get("/account/e-mailadres").status_code == 302


# Password changed


def test_changing_the_password_mails_the_person(client):
    user = person()
    log_in(client, user)
    new = "een ander goed wachtwoord"
    client.post(
        "/account/wachtwoord",
        data={"current_password": PASSWORD, "password": new, "password_again": new},
    )
    [mail] = mails_to(user, NotificationKind.PASSWORD_CHANGED)
    assert mail.send_email and mail.to_email == user.email
    assert "niet zelf gedaan" in mail.body


def test_resetting_the_password_mails_the_person(client):
    user = person()
    client.post("/wachtwoord-vergeten", data={"email": user.email})
    link = link_in_last_mail(user, NotificationKind.RESET_PASSWORD)
    new = "een ander goed wachtwoord"
    client.post(link, data={"password": new, "password_again": new})
    assert len(mails_to(user, NotificationKind.PASSWORD_CHANGED)) == 1


def test_the_password_changed_mail_goes_out_even_with_notifications_off(client, session):
    user = person()
    user.profile.notification_preference = "off"
    session.commit()
    log_in(client, user)
    new = "een ander goed wachtwoord"
    client.post(
        "/account/wachtwoord",
        data={"current_password": PASSWORD, "password": new, "password_again": new},
    )
    [mail] = mails_to(user, NotificationKind.PASSWORD_CHANGED)
    assert mail.send_email


def test_no_link_goes_out_once_the_address_changed_otherwise(client):
    import pytest

    from marketplace.accounts.mail_links import LinkNotNeeded, fill_secret_link

    user = person()
    _ready(client, user)
    _ask(client)
    [mail] = mails_to(user, NotificationKind.EMAIL_CHANGE)
    user.email = NEW_ADDRESS
    db.session.commit()
    with pytest.raises(LinkNotNeeded):
        fill_secret_link(db.session, mail.kind, user.id, mail.to_email, mail.body)


# The link: works once, carries no address


def _payload_text(link: str) -> str:
    """What anyone who sees the link can read (itsdangerous signs, it does not encrypt)."""
    import base64
    import zlib

    token = link.rsplit("/", 1)[-1]
    body = token.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    if token.startswith("."):
        raw = zlib.decompress(raw)
    return raw.decode()


def _change_to(client, user, address):
    client.post("/account/bevestig-wachtwoord", data={"password": PASSWORD})
    _ask(client, address)
    return link_in_last_mail(user, NotificationKind.EMAIL_CHANGE)


def test_a_used_link_does_not_work_again_after_the_address_went_back(client):
    user = person()
    first = user.email
    log_in(client, user)
    to_new = _change_to(client, user, NEW_ADDRESS)
    assert client.get(to_new).status_code == 302
    back = _change_to(client, user, first)
    assert client.get(back).status_code == 302
    db.session.refresh(user)
    assert user.email == first
    # The person asks for the same new address again; the old link must still not work.
    _ask(client, NEW_ADDRESS)
    db.session.refresh(user)
    assert user.pending_email == NEW_ADDRESS
    assert client.get(to_new).status_code == 400
    db.session.refresh(user)
    assert user.email == first


def test_a_newer_request_makes_the_older_link_stop_working(client):
    user = person()
    log_in(client, user)
    older = _change_to(client, user, NEW_ADDRESS)
    _change_to(client, user, "nog.een.adres@example.org")
    assert client.get(older).status_code == 400
    db.session.refresh(user)
    assert user.email != NEW_ADDRESS
    assert user.pending_email == "nog.een.adres@example.org"


def test_the_new_address_waits_on_the_account_not_in_the_link(client):
    user = person()
    old = user.email
    log_in(client, user)
    link = _change_to(client, user, NEW_ADDRESS)
    db.session.refresh(user)
    assert user.pending_email == NEW_ADDRESS
    readable = _payload_text(link)
    assert NEW_ADDRESS not in readable and old not in readable and "@" not in readable
    client.get(link)
    db.session.refresh(user)
    assert (user.email, user.pending_email) == (NEW_ADDRESS, None)


def test_the_confirmation_link_carries_no_address(client):
    client.post(
        "/registreren",
        data={
            "email": "ans.nieuw@example.org",
            "password": "een heel goed wachtwoord",
            "password_again": "een heel goed wachtwoord",
            "display_name": "Ans",
        },
    )
    user = db.session.scalar(select(User).where(User.email == "ans.nieuw@example.org"))
    link = link_in_last_mail(user, NotificationKind.CONFIRM_EMAIL)
    assert "@" not in _payload_text(link)
    assert client.get(link).status_code == 302
    db.session.refresh(user)
    assert user.is_email_confirmed
