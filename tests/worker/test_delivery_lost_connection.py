"""A mail that went out is marked sent even when the database connection is lost just then
(PostgreSQL restarted): it is never put back to pending and sent a second time.

PostgreSQL only: the worker's own connection is cut off by ``pg_terminate_backend`` at the
moment it writes "sent", as a restart does, while the database itself stays up (so the next
connection works, which is what made the mail go out twice).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from marketplace.extensions import db
from marketplace.notifications.mailer import IDEMPOTENCY_HEADER
from marketplace.notifications.models import NotificationStatus
from tests.notifications.factories import NotificationFactory
from tests.worker.conftest import MailCatcher, free_port, smtp_config

DELIVER = "notifications.deliver_notification"


class CutOffAtSent(MailCatcher):
    """Accepts mail; for the first one, holds the notification's row locked so the worker's
    "sent" waits, then terminates the worker's connection while it waits."""

    def __init__(self, database_url: str) -> None:
        super().__init__()
        self.database_url = database_url
        self.cut_off: list[int] = []
        self.cutter: threading.Thread | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        if self.cutter is None:
            key = self.messages[-1][IDEMPOTENCY_HEADER]
            self.cutter = threading.Thread(target=self._cut_off, args=(key,), daemon=True)
            ready = threading.Event()
            self.cutter_ready = ready
            self.cutter.start()
            ready.wait(10)  # the row is locked before the worker hears "250"
        return answer

    def _cut_off(self, key: str) -> None:
        import psycopg

        with (
            psycopg.connect(self.database_url) as locker,
            psycopg.connect(self.database_url, autocommit=True) as watcher,
        ):
            locker.execute(
                "SELECT id FROM notifications WHERE idempotency_key = %s FOR UPDATE", (key,)
            )
            self.cutter_ready.set()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not self.cut_off:
                waiting = watcher.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND query ILIKE 'UPDATE notifications%%'"
                ).fetchall()
                for (pid,) in waiting:
                    watcher.execute("SELECT pg_terminate_backend(%s)", (pid,))
                    self.cut_off.append(pid)
                time.sleep(0.02)
            locker.rollback()


@pytest.fixture
def cutting_smtp(app, monkeypatch) -> Iterator[CutOffAtSent]:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("cuts off a PostgreSQL connection")
    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    catcher = CutOffAtSent(url)
    port = free_port()
    controller = Controller(catcher, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "SMTP", smtp_config(port))
    monkeypatch.setitem(app.config, "MAIL_OUTBOX_DIR", None)
    yield catcher
    controller.stop()


def test_a_mail_sent_as_the_database_connection_is_lost_is_not_sent_again(
    run_task, session, cutting_smtp
):
    notification = NotificationFactory(subject="Er is een oproep voor u")
    session.commit()

    with contextlib.suppress(Exception):  # whatever the first try says, it must not resend
        run_task(DELIVER, notification.id)
    run_task(DELIVER, notification.id)  # the task again, as the broker or the sweep would

    assert cutting_smtp.cut_off, "the worker's connection was not cut off while writing 'sent'"
    assert len(cutting_smtp.messages) == 1
    session.expire_all()
    assert session.get(type(notification), notification.id).status == NotificationStatus.SENT
