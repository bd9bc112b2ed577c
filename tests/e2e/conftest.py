"""End-to-end harness: a real Celery worker process, a real broker and a real SMTP server.

Mark every test module here with ``pytestmark = pytest.mark.e2e`` and ask for the ``e2e``
fixture. What it sets up:

- ``smtp_server`` (session): an aiosmtpd server on a free 127.0.0.1 port that keeps every
  mail it receives (``ReceivedMail``: envelope, parsed message, headers, plain body, links).
- ``broker_url`` (session): a SQLite broker file (kombu's ``sqla+sqlite://``) in the test's
  temporary folder, or Redis when ``TEST_REDIS_URL`` is set.
- ``celery_worker`` (session): ``celery -A worker.celery_app worker --pool=solo`` in its own
  process, configured only through environment variables, exactly as production
  configures it: ``DATABASE_URL`` is the test database (SQLite file or
  ``TEST_DATABASE_URL``), ``CELERY_BROKER_URL`` the broker above, ``SMTP_URL`` the SMTP
  server above. Started once, on first use, and stopped at the end of the session.
- ``relay_to_worker`` (function): for one test, the test app publishes outbox rows after
  commit (``OUTBOX_RELAY_ENABLED``) to that broker. The app's Celery app is rebuilt with
  ``init_celery`` for the new broker and the old one is put back afterwards, so the other
  tests keep their broker-less set-up (rows stay pending, tasks called by hand).
- ``e2e`` (function): all of the above, plus ``e2e.wait_until(check)``, which polls the
  database (fresh reads each time) and shows the worker's log when time runs out.

Tables are still emptied after each test (tests/conftest.py); the worker keeps running.
A test that needs the beat sweep calls the task by hand: no beat process runs here.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any, TypeVar

import pytest
from aiosmtpd.controller import Controller
from celery import Celery
from flask import Flask

from marketplace.config import PROJECT_ROOT
from marketplace.extensions import db

T = TypeVar("T")

WORKER_START_TIMEOUT = 60.0
DEFAULT_WAIT = 30.0
# Variables that could point the worker at another database, broker or mail server.
APP_VARIABLES = (
    "APP_ENV",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "SMTP_URL",
    "SMTP_HOST",
    "SMTP_PORT",
    "SMTP_USER",
    "SMTP_PASSWORD",
    "SMTP_TLS",
    "INSTANCE_PATH",
    "BASE_URL",
    "SECRET_KEY",
    "DATA_ENCRYPTION_KEYS",
    "OUTBOX_RELAY_ENABLED",
)


# SMTP ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedMail:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    def header(self, name: str) -> str | None:
        value = self.message[name]
        return None if value is None else str(value)

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return str(part.get_content()) if isinstance(part, EmailMessage) else ""

    @property
    def links(self) -> list[str]:
        """Every http(s) address in the body, in order."""
        return re.findall(r"https?://[^\s<>\"]+", self.body)


class SmtpServer:
    """Collects mail in a thread-safe list; ``wait_for`` blocks until a matching one arrives."""

    def __init__(self) -> None:
        self.port = free_port()
        # Seconds each mail takes to accept: a test that must kill a worker mid-burst slows
        # the burst down so the kill lands in it. Reset to 0 by ``worker_starter``.
        self.delay = 0.0
        self._arrived = threading.Condition()
        self._mails: list[ReceivedMail] = []
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    # aiosmtpd's handler hook, named by its protocol
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        parser = BytesParser(_class=EmailMessage, policy=policy.default)
        message = parser.parsebytes(envelope.original_content)
        mail = ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message)
        with self._arrived:
            self._mails.append(mail)
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    @property
    def mails(self) -> list[ReceivedMail]:
        with self._arrived:
            return list(self._mails)

    def mails_to(self, address: str) -> list[ReceivedMail]:
        return [mail for mail in self.mails if address in mail.rcpt_tos]

    def wait_for(
        self, check: Callable[[ReceivedMail], bool], timeout: float = DEFAULT_WAIT
    ) -> ReceivedMail:
        """The first mail (already received or arriving within ``timeout``) that passes."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for mail in self._mails:
                    if check(mail):
                        return mail
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"no matching mail in {timeout} s; got {self._mails!r}")
                self._arrived.wait(remaining)

    def clear(self) -> None:
        with self._arrived:
            self._mails.clear()

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


# Broker and worker -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def broker_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    redis_url = os.environ.get("TEST_REDIS_URL")
    if redis_url:
        return redis_url
    return f"sqla+sqlite:///{tmp_path_factory.mktemp('broker') / 'broker.db'}"


class WorkerProcess:
    """A real ``celery worker`` process; its output goes to a log file."""

    def __init__(
        self,
        env: dict[str, str],
        log_path: Path,
        queue: str = "celery",
        purge: bool = True,
        name: str = "e2e",
    ) -> None:
        self.log_path = log_path
        # A restarted worker appends to the same log; "ready" must come from this one.
        self._log_start = log_path.stat().st_size if log_path.exists() else 0
        self._log_file = open(log_path, "ab")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "worker.celery_app",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                queue,
                "--loglevel=info",
                f"--hostname={name}-{os.getpid()}@%h",
                # A broker reused between runs (Redis) may hold tasks for rows long gone.
                *(["--purge"] if purge else []),
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_until_ready(self, timeout: float = WORKER_START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if re.search(rb"@\S+ ready\.", self.log_path.read_bytes()[self._log_start :]):
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"the Celery worker exited early:\n{self.log()}")
            time.sleep(0.2)
        raise TimeoutError(f"the Celery worker was not ready in {timeout} s:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, nothing acknowledged or handed back to the broker."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self._log_file.close()

    def stop(self) -> None:
        if self._log_file.closed:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown: finish the current task
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()


def worker_environment(
    app: Flask, broker_url: str, smtp_url: str, instance_path: Path
) -> dict[str, str]:
    """The worker's whole configuration, as production passes it: environment variables."""
    env = {k: v for k, v in os.environ.items() if k not in APP_VARIABLES}
    env.update(
        APP_ENV="development",
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        CELERY_BROKER_URL=broker_url,
        SMTP_URL=smtp_url,
        BASE_URL=app.config["BASE_URL"],
        SECRET_KEY=app.config["SECRET_KEY"],
        DATA_ENCRYPTION_KEYS=app.config["DATA_ENCRYPTION_KEYS"],
        INSTANCE_PATH=str(instance_path),
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture(scope="session")
def celery_worker(
    app: Flask,
    broker_url: str,
    smtp_server: SmtpServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[WorkerProcess]:
    folder = tmp_path_factory.mktemp("worker")
    env = worker_environment(app, broker_url, smtp_server.url, folder / "instance")
    worker = WorkerProcess(env, folder / "worker.log")
    try:
        worker.wait_until_ready()
        yield worker
    finally:
        worker.stop()


@pytest.fixture
def relay_to_worker(app: Flask, broker_url: str) -> Iterator[None]:
    """Outbox rows committed during this test are published to the worker's broker."""
    from worker.celery_app import init_celery

    previous_celery = app.extensions["celery"]
    previous_config = {k: app.config[k] for k in ("CELERY_BROKER_URL", "OUTBOX_RELAY_ENABLED")}
    app.config.update(CELERY_BROKER_URL=broker_url, OUTBOX_RELAY_ENABLED=True)
    celery = init_celery(app)
    try:
        yield
    finally:
        celery.close()
        app.config.update(previous_config)
        app.extensions["celery"] = previous_celery
        previous_celery.set_current()
        previous_celery.set_default()


@contextmanager
def relay_to(app: Flask, broker_url: str, queue: str = "celery") -> Iterator[Celery]:
    """Like ``relay_to_worker``, for any broker and queue (tests with workers of their own)."""
    from worker.celery_app import init_celery

    previous_celery = app.extensions["celery"]
    previous_config = {k: app.config[k] for k in ("CELERY_BROKER_URL", "OUTBOX_RELAY_ENABLED")}
    app.config.update(CELERY_BROKER_URL=broker_url, OUTBOX_RELAY_ENABLED=True)
    celery = init_celery(app)
    celery.conf.task_default_queue = queue
    celery.loader.import_default_modules()
    try:
        yield celery
    finally:
        celery.close()
        app.config.update(previous_config)
        app.extensions["celery"] = previous_celery
        previous_celery.set_current()
        previous_celery.set_default()


class WorkerStarter:
    """Starts real worker processes of a test's own (own queue, own broker if need be)."""

    def __init__(self, app: Flask, smtp: SmtpServer, folder: Path) -> None:
        self.app = app
        self.smtp = smtp
        self.folder = folder
        self.started: list[WorkerProcess] = []

    def start(self, broker_url: str, queue: str, purge: bool = False) -> WorkerProcess:
        env = worker_environment(self.app, broker_url, self.smtp.url, self.folder / "instance")
        worker = WorkerProcess(
            env, self.folder / "worker.log", queue=queue, purge=purge, name=queue
        )
        self.started.append(worker)
        worker.wait_until_ready()
        return worker

    def stop_all(self) -> None:
        for worker in self.started:
            worker.stop()


@pytest.fixture
def worker_starter(app: Flask, smtp_server: SmtpServer, tmp_path: Path) -> Iterator[WorkerStarter]:
    """Workers this test starts, kills and restarts itself; all stopped afterwards."""
    smtp_server.clear()
    starter = WorkerStarter(app, smtp_server, tmp_path)
    try:
        yield starter
    finally:
        starter.stop_all()
        smtp_server.delay = 0.0


# Everything together ---------------------------------------------------------------------


@dataclass
class EndToEnd:
    smtp: SmtpServer
    worker: WorkerProcess

    def wait_until(
        self, check: Callable[[], T], timeout: float = DEFAULT_WAIT, what: str = "condition"
    ) -> T:
        """Poll ``check`` until it returns something truthy; each try reads afresh from the
        database (the worker commits in another process)."""
        deadline = time.monotonic() + timeout
        while True:
            db.session.rollback()  # end the read transaction, so new commits are visible
            result = check()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{what} not reached in {timeout} s. Worker log:\n{self.worker.log()[-5000:]}"
                )
            time.sleep(0.2)


@pytest.fixture
def e2e(
    smtp_server: SmtpServer, celery_worker: WorkerProcess, relay_to_worker: None
) -> Iterator[EndToEnd]:
    smtp_server.clear()
    yield EndToEnd(smtp=smtp_server, worker=celery_worker)
