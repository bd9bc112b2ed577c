"""Listeners are registered from init_app; a second app in the same process adds none twice."""

from __future__ import annotations

from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session

from marketplace import outbox, sqlite_pragmas
from marketplace.listeners import listen_once
from marketplace.matching import reach
from marketplace.responses import milestones


class _OwnSession(Session):
    """A Session class of this test's own, so the count below sees only our listener."""


def test_listen_once_registers_a_function_once_however_often_asked():
    calls = []

    def count(session, flush_context, instances):
        calls.append(session)

    for _ in range(3):
        listen_once(_OwnSession, "before_flush", count)
    with _OwnSession(create_engine("sqlite://")) as session:
        session.dispatch.before_flush(session, None, None)
    assert len(calls) == 1
    event.remove(_OwnSession, "before_flush", count)


def test_every_listener_is_in_place_after_create_app(app):
    for init_app in (outbox.init_app, reach.init_app, milestones.init_app, sqlite_pragmas.init_app):
        init_app(app)  # as a second create_app in the same process would
    assert event.contains(Session, "after_flush", outbox._collect_new_rows)
    assert event.contains(Session, "after_commit", outbox._publish_after_commit)
    assert event.contains(Session, "before_flush", reach._collect_changes)
    assert event.contains(Session, "after_flush", reach._sync_changes)
    assert event.contains(Session, "before_flush", milestones._keep_milestones)
