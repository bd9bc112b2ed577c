"""Reading the account mails the services put in the outbox."""

from __future__ import annotations

from typing import Any

import pyotp
from flask.testing import FlaskClient
from sqlalchemy import select

from marketplace.accounts.mail_links import fill_secret_link
from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.notifications.models import Notification, NotificationKind


def mails_to(user: User, kind: NotificationKind) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.recipient_id == user.id, Notification.kind == kind)
            .order_by(Notification.id)
        )
    )


def link_in_last_mail(user: User, kind: NotificationKind) -> str:
    """The path the newest mail of ``kind`` links to, e.g. ``/bevestigen/<token>``: for a
    confirmation or reset mail with the token the worker puts in as it sends the mail (the
    table holds none, see accounts.mail_links)."""
    mail = mails_to(user, kind)[-1]
    assert mail.link_path is not None
    return fill_secret_link(db.session, mail.kind, mail.recipient_id, mail.to_email, mail.link_path)


def current_code(user: User) -> str:
    """The code the authenticator app of ``user`` shows now."""
    from marketplace.accounts.models import TwoFactor

    record = db.session.get(TwoFactor, user.id)
    assert record is not None, "two-factor log-in is not set up"
    return pyotp.TOTP(record.secret).now()


def unused_code(user: User) -> str:
    """A code the app of ``user`` shows now or in the next 30 seconds that was not used yet
    (each code works once: one used at log-in cannot be typed again)."""
    from datetime import timedelta

    from marketplace.accounts.models import TwoFactor
    from marketplace.timestamps import utcnow

    record = db.session.get(TwoFactor, user.id)
    assert record is not None, "two-factor log-in is not set up"
    db.session.refresh(record)
    totp = pyotp.TOTP(record.secret)
    for moment in (utcnow(), utcnow() + timedelta(seconds=totp.interval)):
        if record.last_step is None or totp.timecode(moment) > record.last_step:
            return totp.at(moment)
    raise AssertionError("both codes in the window were used")


def confirm_password(client: FlaskClient, user: User, password: str | None = None) -> Any:
    """Type the password again on "Bevestig uw wachtwoord", with a current code when the
    person has two-factor log-in (accounts.reauth)."""
    from marketplace.accounts import two_factor
    from tests.factories import PASSWORD

    data = {"password": password or PASSWORD}
    if two_factor.is_enabled(db.session, user):
        data["code"] = unused_code(user)
    return client.post("/account/bevestig-wachtwoord", data=data)


def log_in_through_form(client: FlaskClient, user: User, password: str, **extra: str) -> Any:
    """Log in with the form as a person would; someone whose role needs two-factor log-in
    gets it set up first (a random secret) and types the current code."""
    from marketplace.accounts import two_factor

    if two_factor.needs_setup(db.session, user):
        two_factor.enable_with_secret(db.session, user, pyotp.random_base32())
        db.session.commit()
    response = client.post("/inloggen", data={"email": user.email, "password": password, **extra})
    if response.headers.get("Location") == "/inloggen/code":
        response = client.post("/inloggen/code", data={"code": current_code(user)})
    return response
