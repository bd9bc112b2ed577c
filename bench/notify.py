"""Benchmark: deliver N notifications through a real worker process to a real SMTP server.

    python -m bench.notify --notifications 10000 [--kill 2] [--broker redis://...|sqlite]

Builds a temporary SQLite database with N pending notifications (one bulk insert), starts an
aiosmtpd server that counts mails by their idempotency header, starts ``celery worker``
(one process, solo pool: how production runs one worker) configured through environment
variables like the e2e harness, and publishes the rows the way the beat's outbox sweep does.
With ``--kill K`` it SIGKILLs the worker K times mid-run and starts it again; the sweep
(run here every few seconds with a short lease) brings back what the killed worker held.
Last line:

    notify sent=... lost=... duplicates=... seconds=... per_second=...
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiosmtpd.controller import Controller

from marketplace.config import PROJECT_ROOT

DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
QUEUE = "bench-notify"
HEADER = re.compile(rb"^X-Buurthulp-Notification: *(\S+)", re.MULTILINE | re.IGNORECASE)


class CountingHandler:
    """aiosmtpd handler: counts each mail by its idempotency key (no full parse: speed)."""

    def __init__(self) -> None:
        self.counts: Counter[bytes] = Counter()
        self.total = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        match = HEADER.search(envelope.content)
        with self._lock:
            self.counts[match.group(1) if match else b"?"] += 1
            self.total += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def redis_reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 0.5):
            return True
    except OSError:
        return False


def choose_broker(requested: str | None, folder: Path) -> str:
    if requested and requested != "sqlite":
        return requested
    if requested is None and redis_reachable(DEFAULT_REDIS):
        return DEFAULT_REDIS
    return f"sqla+sqlite:///{folder / 'broker.db'}"


class Worker:
    def __init__(self, env: dict[str, str], log_path: Path, purge: bool) -> None:
        self.log_path = log_path
        start = log_path.stat().st_size if log_path.exists() else 0
        self._log = open(log_path, "ab")  # noqa: SIM115 (closed in stop/kill)
        self.process = subprocess.Popen(
            [
                sys.executable,
                *(
                    [
                        "-m",
                        "celery",
                        "-A",
                        "worker.celery_app",
                        "worker",
                        "--pool=solo",
                        "--concurrency=1",
                    ]
                ),
                *("-Q", QUEUE, "--loglevel=info", f"--hostname=bench-{os.getpid()}@%h"),
                *(["--purge"] if purge else []),
                *("--without-mingle", "--without-gossip", "--without-heartbeat"),
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while not re.search(rb"@\S+ ready\.", log_path.read_bytes()[start:]):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.1)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self._log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--notifications", type=int, default=10_000)
    parser.add_argument("--kill", type=int, default=0, help="SIGKILL the worker this often")
    parser.add_argument("--broker", help="redis://... or sqlite (default: Redis db 14 if up)")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="bench-notify-"))
    handler = CountingHandler()
    smtp_port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    broker_url = choose_broker(args.broker, folder)
    print(f"broker={broker_url} database=sqlite notifications={args.notifications}", flush=True)

    database_url = f"sqlite:///{folder / 'bench.db'}"
    smtp_url = f"smtp://127.0.0.1:{smtp_port}"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SMTP_", "DATABASE_URL", "CELERY_", "OUTBOX_"))
    }
    env.update(
        APP_ENV="development",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=broker_url,
        SMTP_URL=smtp_url,
        INSTANCE_PATH=str(folder / "instance"),
        PYTHONUNBUFFERED="1",
    )
    os.environ.update(env)  # this process builds the same app as the worker

    from marketplace import create_app

    app = create_app({"OUTBOX_RELAY_ENABLED": True})
    workers: list[Worker] = []
    try:
        with app.app_context():
            celery = app.extensions["celery"]
            celery.conf.task_default_queue = QUEUE
            celery.loader.import_default_modules()
            n = args.notifications
            _load(app, n)
            log_path = folder / "worker.log"
            workers.append(Worker(env, log_path, purge=True))
            started = time.perf_counter()
            _sweep(celery, lease_seconds=30)
            kills_left = args.kill
            last_sweep = time.monotonic()
            while True:
                delivered = len(handler.counts)
                if kills_left and handler.total >= n * (args.kill - kills_left + 1) // (
                    args.kill + 1
                ):
                    workers[-1].kill()
                    kills_left -= 1
                    workers.append(Worker(env, log_path, purge=False))
                if delivered >= n and _unfinished(app) == 0:
                    break
                # The sweep as beat runs it: bring back rows a killed worker held.
                if time.monotonic() - last_sweep > (3 if args.kill else 15):
                    _sweep(celery, lease_seconds=3 if args.kill else 30)
                    last_sweep = time.monotonic()
                if time.perf_counter() - started > 900:
                    print("gave up after 900 s", file=sys.stderr)
                    break
                time.sleep(0.05)
            seconds = time.perf_counter() - started
            print(f"worker log: {log_path}", file=sys.stderr)
    finally:
        for worker in workers:
            if worker.process.poll() is None:
                worker.stop()
        controller.stop()
    keys = {key.decode() for key in handler.counts}
    expected = {f"bench:{i}" for i in range(args.notifications)}
    lost = len(expected - keys)
    duplicates = handler.total - len(keys)
    print(
        f"notify sent={len(keys & expected)} lost={lost} duplicates={duplicates} "
        f"seconds={seconds:.1f} per_second={args.notifications / seconds:.0f}"
    )
    return 0 if lost == 0 else 1


def _load(app: Any, n: int) -> None:
    from sqlalchemy import insert

    from marketplace.accounts.models import User
    from marketplace.extensions import db
    from marketplace.notifications.models import Notification, NotificationKind
    from marketplace.timestamps import utcnow

    db.create_all()
    user_id = db.session.scalar(
        insert(User).values(email="bench@example.org", password_hash="-").returning(User.id)
    )
    created = utcnow() - timedelta(minutes=10)
    body = "Iemand heeft gereageerd op uw oproep. Bekijk het bericht op Buurthulp.\n" * 3
    for start in range(0, n, 5000):
        db.session.execute(
            insert(Notification),
            [
                {
                    "recipient_id": user_id,
                    "kind": NotificationKind.NEW_RESPONSE,
                    "idempotency_key": f"bench:{i}",
                    "to_email": "bench@example.org",
                    "subject": f"Nieuwe reactie {i}",
                    "body": body,
                    "status": "pending",
                    "created_at": created,
                }
                for i in range(start, min(n, start + 5000))
            ],
        )
    db.session.commit()


def _sweep(celery: Any, lease_seconds: float) -> None:
    from flask import current_app

    current_app.extensions["outbox"].broker_failed_at = None
    celery.tasks["housekeeping.sweep_outbox"](grace_seconds=0, lease_seconds=lease_seconds)


def _unfinished(app: Any) -> int:
    from sqlalchemy import func, select

    from marketplace.extensions import db
    from marketplace.notifications.models import Notification

    count = db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.status.in_(["pending", "sending"]))
    )
    db.session.rollback()
    return int(count or 0)


if __name__ == "__main__":
    raise SystemExit(main())
