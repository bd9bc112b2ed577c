"""Delivering notifications: files in the default, SMTP in production; never twice."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from marketplace import outbox
from marketplace.notifications.mailer import IDEMPOTENCY_HEADER, TransientMailError
from marketplace.notifications.models import Notification, NotificationStatus
from marketplace.timestamps import utcnow
from tests.notifications.factories import NotificationFactory
from tests.worker.conftest import free_port

DELIVER = "notifications.deliver_notification"


@pytest.fixture
def published(monkeypatch) -> list[tuple[str, object]]:
    calls: list[tuple[str, object]] = []
    monkeypatch.setattr(outbox, "publish", lambda task, row_id: calls.append((task, row_id)))
    monkeypatch.setattr(outbox, "publish_batch", lambda task, ids: calls.append((task, ids)))
    return calls


@pytest.fixture
def published_for_real(run_task, monkeypatch) -> None:
    """What the sweep publishes runs right away, as a worker would run it."""
    monkeypatch.setattr(outbox, "publish_batch", lambda task, ids: run_task(task, ids) or True)


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
    assert mail["List-Unsubscribe"].startswith("<http://localhost/meldingen/afmelden/")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
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


BATCH = "notifications.deliver_batch"
SWEEP = "housekeeping.sweep_outbox"


def test_a_batch_sends_each_pending_notification_once(run_task, session, smtp_server):
    first, second = NotificationFactory(), NotificationFactory()
    done = NotificationFactory(status=NotificationStatus.SENT)
    outcome = run_task(BATCH, [first.id, second.id, done.id])
    assert outcome == {"sent": 2, "skipped": 1}
    keys = sorted(mail[IDEMPOTENCY_HEADER] for mail in smtp_server.messages)
    assert keys == sorted([first.idempotency_key, second.idempotency_key])
    assert reload(session, first).status == NotificationStatus.SENT
    assert reload(session, first).claimed_at is None


def test_a_batch_reuses_open_smtp_connections(run_task, session, smtp_server):
    notifications = [NotificationFactory() for _ in range(12)]
    run_task(BATCH, [n.id for n in notifications])
    run_task(BATCH, [NotificationFactory().id])
    assert len(smtp_server.messages) == 13
    # At most one connection per mailer of the worker process, kept open between tasks.
    assert 1 <= smtp_server.connections <= 4


def test_a_refused_address_fails_that_notification_and_the_rest_are_sent(
    run_task, session, smtp_server
):
    refused, fine = NotificationFactory(), NotificationFactory()
    smtp_server.refuse.add(refused.to_email)
    assert run_task(BATCH, [refused.id, fine.id]) == {"sent": 1, "failed": 1, "skipped": 0}
    assert reload(session, refused).status == NotificationStatus.FAILED
    assert reload(session, fine).status == NotificationStatus.SENT


def test_mail_server_down_puts_the_whole_batch_back_to_pending(run_task, session, smtp_down):
    notifications = [NotificationFactory() for _ in range(3)]
    with pytest.raises(TransientMailError):
        run_task(BATCH, [n.id for n in notifications])
    for notification in notifications:
        waiting = reload(session, notification)
        assert (waiting.status, waiting.attempts) == (NotificationStatus.PENDING, 1)
        assert waiting.last_error


def test_a_notification_claimed_by_a_worker_that_died_is_sent_by_the_sweep(
    run_task, session, smtp_server, published_for_real
):
    old = utcnow() - timedelta(minutes=10)
    stuck = NotificationFactory(
        status=NotificationStatus.SENDING, claimed_at=old, created_at=old, attempts=1
    )
    assert run_task(SWEEP) == 1
    [mail] = smtp_server.messages
    assert mail[IDEMPOTENCY_HEADER] == stuck.idempotency_key
    delivered = reload(session, stuck)
    assert (delivered.status, delivered.attempts) == (NotificationStatus.SENT, 2)


def test_a_fresh_claim_is_left_to_its_worker(run_task, session, published):
    old = utcnow() - timedelta(minutes=10)
    busy = NotificationFactory(
        status=NotificationStatus.SENDING, claimed_at=utcnow(), created_at=old
    )
    assert run_task(SWEEP) == 0
    assert reload(session, busy).status == NotificationStatus.SENDING
    assert published == []


def test_the_sweep_leaves_a_notification_it_just_tried_to_its_retry(run_task, session, published):
    old = utcnow() - timedelta(minutes=10)
    NotificationFactory(created_at=old, claimed_at=utcnow(), attempts=1)
    assert run_task(SWEEP) == 0


def test_the_sweep_publishes_many_waiting_notifications_in_batches(
    run_task, session, published, monkeypatch
):
    old = utcnow() - timedelta(minutes=10)
    ids = [NotificationFactory(created_at=old).id for _ in range(5)]
    import worker.housekeeping as housekeeping
    from worker import notifications as tasks

    monkeypatch.setattr(tasks, "DELIVERY_BATCH", 2)
    monkeypatch.setattr(housekeeping, "DELIVERY_BATCH", 2)
    assert run_task(SWEEP) == 5
    assert published == [(BATCH, ids[0:2]), (BATCH, ids[2:4]), (BATCH, ids[4:5])]


def test_account_mail_has_no_unsubscribe_header(run_task, session, smtp_server):
    notification = NotificationFactory(kind="confirm_email")
    run_task(DELIVER, notification.id)
    [mail] = smtp_server.messages
    assert mail["List-Unsubscribe"] is None


def test_a_non_ascii_subject_and_body_arrive_intact(run_task, session, smtp_server):
    notification = NotificationFactory(
        subject="Reactie op „Boodschappen” – café", body="Één regel ✓"
    )
    run_task(DELIVER, notification.id)
    [mail] = smtp_server.messages
    parsed = message_from_bytes(mail.as_bytes(), policy=policy.default)
    assert parsed["Subject"] == "Reactie op „Boodschappen” – café"
    assert parsed.get_body(("plain",)).get_content().strip() == "Één regel ✓"
