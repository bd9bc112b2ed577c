"""Prometheus metrics, served on a port of their own (never on the public site).

Per request (counted in each web process): ``buurthulp_http_requests_total``,
``buurthulp_http_request_duration_seconds`` and ``buurthulp_http_request_errors_total``, by
Flask endpoint (``postings.detail``), never by raw path: one series per page, whatever ids
are in the address. Under gunicorn every process writes its values to files in
``PROMETHEUS_MULTIPROC_DIR`` and the master adds them up when scraped (``gunicorn.conf.py``).

Read at scrape time from the database and the broker (``SystemCollector``): the outbox
backlog, the age of the oldest pending notification, the Celery queue length and the
concern signals past their first-contact time. The worker measures matching
(``buurthulp_matching_duration_seconds``) and serves its own port (``observability.tasks``).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import UTC
from typing import Any

from flask import Flask, Response, request
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from marketplace.matching.models import MatchRequest
from marketplace.notifications.models import Notification, NotificationStatus
from marketplace.signals.models import Signal, SignalStatus
from marketplace.timestamps import utcnow

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
# Under gunicorn or a prefork worker each process writes its values to files in this folder
# (read by prometheus_client when it is imported): it must exist before the first metric.
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)
_START_KEY = "buurthulp.metrics_start"

REQUESTS = Counter(
    "buurthulp_http_requests_total",
    "Requests answered, by Flask endpoint, method and status code.",
    ["endpoint", "method", "status"],
)
LATENCY = Histogram(
    "buurthulp_http_request_duration_seconds",
    "Time from the start of the request to the response, by Flask endpoint.",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0),
)
ERRORS = Counter(
    "buurthulp_http_request_errors_total",
    "Requests answered with a server error (5xx), by Flask endpoint.",
    ["endpoint"],
)
MATCHING_DURATION = Histogram(
    "buurthulp_matching_duration_seconds",
    "Time the worker took to carry out one match request.",
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)
TASKS = Counter(
    "buurthulp_worker_tasks_total",
    "Tasks the worker finished, by task name and outcome (success, failure, retry).",
    ["task", "outcome"],
)


def endpoint_label() -> str:
    # An address that matches no route has no endpoint: all of those are one series.
    return request.endpoint or "unmatched"


def _start() -> None:
    request.environ[_START_KEY] = time.perf_counter()


def _count(response: Response) -> Response:
    started = request.environ.get(_START_KEY)
    endpoint = endpoint_label()
    REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    if started is not None:
        LATENCY.labels(endpoint).observe(time.perf_counter() - started)
    if response.status_code >= 500:
        ERRORS.labels(endpoint).inc()
    return response


class SystemCollector(Collector):
    """The state of the queues, read from the database and the broker when scraped.

    Opens its own connection each time (no pool): the gunicorn master scrapes, and a pool
    made there would be inherited by every worker it forks later.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._engine: Engine | None = None

    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = create_engine(
                self.app.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool
            )
        return self._engine

    def collect(self) -> Iterator[Metric]:
        yield from self._database_metrics()
        yield from self._broker_metrics()

    def _database_metrics(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "buurthulp_database_up", "1 when the database answered the metrics query."
        )
        try:
            values = self._read_database()
        except Exception as error:
            log.warning("metrics: database unreachable (%s)", type(error).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        backlog = GaugeMetricFamily(
            "buurthulp_outbox_backlog",
            "Outbox rows not yet carried out, by kind (notification: pending or being "
            "sent; match_request: not completed).",
            labels=["kind"],
        )
        backlog.add_metric(["notification"], values["notifications"])
        backlog.add_metric(["match_request"], values["match_requests"])
        yield backlog
        yield GaugeMetricFamily(
            "buurthulp_oldest_pending_notification_age_seconds",
            "Age of the oldest notification still waiting to be sent (0: none waits).",
            value=values["oldest_age"],
        )
        yield GaugeMetricFamily(
            "buurthulp_signals_overdue",
            "Open concern signals past their first-contact time without a first contact.",
            value=values["signals_overdue"],
        )

    def _read_database(self) -> dict[str, float]:
        now = utcnow()
        waiting = Notification.status.in_([NotificationStatus.PENDING, NotificationStatus.SENDING])
        with self.engine().connect() as connection:
            notifications = connection.scalar(select(func.count()).where(waiting))
            oldest = connection.scalar(select(func.min(Notification.created_at)).where(waiting))
            match_requests = connection.scalar(
                select(func.count()).where(MatchRequest.completed_at.is_(None))
            )
            overdue = connection.scalar(
                select(func.count()).where(
                    # As the coordinators are told (signals.handling.report_overdue_batch).
                    Signal.status.in_((SignalStatus.NEW, SignalStatus.IN_PROGRESS)),
                    Signal.first_contact_at.is_(None),
                    Signal.first_contact_due_at < now,
                )
            )
        if oldest is not None and oldest.tzinfo is None:  # SQLite keeps no zone: it is UTC
            oldest = oldest.replace(tzinfo=UTC)
        return {
            "notifications": float(notifications or 0),
            "match_requests": float(match_requests or 0),
            "oldest_age": max(0.0, (now - oldest).total_seconds()) if oldest else 0.0,
            "signals_overdue": float(overdue or 0),
        }

    def _broker_metrics(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("buurthulp_broker_up", "1 when the Celery broker answered.")
        try:
            length = celery_queue_length(self.app)
        except Exception as error:
            log.warning("metrics: broker unreachable (%s)", type(error).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        queue = GaugeMetricFamily(
            "buurthulp_celery_queue_length",
            "Tasks waiting in the broker's queue for a worker.",
            labels=["queue"],
        )
        queue.add_metric([length[0]], length[1])
        yield queue


def celery_queue_length(app: Flask) -> tuple[str, int]:
    """(queue name, messages waiting) of Celery's default queue, asked of the broker."""
    celery = app.extensions["celery"]
    name = celery.conf.task_default_queue
    with celery.connection_for_read() as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, timeout=3)
        try:
            declared = connection.default_channel.queue_declare(queue=name, passive=True)
        except connection.channel_errors:  # no such queue yet: nothing was ever sent
            return name, 0
        return name, int(declared.message_count)


class _ThisProcess(Collector):
    """This process's own metrics plus the system's: without gunicorn (tests, one process)."""

    def __init__(self, app: Flask) -> None:
        self.system = SystemCollector(app)

    def collect(self) -> Iterable[Metric]:
        yield from REGISTRY.collect()
        yield from self.system.collect()


def scrape_registry(app: Flask) -> Collector | CollectorRegistry:
    """What a scrape shows: every process's values when ``PROMETHEUS_MULTIPROC_DIR`` is set
    (gunicorn, a worker with child processes), else this process's; and the system's."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return _ThisProcess(app)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(SystemCollector(app))
    return registry


def render(app: Flask) -> bytes:
    """The metrics page as a scrape would see it (Prometheus text format)."""
    return generate_latest(scrape_registry(app))


# The metrics thread runs in the gunicorn master and the Celery worker's main process, which
# fork new workers now and then. A fork while a scrape imports a module (the broker's, on
# the first scrape) hands the child that module half-imported, and the child's first
# publish fails. So a fork waits for a scrape in progress, and a scrape for a fork.
_SCRAPE_OR_FORK = threading.Lock()
os.register_at_fork(
    before=_SCRAPE_OR_FORK.acquire,
    after_in_parent=_SCRAPE_OR_FORK.release,
    after_in_child=_SCRAPE_OR_FORK.release,
)


class _NotDuringAFork(Collector):
    def __init__(self, scraped: Collector | CollectorRegistry) -> None:
        self.scraped = scraped

    def collect(self) -> Iterable[Metric]:
        with _SCRAPE_OR_FORK:
            return list(self.scraped.collect())


def serve(app: Flask, port: int, host: str = DEFAULT_HOST) -> Any:
    """Serve the metrics on ``host:port`` in a thread of this process; None if the port is
    taken (logged: the site matters more than its metrics)."""
    registry = _NotDuringAFork(scrape_registry(app))
    try:
        server, _thread = start_http_server(port, addr=host, registry=registry)
    except OSError as error:
        log.error("metrics: cannot listen on %s:%s (%s)", host, port, error)
        return None
    log.info("metrics on http://%s:%s/metrics", host, port)
    return server


def port_from_env(variable: str, default: int) -> int | None:
    """``variable`` as a port; "0", "off" or "" switch the metrics server off."""
    value = os.environ.get(variable)
    if value is None:
        return default
    if value.strip().lower() in {"", "0", "off", "false", "no"}:
        return None
    return int(value)


def host_from_env() -> str:
    return os.environ.get("METRICS_HOST") or DEFAULT_HOST


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_count)
