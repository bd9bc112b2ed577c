"""The beat task: locked, batched, and idempotent."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.escalation.models import Escalation, EscalationStep
from marketplace.extensions import db
from marketplace.locks.models import TaskLock
from marketplace.matching.models import MatchRequest
from marketplace.notifications.models import Notification
from marketplace.timestamps import utcnow
from tests.escalation.conftest import waiting_request


def _counts(session):
    return (
        session.scalar(select(func.count()).select_from(MatchRequest)),
        session.scalar(select(func.count()).select_from(Notification)),
    )


def test_task_widens_every_due_request(session, run_lifecycle):
    ids = [waiting_request(4).id for _ in range(3)]
    assert run_lifecycle("lifecycle.escalate_unanswered") == 3
    steps = session.scalars(select(Escalation.step).where(Escalation.posting_id.in_(ids))).all()
    assert steps == [EscalationStep.WIDER] * 3


def test_running_the_task_twice_changes_nothing_the_second_time(session, run_lifecycle):
    waiting_request(4)
    run_lifecycle("lifecycle.escalate_unanswered")
    before = _counts(session)
    assert run_lifecycle("lifecycle.escalate_unanswered") == 0
    assert _counts(session) == before == (1, 1)


def test_task_does_nothing_while_another_run_holds_the_lock(session, run_lifecycle):
    waiting_request(4)
    db.session.add(
        TaskLock(
            name="escalate_unanswered", owner="elsewhere", expires_at=utcnow().replace(year=2999)
        )
    )
    db.session.commit()
    assert run_lifecycle("lifecycle.escalate_unanswered") == 0
    assert session.scalar(select(func.count()).select_from(Escalation)) == 0


def test_the_task_works_through_more_than_one_batch(session, run_lifecycle, monkeypatch):
    from marketplace.escalation import services

    monkeypatch.setattr(services, "BATCH_SIZE", 1)
    for _ in range(3):
        waiting_request(4)
    assert run_lifecycle("lifecycle.escalate_unanswered") == 3
