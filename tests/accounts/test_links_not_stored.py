"""Reset and confirmation links never rest in the database: the worker makes the token as
it sends the mail, so reading the notifications table gives nobody a working link."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, text

from marketplace.accounts import services, tokens
from marketplace.accounts.errors import AlreadyConfirmed, InvalidToken
from marketplace.accounts.mail_links import TOKEN_PLACEHOLDER
from marketplace.extensions import db
from marketplace.notifications.delivery import deliver_notifications
from marketplace.notifications.mailer import Mailer
from marketplace.notifications.models import Notification, NotificationKind, NotificationStatus
from tests.factories import PASSWORD, UserFactory

# Anything that could be a signed token: URL-safe characters and dots, long enough.
TOKEN_LIKE = re.compile(r"[A-Za-z0-9_\-.]{20,}")
PURPOSES = (tokens.RESET_PASSWORD, tokens.CONFIRM_EMAIL)


def _usable_tokens_in_notifications_table() -> list[str]:
    """Every value in every column of every row, tried as a reset and a confirm token."""
    usable = []
    for row in db.session.execute(text("SELECT * FROM notifications")):
        for value in row:
            if not isinstance(value, str):
                continue
            for candidate in TOKEN_LIKE.findall(value):
                for purpose in PURPOSES:
                    try:
                        tokens.read_token(purpose, candidate)
                    except InvalidToken:
                        continue
                    usable.append(candidate)
    return usable


def _send_all(app: Flask, outbox: Path) -> list[str]:
    """Deliver every pending notification into files; the text of each mail."""
    config = {**app.config, "MAIL_OUTBOX_DIR": str(outbox)}
    ids = list(db.session.scalars(select(Notification.id)))
    deliver_notifications(db.session, ids, config, [Mailer(config)])
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default).get_body().get_content()
        for path in sorted(outbox.iterdir())
    ]


def test_after_a_reset_request_the_notifications_table_holds_no_usable_token(client):
    UserFactory(email="jan@example.org")
    client.post("/wachtwoord-vergeten", data={"email": "jan@example.org"})
    mail = db.session.scalars(select(Notification)).one()
    assert mail.kind == NotificationKind.RESET_PASSWORD
    assert f"/wachtwoord-herstellen/{TOKEN_PLACEHOLDER}" in mail.body
    assert _usable_tokens_in_notifications_table() == []


def test_after_registering_the_notifications_table_holds_no_usable_token(client):
    client.post(
        "/registreren",
        data={
            "display_name": "Jan",
            "email": "jan@example.org",
            "password": "lange zin om te onthouden",
            "password_again": "lange zin om te onthouden",
        },
    )
    mail = db.session.scalars(select(Notification)).one()
    assert mail.kind == NotificationKind.CONFIRM_EMAIL
    assert _usable_tokens_in_notifications_table() == []


def test_the_mail_that_goes_out_has_a_working_reset_link_and_the_table_still_none(
    app, client, tmp_path
):
    UserFactory(email="jan@example.org")
    client.post("/wachtwoord-vergeten", data={"email": "jan@example.org"})
    [body] = _send_all(app, tmp_path)
    assert TOKEN_PLACEHOLDER not in body
    path = re.search(r"http://localhost(/wachtwoord-herstellen/\S+)", body).group(1)
    assert client.get(path).status_code == 200
    assert db.session.scalars(select(Notification)).one().status == NotificationStatus.SENT
    assert _usable_tokens_in_notifications_table() == []


def test_the_mailed_confirmation_link_confirms_once(app, client, session, tmp_path):
    user = services.register_user(session, "jan@example.org", PASSWORD, "Jan")
    session.commit()
    [body] = _send_all(app, tmp_path)
    token = re.search(r"http://localhost/bevestigen/(\S+)", body).group(1)
    services.confirm_email(session, token)
    assert user.is_email_confirmed
    with pytest.raises(AlreadyConfirmed):
        services.confirm_email(session, token)


def test_a_used_confirmation_link_says_so_and_does_nothing(app, client, session, tmp_path):
    services.register_user(session, "jan@example.org", PASSWORD, "Jan")
    session.commit()
    [body] = _send_all(app, tmp_path)
    path = re.search(r"http://localhost(/bevestigen/\S+)", body).group(1)
    client.get(path)
    again = client.get(path, follow_redirects=True)
    assert "Uw e-mailadres is al bevestigd" in again.text


def test_a_reset_mail_for_an_address_changed_since_is_not_sent(app, client, session, tmp_path):
    user = UserFactory(email="jan@example.org")
    client.post("/wachtwoord-vergeten", data={"email": "jan@example.org"})
    user.email = "jan.nieuw@example.org"
    session.commit()
    assert _send_all(app, tmp_path) == []
    assert db.session.scalars(select(Notification)).one().status == NotificationStatus.FAILED


def test_a_confirmation_mail_for_an_address_confirmed_since_is_not_sent(app, session, tmp_path):
    user = services.register_user(session, "jan@example.org", PASSWORD, "Jan")
    session.commit()
    user.email_confirmed_at = user.created_at
    session.commit()
    assert _send_all(app, tmp_path) == []
