"""Unsubscribe links are made as the mail goes out, expire, and work once."""

from __future__ import annotations

import re
import time
from email import message_from_bytes, policy
from pathlib import Path

from itsdangerous import URLSafeSerializer
from sqlalchemy import select, text

from marketplace.extensions import db
from marketplace.notifications.delivery import deliver_notifications
from marketplace.notifications.mailer import Mailer
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.notifications.services import notify
from marketplace.notifications.unsubscribe import MAX_AGE, make_unsubscribe_token
from marketplace.profiles.models import NotificationPreference
from tests.factories import PostingFactory, person


def _mail_someone(session):
    user = person()
    notify(
        session,
        user,
        NotificationKind.POSTING_APPROVED,
        f"approved:{user.id}",
        link_path="/oproepen/1",
        posting=PostingFactory(published=True),
    )
    session.commit()
    return user


def _send_all(app, outbox: Path):
    config = {**app.config, "MAIL_OUTBOX_DIR": str(outbox)}
    ids = list(db.session.scalars(select(Notification.id)))
    deliver_notifications(db.session, ids, config, [Mailer(config)])
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(outbox.iterdir())
    ]


def _link_in(message) -> str:
    body = message.get_body().get_content()
    return re.search(r"http://localhost(/meldingen/afmelden/\S+)", body).group(1)


def test_the_sent_mail_has_a_working_link_in_its_text_and_its_header(
    app, client, session, tmp_path
):
    user = _mail_someone(session)
    [message] = _send_all(app, tmp_path)
    path = _link_in(message)
    assert message["List-Unsubscribe"] == f"<http://localhost{path}>"
    assert client.post(path).status_code == 302
    session.expire_all()
    assert user.profile.notification_preference == NotificationPreference.OFF


def test_the_notifications_table_holds_no_unsubscribe_link(app, session, tmp_path):
    _mail_someone(session)
    _send_all(app, tmp_path)
    for row in db.session.execute(text("SELECT * FROM notifications")):
        assert not any(isinstance(value, str) and "/afmelden/" in value for value in row)


def test_a_link_older_than_its_limit_shows_the_page_to_log_in(app, client, session, monkeypatch):
    user = person()
    made_at = time.time() - MAX_AGE.total_seconds() - 60
    with monkeypatch.context() as clock:
        clock.setattr(time, "time", lambda: made_at)
        token = make_unsubscribe_token(app.config["SECRET_KEY"], user.id, "")
    page = client.post(f"/meldingen/afmelden/{token}")
    assert page.status_code == 410
    assert "Deze afmeldlink werkt niet meer" in page.text
    session.expire_all()
    assert user.profile.notification_preference == NotificationPreference.INSTANT


def test_a_link_in_the_old_never_expiring_form_shows_the_page_not_an_error(app, client):
    user = person()
    old = URLSafeSerializer(app.config["SECRET_KEY"], salt="buurthulp.unsubscribe")
    token = old.dumps({"u": user.id, "p": "unsubscribe"})
    for method in (client.get, client.post):
        page = method(f"/meldingen/afmelden/{token}")
        assert page.status_code == 404
        assert "Inloggen en instellingen kiezen" in page.text


def test_using_a_link_ends_the_links_in_earlier_mails_too(app, client, session, tmp_path):
    user = _mail_someone(session)
    notify(
        session,
        user,
        NotificationKind.POSTING_APPROVED,
        f"approved-again:{user.id}",
        link_path="/oproepen/1",
        posting=PostingFactory(published=True),
    )
    session.commit()
    first, second = (_link_in(message) for message in _send_all(app, tmp_path))
    assert client.post(second).status_code == 302
    assert client.post(first).status_code == 410
