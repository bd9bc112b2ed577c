"""Delivering notifications: files in the default, SMTP in production; never twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from marketplace.notifications.mailer import IDEMPOTENCY_HEADER, TransientMailError
from marketplace.notifications.models import Notification, NotificationStatus
from tests.notifications.factories import NotificationFactory
from tests.worker.conftest import free_port

DELIVER = "notifications.deliver_notification"


def reload(session, notification) -> Notification:
    session.expire_all()
    return session.get(Notification, notification.id)


def test_delivering_twice_writes_one_mail_file(run_task, app, session):
    notification = NotificationFactory(subject="Nieuwe reactie op uw oproep")
    assert run_task(DELIVER, notification.id) == NotificationStatus.SENT
    assert run_task(DELIVER, notification.id) == NotificationStatus.SENT
    files = list(Path(app.config["MAIL_OUTBOX_DIR"]).glob(f"*-{notification.id}.eml"))
    assert len(files) == 1
    assert "Nieuwe reactie op uw oproep" in files[0].read_text()
    assert reload(session, notification).sent_at is not None


def test_delivering_twice_sends_one_mail_over_smtp(run_task, session, smtp_server):
    notification = NotificationFactory(subject="Er is een oproep voor u")
    run_task(DELIVER, notification.id)
    run_task(DELIVER, notification.id)
    [mail] = smtp_server.messages
    assert mail["Subject"] == "Er is een oproep voor u"
    assert mail["To"] == notification.to_email
    assert mail[IDEMPOTENCY_HEADER] == notification.idempotency_key
    assert mail["List-Unsubscribe"] == "<http://localhost/profiel/meldingen>"
    delivered = reload(session, notification)
    assert (delivered.status, delivered.attempts) == (NotificationStatus.SENT, 1)


def test_in_app_only_notification_is_marked_sent_without_a_mail(run_task, session, smtp_server):
    notification = NotificationFactory(send_email=False)
    run_task(DELIVER, notification.id)
    assert smtp_server.messages == []
    assert reload(session, notification).status == NotificationStatus.SENT


def test_unknown_notification_is_reported_missing(run_task, smtp_server):
    assert run_task(DELIVER, 987654) == "missing"


def test_mail_server_down_is_a_transient_error_and_the_notification_stays_pending(
    run_task, session, smtp_down
):
    notification = NotificationFactory()
    with pytest.raises(TransientMailError):
        run_task(DELIVER, notification.id)
    failed = reload(session, notification)
    assert failed.status == NotificationStatus.PENDING
    assert failed.attempts == 1
    assert failed.last_error


def test_delivery_succeeds_once_the_mail_server_is_back(run_task, app, session, smtp_server):
    notification = NotificationFactory()
    working = app.config["SMTP"]
    app.config["SMTP"] = {**working, "port": free_port()}  # nothing listens there
    with pytest.raises(TransientMailError):
        run_task(DELIVER, notification.id)
    app.config["SMTP"] = working
    run_task(DELIVER, notification.id)
    assert len(smtp_server.messages) == 1
    assert reload(session, notification).attempts == 2


def test_address_refused_by_the_mail_server_is_marked_failed(run_task, session, smtp_server):
    notification = NotificationFactory()
    smtp_server.refuse.add(notification.to_email)
    assert run_task(DELIVER, notification.id) == "failed"
    failed = reload(session, notification)
    assert failed.status == NotificationStatus.FAILED
    assert "550" in failed.last_error
