"""Never lost: notifications survive a worker killed with SIGKILL mid-burst, and postings,
approvals and their mail survive the broker going down. Counted at a real SMTP server by
the idempotency key each mail carries (X-Buurthulp-Notification).

Passes on the SQLite broker (kombu never hands out again a message a killed worker took)
and on Redis (which would, but only after the visibility timeout): in both cases the beat's
outbox sweep, called here by hand with short timeouts, is what brings everything home.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from celery import Celery
from sqlalchemy import func, insert, select

from marketplace import outbox
from marketplace.extensions import db
from marketplace.matching.models import MatchRequest
from marketplace.notifications.mailer import IDEMPOTENCY_HEADER
from marketplace.notifications.models import Notification, NotificationKind, NotificationStatus
from marketplace.postings.models import Posting
from tests.conftest import log_in
from tests.e2e.conftest import SmtpServer, WorkerStarter, free_port, relay_to
from tests.factories import UserFactory, category, person
from worker.notifications import DEFAULT_MAIL_CONNECTIONS

pytestmark = pytest.mark.e2e

NOTIFICATIONS = 300
KILLS = 2
# Delivery workers of these tests listen on queues of their own, so the session's shared
# e2e worker (on the default queue of the same broker) never takes their tasks.
QUEUE = "never-lost"
UNFINISHED = [NotificationStatus.PENDING, NotificationStatus.SENDING]


def sweep(celery: Celery, lease_seconds: float = 5.0) -> int:
    """The beat's sweep, with timeouts short enough for a test."""
    return int(
        celery.tasks["housekeeping.sweep_outbox"](grace_seconds=0, lease_seconds=lease_seconds)
    )


def unfinished_notifications() -> int:
    db.session.rollback()
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(
                Notification.status.in_([NotificationStatus.PENDING, NotificationStatus.SENDING])
            )
        )
        or 0
    )


def sweep_until_done(celery: Celery, done: Callable[[], bool], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "work still unfinished after the sweeps"
        time.sleep(2.5)
        sweep(celery)


def keys_received(smtp: SmtpServer) -> Counter[str]:
    return Counter(str(mail.header(IDEMPOTENCY_HEADER)) for mail in smtp.mails)


def test_every_notification_arrives_although_the_worker_is_killed_twice(
    app, session, broker_url, worker_starter: WorkerStarter, smtp_server: SmtpServer
):
    recipient = UserFactory()
    keys = [f"never-lost:{n}" for n in range(NOTIFICATIONS)]
    session.execute(
        insert(Notification),
        [
            {
                "recipient_id": recipient.id,
                "kind": NotificationKind.NEW_RESPONSE,
                "idempotency_key": key,
                "to_email": recipient.email,
                "subject": f"Bericht {key}",
                "body": "Iemand heeft gereageerd op uw oproep.",
                "status": NotificationStatus.PENDING,
            }
            for key in keys
        ],
    )
    session.commit()
    smtp_server.delay = 0.01  # about 100 mails a second: the kills land mid-burst

    with relay_to(app, broker_url, QUEUE) as celery:
        worker = worker_starter.start(broker_url, QUEUE, purge=True)
        assert sweep(celery) == NOTIFICATIONS
        for kill in range(1, KILLS + 1):
            threshold = NOTIFICATIONS * kill // (KILLS + 2)
            deadline = time.monotonic() + 60
            while sum(keys_received(smtp_server).values()) < threshold:
                assert time.monotonic() < deadline, worker.log()[-3000:]
                time.sleep(0.05)
            worker.kill()
            worker = worker_starter.start(broker_url, QUEUE)
        sweep_until_done(celery, lambda: unfinished_notifications() == 0)

    received = keys_received(smtp_server)
    assert set(received) == set(keys)  # nothing lost
    duplicates = {key: count for key, count in received.items() if count > 1}
    # A duplicate only for a mail in flight at a kill: the worker sends over up to
    # DEFAULT_MAIL_CONNECTIONS connections at once, so at most that many per kill, each twice.
    assert len(duplicates) <= KILLS * DEFAULT_MAIL_CONNECTIONS
    assert all(count == 2 for count in duplicates.values())
    statuses = set(db.session.scalars(select(Notification.status)))
    assert statuses == {NotificationStatus.SENT}


# The broker goes away ------------------------------------------------------------------


class RedisServer:
    """A redis-server of the test's own, on a free port; can be killed and started again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while (
            subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, check=False
            ).stdout.strip()
            != b"PONG"
        ):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    if not shutil.which("redis-server") or not shutil.which("redis-cli"):
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    server.start()
    yield server
    server.kill()


def new_request(client, title: str) -> int:
    response = client.post(
        "/oproepen/nieuw?kind=request",
        data={
            "category_id": category("boodschappen").id,
            "title": title,
            "description": "Ik loop slecht. Wie haalt op dinsdagochtend boodschappen voor mij?",
            "postcode": "3011",
            "timing": "recurring",
            "recurring_slots": ["tue-morning"],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(db.session.scalars(select(Posting.id).where(Posting.title == title)).one())


def all_matched_and_delivered() -> bool:
    db.session.rollback()
    unmatched = db.session.scalar(
        select(func.count()).select_from(MatchRequest).where(MatchRequest.completed_at.is_(None))
    )
    return unmatched == 0 and unfinished_notifications() == 0


def test_residents_and_moderators_carry_on_while_the_broker_is_down_and_nothing_is_lost(
    app, own_redis: RedisServer, worker_starter: WorkerStarter, smtp_server: SmtpServer
):
    resident = person("3011", display_name="Mevrouw Jansen")
    moderator = UserFactory(moderator=True)
    volunteer = person("3012", display_name="Sanne", volunteer=True, radius_km=5)
    resident_client = log_in(app.test_client(), resident)
    moderator_client = log_in(app.test_client(), moderator)
    volunteer_id, resident_email = volunteer.id, resident.email

    with relay_to(app, own_redis.url) as celery:
        worker_starter.start(own_redis.url, "celery", purge=True)
        own_redis.kill()

        # Publishing fails fast (no retries, short timeouts): nobody waits on a dead broker.
        started = time.monotonic()
        assert outbox.publish("matching.match_posting", 0) is False
        assert time.monotonic() - started < 3

        posting_ids = []
        for n in range(3):
            posting_id = new_request(resident_client, f"Boodschappen op dinsdag, week {n}")
            approved = moderator_client.post(f"/moderatie/oproepen/{posting_id}/goedkeuren")
            assert approved.status_code == 302
            assert resident_client.get("/oproepen/").status_code == 200
            posting_ids.append(posting_id)
        db.session.rollback()
        assert not all_matched_and_delivered()  # the outbox rows wait

        own_redis.start()  # back, on the same port
        sweep_until_done(celery, all_matched_and_delivered)

    alerts = [
        mail
        for mail in smtp_server.mails
        if str(mail.header(IDEMPOTENCY_HEADER)).startswith("new_match:")
    ]
    assert sorted(str(mail.header(IDEMPOTENCY_HEADER)) for mail in alerts) == sorted(
        f"new_match:{posting_id}:{volunteer_id}" for posting_id in posting_ids
    )
    approvals = [m for m in smtp_server.mails_to(resident_email) if "staat online" in m.subject]
    assert len(approvals) == 3
