"""The beat task: locked, batched, and idempotent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.locks.models import TaskLock
from marketplace.postings.models import Posting
from marketplace.retention import policy, services
from marketplace.timestamps import utcnow
from tests.factories import PostingFactory


@pytest.fixture
def run_task(app: Flask, monkeypatch):
    """Run the retention task as beat would, with the clock moved forward ``ahead``."""
    import worker.housekeeping as housekeeping

    def run(ahead: timedelta = timedelta(0)):
        monkeypatch.setattr(housekeeping, "utcnow", lambda: utcnow() + ahead)
        return app.extensions["celery"].tasks["housekeeping.enforce_retention"]()

    return run


def _drafts(session) -> int:
    return session.scalar(select(func.count()).select_from(Posting))


def test_the_task_enforces_the_rules_once_the_clock_passed_them(session, run_task):
    for _ in range(3):
        PostingFactory(draft=True)
    assert run_task()["drafts"] == 0
    assert _drafts(session) == 3
    assert run_task(policy.DRAFTS + timedelta(days=1))["drafts"] == 3
    assert _drafts(session) == 0


def test_running_the_task_twice_changes_nothing_the_second_time(session, run_task):
    PostingFactory(draft=True)
    ahead = policy.ENDED_POSTINGS + timedelta(days=1)
    first = run_task(ahead)
    assert sum(first.values()) >= 1
    assert sum(run_task(ahead).values()) == 0


def test_the_task_works_through_more_than_one_batch(session, run_task, monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 1)
    for _ in range(3):
        PostingFactory(draft=True)
    assert run_task(policy.DRAFTS + timedelta(days=1))["drafts"] == 3


def test_the_task_does_nothing_while_another_run_holds_the_lock(session, run_task):
    PostingFactory(draft=True)
    db.session.add(
        TaskLock(
            name="enforce_retention", owner="elsewhere", expires_at=utcnow().replace(year=2999)
        )
    )
    db.session.commit()
    assert run_task(policy.DRAFTS + timedelta(days=1)) == {}
    assert _drafts(session) == 1


def test_beat_runs_the_task_every_night(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert schedule["enforce-retention"]["task"] == "housekeeping.enforce_retention"
