"""The transactional outbox relay.

Services never publish to the broker. They add ``Notification`` and ``MatchRequest`` rows
in the same transaction as the change that causes them. This module notices those rows at
flush time and, only once the transaction has committed, publishes one task per row. If the
broker is down the publish fails quietly: the rows stay pending and the beat sweep
(``worker.housekeeping.sweep_outbox``) publishes them later. Work is delayed, never lost.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from marketplace.matching.models import MatchRequest
from marketplace.notifications.models import Notification

log = logging.getLogger(__name__)

TASK_FOR_ROW: dict[type, str] = {
    Notification: "notifications.deliver_notification",
    MatchRequest: "matching.match_posting",
}
_PENDING_KEY = "outbox_pending"


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


# After a failed publish, skip the broker for a short while: a request that commits several
# rows, or the next requests, then do not each wait for a connect timeout. The rows wait for
# the sweep either way.
BROKER_BACKOFF_SECONDS = 5.0
_broker_down_until = 0.0


def publish(task_name: str, row_id: int) -> bool:
    """Send one task to the broker; False (and a log line) when the broker is unreachable."""
    return _send(task_name, [row_id])


def publish_batch(task_name: str, row_ids: list[int]) -> bool:
    """Send one task for many rows (``task(row_ids)``); False when the broker is unreachable."""
    return _send(task_name, [list(row_ids)])


def _send(task_name: str, args: list[Any]) -> bool:
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        return False
    celery = current_app.extensions["celery"]
    try:
        # retry=False: fail at once instead of Celery's default of retrying the publish
        # for seconds; with the short socket timeouts of the Redis transport (see
        # worker.celery_app) a web request never hangs on a dead broker.
        celery.send_task(task_name, args=args, retry=False)
    except Exception:  # any broker failure: the sweep will publish this row again
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        log.warning("broker unavailable, %s%s left for the outbox sweep", task_name, args)
        return False
    return True


_listening = False


def init_app(app: Flask) -> None:
    global _listening
    if _listening:
        return
    # Listening on the Session class covers Flask-SQLAlchemy's scoped session and any
    # plain Session a task opens.
    event.listen(Session, "after_flush", _collect_new_rows)
    event.listen(Session, "after_commit", _publish_after_commit)
    # A row from a rolled-back savepoint may still be published: its task finds no row
    # and does nothing, which is cheaper than tracking savepoints here.
    event.listen(Session, "after_rollback", _forget_after_rollback)
    _listening = True
