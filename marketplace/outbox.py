"""The transactional outbox relay.

Services never publish to the broker. They add rows of a model registered here
(``register``: ``Notification``, ``MatchRequest``) in the same transaction as the change that
causes them. This module notices those rows at flush time and, only once the transaction has
committed, publishes one task per row. If the broker is down the publish fails quietly: the
rows stay pending and the beat sweep (``worker.housekeeping.sweep_outbox``) publishes them
later. Work is delayed, never lost.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from sqlalchemy.orm import Session

from marketplace.listeners import listen_once

log = logging.getLogger(__name__)

# Which task publishes a new row of which model: filled by ``register`` (notifications and
# matching do so in their ``init_app``).
TASK_FOR_ROW: dict[type, str] = {}
_PENDING_KEY = "outbox_pending"


def register(model: type, task_name: str) -> None:
    """Publish ``task_name(row.id)`` after the commit that added a ``model`` row."""
    TASK_FOR_ROW[model] = task_name


def _collect_new_rows(session: Session, flush_context: Any) -> None:
    pending = session.info.setdefault(_PENDING_KEY, [])
    for obj in session.new:
        task_name = TASK_FOR_ROW.get(type(obj))
        if task_name:
            pending.append((task_name, obj.id))  # ids are assigned by the flush


def _publish_after_commit(session: Session) -> None:
    rows = session.info.pop(_PENDING_KEY, [])
    if not rows:
        return
    try:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
    except RuntimeError:  # no app context: nothing to publish with
        return
    if not app.config["OUTBOX_RELAY_ENABLED"]:
        return
    for task_name, row_id in rows:
        publish(task_name, row_id)


def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)


# After a failed publish, skip the broker for ``OUTBOX_BROKER_BACKOFF_SECONDS``: a request that
# commits several rows, or the next requests, then do not each wait for a connect timeout.
# The rows wait for the sweep either way. When it last failed is the app's
# (``app.extensions["outbox"]``), so another app (a test's, a worker's) starts afresh.
@dataclass
class _Relay:
    broker_failed_at: float | None = None


def publish(task_name: str, row_id: int) -> bool:
    """Send one task to the broker; False (and a log line) when the broker is unreachable."""
    return _send(task_name, [row_id])


def publish_batch(task_name: str, row_ids: list[int]) -> bool:
    """Send one task for many rows (``task(row_ids)``); False when the broker is unreachable."""
    return _send(task_name, [list(row_ids)])


def _send(task_name: str, args: list[Any]) -> bool:
    relay: _Relay = current_app.extensions["outbox"]
    backoff = current_app.config["OUTBOX_BROKER_BACKOFF_SECONDS"]
    if relay.broker_failed_at is not None and time.monotonic() < relay.broker_failed_at + backoff:
        return False
    celery = current_app.extensions["celery"]
    try:
        # retry=False: fail at once instead of Celery's default of retrying the publish
        # for seconds; with the short socket timeouts of the Redis transport (see
        # worker.celery_app) a web request never hangs on a dead broker.
        celery.send_task(task_name, args=args, retry=False)
    except Exception as error:  # any broker failure: the sweep will publish this row again
        relay.broker_failed_at = time.monotonic()
        log.warning(
            "broker unavailable (%s: %s), %s%s left for the outbox sweep",
            type(error).__name__,
            error,
            task_name,
            args,
        )
        return False
    return True


def init_app(app: Flask) -> None:
    app.extensions["outbox"] = _Relay()
    # Listening on the Session class covers Flask-SQLAlchemy's scoped session and any
    # plain Session a task opens.
    listen_once(Session, "after_flush", _collect_new_rows)
    listen_once(Session, "after_commit", _publish_after_commit)
    # A row from a rolled-back savepoint may still be published: its task finds no row
    # and does nothing, which is cheaper than tracking savepoints here.
    listen_once(Session, "after_rollback", _forget_after_rollback)
