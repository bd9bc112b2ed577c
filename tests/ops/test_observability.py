"""Watching production, in one process: health endpoints, metrics, request ids, JSON logs.

tests/ops/test_watching_production.py starts the real processes (gunicorn, a Celery
worker) and checks the same from outside.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import socket
import threading
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from flask import Flask
from prometheus_client.core import Metric
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.registry import Collector
from sqlalchemy import event

from marketplace import create_app, outbox
from marketplace.extensions import db, limiter
from marketplace.notifications.models import Notification, NotificationStatus
from marketplace.observability import logs, metrics, request_ids
from marketplace.signals.models import Signal, SignalStatus
from marketplace.timestamps import utcnow
from tests.conftest import log_in
from tests.conftest import test_config as base_config
from tests.factories import UserFactory
from tests.signals.factories import make_signal

REMEMBER_TASK = "tests.observability.remember"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def redis_url() -> str | None:
    return os.environ.get("TEST_REDIS_URL")


_OWN_APPS: list[Flask] = []


def own_app(tmp_path: Path, **config: Any) -> Flask:
    """An app of the test's own (closed again after the test: no connection left open)."""
    settings = base_config(tmp_path)
    settings.update(config)
    app = create_app(settings)
    _OWN_APPS.append(app)
    return app


@pytest.fixture(autouse=True)
def _close_own_apps(app: Flask) -> Iterator[None]:
    yield
    while _OWN_APPS:
        with _OWN_APPS.pop().app_context():
            db.session.remove()
            db.engine.dispose()
    # create_app made its Celery app the current and default one: the test app's again.
    app.extensions["celery"].set_current()
    app.extensions["celery"].set_default()


def scrape(app: Flask) -> dict[str, float]:
    """Every sample of a scrape as ``'name{label="value",...}' -> value``."""
    samples = {}
    for family in text_string_to_metric_families(metrics.render(app).decode()):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
    return samples


# /healthz and /readyz ------------------------------------------------------------------


def test_healthz_says_the_process_is_up(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json == {"status": "ok"}
    assert answer.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_when_database_and_broker_answer(client):
    answer = client.get("/readyz")
    assert answer.status_code == 200
    assert answer.json == {"status": "ready", "checks": {"database": "ok", "broker": "ok"}}


@pytest.mark.skipif(not redis_url(), reason="needs TEST_REDIS_URL")
def test_readyz_asks_a_redis_broker(tmp_path):
    app = own_app(tmp_path, CELERY_BROKER_URL=redis_url())
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 200
    assert answer.json["checks"]["broker"] == "ok"


def test_a_database_that_cannot_be_reached_makes_readyz_503_but_healthz_200(tmp_path):
    unreachable = f"sqlite:///{tmp_path / 'no-such-folder' / 'buurthulp.db'}"
    client = own_app(tmp_path, SQLALCHEMY_DATABASE_URI=unreachable).test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json["down"] == ["database"]
    assert ready.json["checks"] == {"database": "down", "broker": "ok"}
    assert client.get("/healthz").status_code == 200


def test_a_broker_that_cannot_be_reached_makes_readyz_503(tmp_path):
    client = own_app(tmp_path, CELERY_BROKER_URL=f"redis://127.0.0.1:{free_port()}/0").test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json["down"] == ["broker"]
    assert client.get("/healthz").status_code == 200


def test_health_endpoints_never_read_the_session_or_the_database(app, client):
    log_in(client, UserFactory())  # a session cookie that the pages would look up
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        answer = client.get("/healthz")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert answer.status_code == 200
    assert statements == []
    assert "Set-Cookie" not in answer.headers


def test_health_endpoints_are_not_rate_limited(tmp_path):
    app = own_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_DEFAULT="2 per minute")
    try:
        client = app.test_client()
        assert [client.get("/robots.txt").status_code for _ in range(3)][-1] == 429
        assert {client.get("/healthz").status_code for _ in range(5)} == {200}
        assert {client.get("/readyz").status_code for _ in range(5)} == {200}
    finally:
        # The limiter is one global object and keeps default limits once set: later apps
        # on this worker (tests/security/test_action_limits.py) must not inherit them.
        limiter.limit_manager.set_default_limits([])
        limiter.enabled = False


def test_health_endpoints_need_no_csrf_token_and_answer_only_get_and_head(
    app, client, csrf_enabled
):
    assert client.head("/readyz").status_code == 200
    answer = client.post("/healthz")
    assert answer.status_code == 405
    assert answer.headers["Allow"] == "GET, HEAD"


# Metrics -------------------------------------------------------------------------------


def test_requests_are_counted_by_endpoint_not_by_address(app, client):
    before = scrape(app)
    client.get("/robots.txt")
    client.get("/oproepen/999999")
    client.get("/oproepen/999998")
    client.get("/no-such-page-here")
    after = scrape(app)

    def grew(key: str) -> float:
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert (
        grew('buurthulp_http_requests_total{endpoint="pages.robots",method="GET",status="200"}')
        == 1
    )
    detail = 'buurthulp_http_requests_total{endpoint="postings.detail",method="GET",status="404"}'
    assert grew(detail) == 2
    unmatched = 'buurthulp_http_requests_total{endpoint="unmatched",method="GET",status="404"}'
    assert grew(unmatched) == 1
    assert grew('buurthulp_http_request_duration_seconds_count{endpoint="pages.robots"}') == 1
    assert not [key for key in after if "999999" in key or "no-such-page" in key]


def test_server_errors_are_counted_per_endpoint(tmp_path):
    app = own_app(tmp_path)

    @app.route("/_broken")
    def broken() -> str:
        raise RuntimeError("broken on purpose")

    before = scrape(app).get('buurthulp_http_request_errors_total{endpoint="broken"}', 0.0)
    assert app.test_client().get("/_broken").status_code == 500
    after = scrape(app)['buurthulp_http_request_errors_total{endpoint="broken"}']
    assert after - before == 1


def test_metrics_show_the_outbox_backlog_and_the_oldest_pending_notification(app, session):
    user = UserFactory()
    for number, age in enumerate((timedelta(minutes=10), timedelta(minutes=1))):
        session.add(
            Notification(
                recipient_id=user.id,
                kind="new_response",
                idempotency_key=f"observability:{number}",
                to_email=user.email,
                subject="Onderwerp",
                body="Tekst",
                created_at=utcnow() - age,
            )
        )
    sent = Notification(
        recipient_id=user.id,
        kind="new_response",
        idempotency_key="observability:sent",
        to_email=user.email,
        subject="Onderwerp",
        body="Tekst",
        status=NotificationStatus.SENT,
        created_at=utcnow() - timedelta(hours=5),
    )
    session.add(sent)
    session.commit()

    samples = scrape(app)
    assert samples["buurthulp_database_up"] == 1
    assert samples['buurthulp_outbox_backlog{kind="notification"}'] == 2
    assert 600 <= samples["buurthulp_oldest_pending_notification_age_seconds"] < 700


def test_metrics_say_no_notification_waits_when_none_does(app):
    samples = scrape(app)
    assert samples['buurthulp_outbox_backlog{kind="notification"}'] == 0
    assert samples["buurthulp_oldest_pending_notification_age_seconds"] == 0


def test_metrics_count_open_signals_past_their_first_contact_time(app, session):
    overdue = make_signal()
    overdue.first_contact_due_at = utcnow() - timedelta(hours=1)
    closed = make_signal(house_number="14")
    closed.first_contact_due_at = utcnow() - timedelta(hours=1)
    closed.status = SignalStatus.CLOSED
    make_signal(house_number="16")  # due later
    session.commit()
    assert session.query(Signal).count() == 3
    assert scrape(app)["buurthulp_signals_overdue"] == 1


def test_metrics_show_the_celery_queue_length(tmp_path):
    broker = redis_url() or f"sqla+sqlite:///{tmp_path / 'broker.db'}"
    app = own_app(tmp_path, CELERY_BROKER_URL=broker)
    celery = app.extensions["celery"]
    # A queue of this test's own: no worker of another test takes from it.
    queue = f"observability-{os.getpid()}-{tmp_path.name}"
    celery.conf.task_default_queue = queue
    with app.app_context():
        for row_id in (1, 2, 3):
            assert outbox.publish("matching.match_posting", row_id)
    try:
        samples = scrape(app)
        assert samples["buurthulp_broker_up"] == 1
        assert samples[f'buurthulp_celery_queue_length{{queue="{queue}"}}'] == 3
    finally:
        with celery.connection_for_write() as connection:
            connection.default_channel.queue_delete(queue)


def test_metrics_say_when_the_broker_is_down(tmp_path):
    app = own_app(tmp_path, CELERY_BROKER_URL=f"redis://127.0.0.1:{free_port()}/0")
    samples = scrape(app)
    assert samples["buurthulp_broker_up"] == 0
    assert not [key for key in samples if key.startswith("buurthulp_celery_queue_length")]


def test_the_metrics_are_not_served_by_the_public_app(client):
    assert client.get("/metrics").status_code == 404


def test_the_metrics_server_listens_on_its_own_port_on_127_0_0_1(app):
    port = free_port()
    server = metrics.serve(app, port)
    try:
        assert server.server_address[0] == "127.0.0.1"
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET /metrics HTTP/1.0\r\nHost: x\r\n\r\n")
            page = b""
            while chunk := sock.recv(65536):
                page += chunk
        assert b"buurthulp_http_requests_total" in page
        assert b"buurthulp_outbox_backlog" in page
    finally:
        server.shutdown()
        server.server_close()


def test_a_fork_waits_for_a_scrape_in_progress(app, monkeypatch):
    """The gunicorn master forks a new worker while its metrics thread may be scraping (and
    importing the broker's modules): the child must not inherit a half-done import."""
    in_scrape, scrape_may_end, forked = threading.Event(), threading.Event(), threading.Event()

    class SlowScrape(Collector):
        def collect(self) -> list[Metric]:
            in_scrape.set()
            scrape_may_end.wait(10)
            return []

    monkeypatch.setattr(metrics, "scrape_registry", lambda app: SlowScrape())
    port = free_port()
    server = metrics.serve(app, port)
    url = f"http://127.0.0.1:{port}/metrics"
    scraper = threading.Thread(target=lambda: urllib.request.urlopen(url, timeout=15).read())

    def fork() -> None:
        child = os.fork()
        if child == 0:
            os._exit(0)
        os.waitpid(child, 0)
        forked.set()

    try:
        scraper.start()
        assert in_scrape.wait(10)
        threading.Thread(target=fork).start()
        assert not forked.wait(0.5), "the process forked in the middle of a scrape"
        scrape_may_end.set()
        assert forked.wait(10)
        scraper.join(10)
    finally:
        scrape_may_end.set()
        server.shutdown()
        server.server_close()


# Request ids ---------------------------------------------------------------------------


def test_every_response_carries_a_new_request_id(client):
    first = client.get("/robots.txt").headers["X-Request-ID"]
    second = client.get("/robots.txt").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_a_sane_incoming_request_id_is_kept(client):
    answer = client.get("/robots.txt", headers={"X-Request-ID": "lb-7f3a9c2e-0001"})
    assert answer.headers["X-Request-ID"] == "lb-7f3a9c2e-0001"


@pytest.mark.parametrize(
    "incoming", ["short", "x" * 200, 'abc"} {"level":"ERROR', "<script>alert(1)</script>"]
)
def test_an_odd_incoming_request_id_is_replaced(client, incoming):
    answer = client.get("/robots.txt", headers={"X-Request-ID": incoming})
    assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["X-Request-ID"])


# Log lines -----------------------------------------------------------------------------


@pytest.fixture
def logged_app(tmp_path: Path) -> Iterator[tuple[Flask, io.StringIO]]:
    app = own_app(tmp_path)

    @app.route("/_log")
    def log_something() -> str:
        logging.getLogger("marketplace.test").warning("posting %s checked", 7, extra={"n": 2})
        return "ok"

    stream = io.StringIO()
    logs.install("json", "INFO", stream)
    try:
        yield app, stream
    finally:
        logs.uninstall()


def test_a_log_line_in_production_is_one_json_object_with_the_request_id(logged_app):
    app, stream = logged_app
    answer = app.test_client().get("/_log", headers={"X-Request-ID": "req-0123456789"})
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    line = next(line for line in lines if line["logger"] == "marketplace.test")
    assert line["message"] == "posting 7 checked"
    assert line["level"] == "WARNING"
    assert line["request_id"] == answer.headers["X-Request-ID"] == "req-0123456789"
    assert line["n"] == 2
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])


def test_a_log_line_outside_a_request_has_no_request_id(logged_app):
    _, stream = logged_app
    logging.getLogger("marketplace.test").warning("at start")
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["message"] == "at start"
    assert "request_id" not in line


def test_an_exception_is_logged_inside_its_json_line(logged_app):
    _, stream = logged_app
    try:
        raise ValueError("kapot")
    except ValueError:
        logging.getLogger("marketplace.test").exception("it broke")
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert "ValueError: kapot" in line["exception"]


def test_a_security_event_is_nested_in_its_json_line(logged_app):
    from marketplace.security_log import log_security_event

    app, _ = logged_app
    stream = io.StringIO()
    security = logging.getLogger("buurthulp.security")
    handler = logging.StreamHandler(stream)
    security.addHandler(handler)
    try:
        logs.install("json", "INFO", io.StringIO())  # gives the security log's handlers JSON
        with app.test_request_context("/", headers={"X-Request-ID": "req-securityline"}):
            token = request_ids.bind("req-securityline")
            try:
                log_security_event("login.failed", user_id=7)
            finally:
                request_ids.unbind(token)
    finally:
        security.removeHandler(handler)
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["message"] == "security login.failed"
    assert line["security"]["event"] == "login.failed"
    assert line["security"]["user_id"] == 7
    assert line["request_id"] == "req-securityline"


def test_development_logs_are_readable_text_with_the_request_id():
    stream = io.StringIO()
    logs.install("text", "INFO", stream)
    token = request_ids.bind("req-abcdefgh")
    try:
        logging.getLogger("marketplace.test").warning("hallo")
    finally:
        request_ids.unbind(token)
        logs.uninstall()
    assert re.search(r" WARNING \[req-abcdefgh\] marketplace\.test: hallo$", stream.getvalue())


def test_gunicorn_access_lines_become_json_fields_with_the_request_id():
    atoms = {
        "m": "GET",
        "U": "/wachtwoord-herstellen/[token]",
        "s": "200",
        "D": 12345,
        "B": 512,
        "h": "127.0.0.1",
        "a": "curl/8",
        "{x-request-id}o": "req-0123456789",
    }
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(m)s", (atoms,), None)
    line = json.loads(logs.JsonFormatter().format(record))
    assert line["request_id"] == "req-0123456789"
    assert line["path"] == "/wachtwoord-herstellen/[token]"
    assert line["status"] == 200
    assert line["duration_ms"] == 12.3


def test_production_logs_json_and_development_text_unless_told():
    from marketplace.config import load_config

    production = {
        "APP_ENV": "production",
        "SECRET_KEY": "p" * 48,
        "SMTP_URL": "smtp://127.0.0.1:25",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/1",
        "DATA_ENCRYPTION_KEYS": "TjXS4DtFlXB2YaZLOI8wsKal7Hi7iKwdcIppZ1aFXtI=",
    }
    assert load_config(production)["LOG_FORMAT"] == "json"
    assert load_config({"INSTANCE_PATH": "/tmp/x"})["LOG_FORMAT"] == "text"
    assert load_config({**production, "LOG_FORMAT": "text"})["LOG_FORMAT"] == "text"


# The request id reaches the worker -----------------------------------------------------


def test_a_task_published_during_a_request_runs_with_its_request_id(tmp_path):
    app = own_app(tmp_path, OUTBOX_RELAY_ENABLED=True)
    celery = app.extensions["celery"]
    seen: list[str | None] = []
    ran = threading.Event()

    @celery.task(name=REMEMBER_TASK)
    def remember(row_id: int) -> None:
        seen.append(request_ids.current())
        logging.getLogger("marketplace.test").info("task ran")
        ran.set()

    @app.route("/_publish")
    def publish() -> str:
        outbox.publish(REMEMBER_TASK, 1)
        return "ok"

    stream = io.StringIO()
    logs.install("json", "INFO", stream)
    try:
        with start_worker(celery, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            answer = app.test_client().get("/_publish")
            assert ran.wait(20), "the worker did not run the task"
    finally:
        logs.uninstall()
    request_id = answer.headers["X-Request-ID"]
    assert seen == [request_id]
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    task_lines = [line for line in lines if line.get("task") == REMEMBER_TASK]
    assert {line["message"] for line in task_lines} >= {"task started", "task finished"}
    assert {line["request_id"] for line in task_lines} == {request_id}
    assert [line["request_id"] for line in lines if line["message"] == "task ran"] == [request_id]
    assert request_ids.current() is None  # nothing left behind in this thread
