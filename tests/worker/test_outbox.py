"""The outbox: the relay publishes after commit only; the beat sweep re-publishes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace import outbox
from marketplace.matching.models import MatchRequest
from marketplace.matching.services import request_matching
from marketplace.notifications.models import NotificationKind, NotificationStatus
from marketplace.notifications.services import notify
from marketplace.timestamps import utcnow
from tests.factories import PostingFactory, person
from tests.notifications.factories import NotificationFactory


@pytest.fixture
def published(monkeypatch) -> list[tuple[str, int]]:
    """Record what would go to the broker instead of sending it."""
    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(
        outbox, "publish", lambda task, row_id: calls.append((task, row_id)) or True
    )
    monkeypatch.setattr(
        outbox, "publish_batch", lambda task, row_ids: calls.append((task, row_ids)) or True
    )
    return calls


@pytest.fixture
def relay_on(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "OUTBOX_RELAY_ENABLED", True)


@pytest.fixture
def sent_tasks(app, monkeypatch, relay_on) -> list[tuple[str, list[int]]]:
    """The Celery app's send_task, recorded: the relay's real path up to the broker."""
    calls: list[tuple[str, list[int]]] = []
    celery = app.extensions["celery"]
    monkeypatch.setattr(celery, "send_task", lambda name, args, **kw: calls.append((name, args)))
    return calls


def new_notification(session, recipient):
    posting = PostingFactory(published=True)
    return notify(
        session,
        recipient,
        NotificationKind.NEW_MATCH,
        f"new_match:{posting.id}:{recipient.id}",
        link_path=f"/oproepen/{posting.id}",
        posting=posting,
        request_posting=None,
        reasons=[],
    )


def test_relay_publishes_one_task_after_commit(session, sent_tasks):
    recipient = person()
    notification = new_notification(session, recipient)
    assert sent_tasks == []  # nothing before the commit
    session.commit()
    assert sent_tasks == [("notifications.deliver_notification", [notification.id])]


def test_relay_publishes_nothing_after_rollback(session, sent_tasks):
    recipient = person()
    new_notification(session, recipient)
    session.rollback()
    session.commit()
    assert sent_tasks == []


def test_relay_publishes_a_match_request(session, sent_tasks):
    posting = PostingFactory(published=True)
    match_request = request_matching(session, posting)
    session.commit()
    assert sent_tasks == [("matching.match_posting", [match_request.id])]


def test_relay_switched_off_publishes_nothing(session, app, sent_tasks, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_RELAY_ENABLED", False)
    new_notification(session, person())
    session.commit()
    assert sent_tasks == []


def test_broker_down_leaves_the_row_pending_for_the_sweep(session, app, relay_on, monkeypatch):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(app.extensions["celery"], "send_task", broker_down)
    notification = new_notification(session, person())
    session.commit()  # must not raise: the web keeps answering
    assert notification.status == NotificationStatus.PENDING


def test_after_a_broker_failure_the_relay_leaves_the_broker_alone_for_a_while(app, monkeypatch):
    tries = []

    def broker_down(*args, **kwargs):
        tries.append(args)
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(app.extensions["celery"], "send_task", broker_down)
    assert outbox.publish("matching.match_posting", 1) is False
    monkeypatch.setitem(app.config, "OUTBOX_BROKER_BACKOFF_SECONDS", 60.0)
    assert outbox.publish("matching.match_posting", 2) is False
    assert len(tries) == 1  # the second did not wait for the broker's timeout


def test_sweep_republishes_old_pending_rows_only(session, published, run_task):
    old = utcnow() - timedelta(minutes=10)
    stale = NotificationFactory(created_at=old)
    NotificationFactory(created_at=old, status=NotificationStatus.SENT)
    NotificationFactory()  # fresh: probably still on its way through the broker
    posting = PostingFactory(published=True)
    stale_match = MatchRequest(posting_id=posting.id, idempotency_key="match:old", requested_at=old)
    done_match = MatchRequest(
        posting_id=posting.id, idempotency_key="match:done", requested_at=old, completed_at=old
    )
    session.add_all([stale_match, done_match])
    session.commit()

    assert run_task("housekeeping.sweep_outbox") == 2
    assert published == [
        ("notifications.deliver_batch", [stale.id]),
        ("matching.match_posting", stale_match.id),
    ]
    session.expire_all()
    republished = session.get(MatchRequest, stale_match.id)
    assert (republished.attempts, republished.published_at is not None) == (1, True)
