"""Tasks: deliver one notification (the relay's task) or a batch (sweep and digests).

Both run with ``acks_late``: the broker message is acknowledged only after the task ran,
so a worker that dies mid-task has its message handed out again (Redis: after the
visibility timeout). The rows' own state makes that safe: see marketplace.notifications.delivery.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery import Task, shared_task
from celery.signals import worker_process_shutdown
from flask import current_app

from marketplace.extensions import db
from marketplace.notifications.delivery import deliver_notification, deliver_notifications
from marketplace.notifications.mailer import Mailer, TransientMailError

log = logging.getLogger(__name__)

# The most rows one batch task claims at a time (the sweep and the digests publish such batches).
DELIVERY_BATCH = 100

# SMTP connections one worker process keeps open and sends over side by side (a batch is
# spread over them). A mail provider may limit connections per client: keep this modest.
DEFAULT_MAIL_CONNECTIONS = 4


class _ThreadMailers(threading.local):
    mailers: list[Mailer]

    def __init__(self) -> None:
        self.mailers = []


# Each thread of the worker's pool has its own connections: an SMTP connection carries one
# conversation at a time, and two tasks sending over the same one at once (the Procfile's
# ``--pool=threads --concurrency=2``) mixed their commands ("503 nested MAIL command") and
# marked good mail failed.
_local = _ThreadMailers()
_every: list[Mailer] = []  # all threads' connections, closed when the process shuts down
_every_lock = threading.Lock()


def process_mailers() -> list[Mailer]:
    """This thread's mailers, each an open SMTP connection reused by every task it runs, so
    a burst pays for connecting once. Rebuilt when the mail settings change (tests do)."""
    config = current_app.config
    count = int(config.get("MAIL_CONNECTIONS", DEFAULT_MAIL_CONNECTIONS))
    mailers = _local.mailers
    if not mailers or mailers[0].settings() != Mailer(config).settings() or len(mailers) != count:
        _close(mailers)
        mailers = _local.mailers = [Mailer(config) for _ in range(count)]
        with _every_lock:
            _every.extend(mailers)
    return mailers


def _close(mailers: list[Mailer]) -> None:
    for mailer in mailers:
        mailer.close()
        with _every_lock:
            if mailer in _every:
                _every.remove(mailer)


@worker_process_shutdown.connect
def _close_mailers(**kwargs: Any) -> None:
    with _every_lock:
        every = list(_every)
    _close(every)


def _backoff(retries: int) -> int:
    """Exponential backoff: 10 s, 20 s, 40 s ... up to about 20 minutes."""
    return int(min(10 * 2**retries, 1200))


@shared_task(name="notifications.deliver_notification", bind=True, max_retries=8, acks_late=True)
def deliver_notification_task(self: Task, notification_id: int) -> str:
    try:
        return deliver_notification(
            db.session,
            notification_id,
            current_app.config,
            process_mailers()[0],
            final_attempt=self.request.retries >= self.max_retries,
        )
    except TransientMailError as exc:
        if self.request.retries >= self.max_retries:
            raise
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
    finally:
        db.session.remove()


@shared_task(name="notifications.deliver_batch", bind=True, max_retries=8, acks_late=True)
def deliver_batch_task(self: Task, notification_ids: list[int]) -> dict[str, int]:
    """Deliver up to DELIVERY_BATCH notifications over the process's SMTP connections."""
    try:
        outcome = deliver_notifications(
            db.session,
            notification_ids,
            current_app.config,
            process_mailers(),
            final_attempt=self.request.retries >= self.max_retries,
        )
        if outcome["failed"]:
            log.error("%s notifications refused by the mail server", outcome["failed"])
        return dict(outcome)
    except TransientMailError as exc:
        if self.request.retries >= self.max_retries:
            raise
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
    finally:
        db.session.remove()
