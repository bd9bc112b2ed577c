"""Watching production, from outside: the real processes, as docker compose runs them.

gunicorn with ``gunicorn.conf.py`` (2 processes x 4 threads, the app loaded once, metrics
served by the master), a Celery worker with a prefork pool and its own metrics port, and an
SMTP server (aiosmtpd) for the mail; configured by environment variables only, with
``APP_ENV=production``, on free ports of 127.0.0.1. The database is a fresh one (SQLite, or
a PostgreSQL database of its own next to TEST_DATABASE_URL's), migrated with
``flask db upgrade``; the broker is a SQLite file, so no other test's worker takes from its
queue; rate-limit counters are in Redis, as production demands.

One visit asks for a new password: the web answers with a request id, the worker sends
the mail, and both JSON logs carry that id. The scrapes show both processes' metrics.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from marketplace.config import PROJECT_ROOT
from tests.ops.test_production_process import (
    BIN,
    REDIS_URL,
    flask,
    free_port,
    production_env,
    redis_answers,
)

pytestmark = pytest.mark.e2e

START_TIMEOUT = 90.0
MAIL_TIMEOUT = 60.0
# Rate-limit counters and the reset-mail throttle live in Redis across runs: a new address
# and a client address of this run's own (the proxy header, as TRUSTED_PROXIES=1 trusts).
RUN = uuid.uuid4()
EMAIL = f"wachtwoord-{RUN.hex[:12]}@example.org"
CLIENT = f"127.{RUN.bytes[0]}.{RUN.bytes[1]}.{RUN.bytes[2] or 1}"
REQUEST_ID = f"watch-{RUN.hex}"


# SMTP ------------------------------------------------------------------------------------


@dataclass
class Inbox:
    messages: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"


# Processes ------------------------------------------------------------------------------


@dataclass
class Production:
    url: str
    metrics_url: str
    worker_metrics_url: str
    web_log: Path
    worker_log: Path
    inbox: Inbox

    def web_lines(self) -> list[dict[str, Any]]:
        return json_lines(self.web_log)

    def worker_lines(self) -> list[dict[str, Any]]:
        return json_lines(self.worker_log)


def json_lines(log: Path) -> list[dict[str, Any]]:
    """Every line of ``log``, which must each be one JSON object."""
    lines = []
    for number, line in enumerate(log.read_text().splitlines(), start=1):
        try:
            lines.append(json.loads(line))
        except json.JSONDecodeError:
            pytest.fail(f"{log.name} line {number} is not JSON: {line!r}")
    return lines


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def wait_until(check: Callable[[], bool], what: str, timeout: float, *logs: Path) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            shown = "\n".join(f"--- {log.name}\n{log.read_text()[-4000:]}" for log in logs)
            pytest.fail(f"{what} within {timeout:.0f} s\n{shown}")
        time.sleep(0.3)


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2).close()
    except (OSError, urllib.error.HTTPError):
        return False
    return True


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of this module's own, empty, for ``flask db upgrade``."""
    import os

    test_url = os.environ.get("TEST_DATABASE_URL")
    if not test_url or make_url(test_url).get_backend_name() != "postgresql":
        yield f"sqlite:///{tmp_path_factory.mktemp('watching') / 'production.db'}"
        return
    own = make_url(test_url).set(database=f"{make_url(test_url).database}_watching")
    admin = create_engine(test_url, isolation_level="AUTOCOMMIT")

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)'))

    drop()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    try:
        yield own.render_as_string(hide_password=False)
    finally:
        drop()
        admin.dispose()


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Iterator[Production]:
    if not redis_answers(REDIS_URL):
        pytest.skip(f"needs Redis at {REDIS_URL} for shared rate-limit counters")
    tmp = tmp_path_factory.mktemp("watching")
    inbox = Inbox()
    smtp_port = free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    web_port, metrics_port, worker_metrics_port = free_port(), free_port(), free_port()
    env = production_env(
        tmp,
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=f"sqla+sqlite:///{tmp / 'broker.db'}",
        SMTP_URL=f"smtp://127.0.0.1:{smtp_port}",
        METRICS_PORT=str(metrics_port),
        WORKER_METRICS_PORT=str(worker_metrics_port),
        PROMETHEUS_MULTIPROC_DIR="",  # gunicorn.conf.py makes one of its own
    )
    migrated = flask(env, "db", "upgrade")
    assert migrated.returncode == 0, migrated.stderr
    made = flask(env, "create-user", EMAIL, "--name", "Wim", "--password", "Zonnebloem-7-Haven")
    assert made.returncode == 0, made.stderr

    web_log, worker_log = tmp / "web.log", tmp / "worker.log"
    web = start(
        [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{web_port}", "marketplace.wsgi:app"],
        env,
        web_log,
    )
    worker_env = {**env, "PROMETHEUS_MULTIPROC_DIR": str(tmp / "worker-metrics")}
    worker = start(
        [
            str(BIN / "celery"),
            "--quiet",  # no banner: every line is a JSON log line
            "-A",
            "worker.celery_app",
            "worker",
            "--loglevel=info",
            "--concurrency=1",  # prefork, as in docker compose: metrics from a child process
        ],
        worker_env,
        worker_log,
    )
    production = Production(
        url=f"http://127.0.0.1:{web_port}",
        metrics_url=f"http://127.0.0.1:{metrics_port}/metrics",
        worker_metrics_url=f"http://127.0.0.1:{worker_metrics_port}/metrics",
        web_log=web_log,
        worker_log=worker_log,
        inbox=inbox,
    )
    logs = (web_log, worker_log)

    def up(url: str) -> bool:
        if web.poll() is not None or worker.poll() is not None:
            shown = "\n".join(f"--- {log.name}\n{log.read_text()[-4000:]}" for log in logs)
            pytest.fail(f"a process stopped:\n{shown}")
        return answers(url)

    try:
        wait_until(lambda: up(production.url + "/healthz"), "gunicorn up", START_TIMEOUT, *logs)
        wait_until(lambda: up(production.metrics_url), "web metrics", START_TIMEOUT, *logs)
        wait_until(lambda: up(production.worker_metrics_url), "worker up", START_TIMEOUT, *logs)
        yield production
    finally:
        stop(web)
        stop(worker)
        smtp.stop()


# HTTP ----------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: Any
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browser:
    """Keeps cookies by hand: production's are ``Secure`` (``__Host-``) and this is plain
    HTTP on 127.0.0.1, where a cookie jar would not send them back."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def open(self, url: str, data: dict[str, str] | None = None, **headers: str) -> Answer:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"X-Forwarded-For": CLIENT})
        for name, value in headers.items():
            request.add_header(name, value)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=15) as response:
                answer = Answer(response.status, response.headers, response.read().decode())
        except urllib.error.HTTPError as error:
            answer = Answer(error.code, error.headers, error.read().decode())
        for cookie in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return answer


def scrape(url: str) -> dict[str, float]:
    page = urllib.request.urlopen(url, timeout=10).read().decode()
    samples = {}
    for family in text_string_to_metric_families(page):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
    return samples


# The checks -----------------------------------------------------------------------------


def test_healthz_answers_in_json(production):
    answer = Browser().open(production.url + "/healthz")
    assert answer.status == 200
    assert answer.json() == {"status": "ok"}


def test_readyz_finds_database_and_broker(production):
    answer = Browser().open(production.url + "/readyz")
    assert answer.status == 200
    assert answer.json()["checks"] == {"database": "ok", "broker": "ok"}


def test_the_public_port_serves_no_metrics(production):
    assert Browser().open(production.url + "/metrics").status == 404


def test_a_request_is_followed_by_its_id_from_web_to_worker(production):
    browser = Browser()
    form = browser.open(production.url + "/wachtwoord-vergeten")
    assert form.status == 200
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.body)
    assert token, "no CSRF token in the form"
    sent = browser.open(
        production.url + "/wachtwoord-vergeten",
        {"csrf_token": token.group(1), "email": EMAIL},
        **{"X-Request-ID": REQUEST_ID},
    )
    assert sent.status == 302, production.web_log.read_text()[-3000:]
    assert sent.headers["X-Request-ID"] == REQUEST_ID

    # The worker sends the mail the request caused ...
    wait_until(
        lambda: any(EMAIL in str(m["To"]) for m in production.inbox.messages),
        "the reset mail sent",
        MAIL_TIMEOUT,
        production.web_log,
        production.worker_log,
    )
    # ... and its log lines for that work carry the request's id.
    wait_until(
        lambda: any(
            line.get("message") == "task finished" and line.get("request_id") == REQUEST_ID
            for line in production.worker_lines()
        ),
        "the worker's JSON log line with the request id",
        MAIL_TIMEOUT,
        production.worker_log,
    )
    started = [
        line
        for line in production.worker_lines()
        if line.get("request_id") == REQUEST_ID and line["message"] == "task started"
    ]
    assert started and started[0]["task"].startswith("notifications.")
    assert started[0]["level"] == "INFO"

    # gunicorn's access line for the POST, in JSON, with the same id.
    wait_until(
        lambda: any(line.get("request_id") == REQUEST_ID for line in production.web_lines()),
        "the web's JSON access line with the request id",
        10,
        production.web_log,
    )
    access = [line for line in production.web_lines() if line.get("request_id") == REQUEST_ID]
    assert access[0]["logger"] == "gunicorn.access"
    assert (access[0]["method"], access[0]["path"], access[0]["status"]) == (
        "POST",
        "/wachtwoord-vergeten",
        302,
    )

    # The web's metrics add up both gunicorn processes and name the endpoint.
    web = scrape(production.metrics_url)
    post = (
        "buurthulp_http_requests_total"
        '{endpoint="accounts.forgot_password",method="POST",status="302"}'
    )
    assert web[post] == 1
    assert (
        web['buurthulp_http_request_duration_seconds_count{endpoint="accounts.forgot_password"}']
        == 2
    )
    assert web["buurthulp_database_up"] == 1
    assert web["buurthulp_broker_up"] == 1
    assert web['buurthulp_outbox_backlog{kind="notification"}'] == 0
    assert 'buurthulp_celery_queue_length{queue="celery"}' in web
    assert "buurthulp_signals_overdue" in web

    # The worker's own port counts the task its child process ran.
    worker = scrape(production.worker_metrics_url)
    delivered = [
        value
        for key, value in worker.items()
        if key.startswith("buurthulp_worker_tasks_total{")
        and 'outcome="success"' in key
        and "notifications." in key
    ]
    assert sum(delivered) >= 1
    assert "buurthulp_matching_duration_seconds_count" in worker


def test_every_log_line_of_web_and_worker_is_json(production):
    assert production.web_lines()
    assert production.worker_lines()
