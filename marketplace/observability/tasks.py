"""The worker's side: the request id travels with each task, JSON logs, a metrics port.

- Publishing (in the web, or a task that publishes another): the current request id goes
  into the task message's headers (``request_id``).
- Running: the worker makes that id current for the task's duration, so every log line of
  the task carries it, and logs "task started"/"task finished" lines with the task's name.
- ``celery worker`` logs through ``observability.logs`` (JSON in production), and serves its
  metrics on ``WORKER_METRICS_PORT`` (default 9101, on ``METRICS_HOST``, 127.0.0.1 unless
  set). With a prefork pool set ``PROMETHEUS_MULTIPROC_DIR``: the child processes write
  their values there and the main process adds them up.
"""

from __future__ import annotations

import logging
import os
import time
from contextvars import Token
from pathlib import Path
from typing import Any

from celery import signals
from flask import Flask
from prometheus_client import multiprocess

from marketplace.observability import logs, metrics, request_ids

log = logging.getLogger("marketplace.tasks")

HEADER = "request_id"
DEFAULT_WORKER_METRICS_PORT = 9101
_STATE: dict[str, Any] = {}
_running: dict[str, tuple[Token[str | None], float]] = {}


def add_request_id(headers: dict[str, Any] | None = None, **_: Any) -> None:
    """``before_task_publish``: put the current request id in the message's headers."""
    request_id = request_ids.current()
    if headers is not None and request_id and HEADER not in headers:
        headers[HEADER] = request_id


def task_request_id(task: Any) -> str | None:
    """The request id a task message carried (custom headers land on ``task.request``)."""
    value = getattr(task.request, HEADER, None)
    return request_ids.accepted(value) if isinstance(value, str) else None


def task_started(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    if task is None or task_id is None:
        return
    _running[task_id] = (request_ids.bind(task_request_id(task)), time.perf_counter())
    log.info("task started", extra={"task": task.name, "task_id": task_id})


def task_finished(
    task_id: str | None = None, task: Any = None, state: str | None = None, **_: Any
) -> None:
    if task is None or task_id is None:
        return
    token, started = _running.pop(task_id, (None, time.perf_counter()))
    outcome = {"SUCCESS": "success", "RETRY": "retry"}.get(state or "", "failure")
    metrics.TASKS.labels(task.name, outcome).inc()
    log.info(
        "task finished",
        extra={
            "task": task.name,
            "task_id": task_id,
            "state": state,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )
    if token is not None:
        request_ids.unbind(token)


def setup_worker_logging(loglevel: Any = None, **_: Any) -> None:
    """``setup_logging``: Celery leaves logging to us (one format for web and worker)."""
    app: Flask | None = _STATE.get("app")
    if app is not None and app.config.get("TESTING"):
        return  # a test's worker thread: pytest keeps its own log capture
    log_format = app.config.get("LOG_FORMAT", "text") if app else "text"
    level = loglevel or (app.config.get("LOG_LEVEL", "INFO") if app else "INFO")
    logs.install(log_format, level)


def start_worker_metrics(**_: Any) -> None:
    """``celeryd_init`` (the ``celery worker`` command only, before its pool starts)."""
    app: Flask | None = _STATE.get("app")
    port = metrics.port_from_env("WORKER_METRICS_PORT", DEFAULT_WORKER_METRICS_PORT)
    if app is None or port is None:
        return
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:  # values of an earlier run would be added to this one's
        clear_folder(Path(folder))
    metrics.serve(app, port, metrics.host_from_env())


def child_process_ended(pid: int | None = None, **_: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(pid or os.getpid())


def clear_folder(folder: Path) -> None:
    """Remove the values an earlier run left in the multiprocess folder (at start only)."""
    folder.mkdir(parents=True, exist_ok=True)
    for values in folder.glob("*.db"):
        values.unlink(missing_ok=True)


def init_app(app: Flask) -> None:
    # The app the worker was made from (``worker.celery_app``); the last one made wins.
    _STATE["app"] = app
    # weak=False and a dispatch_uid: connected once however many apps are made (tests).
    signals.before_task_publish.connect(add_request_id, weak=False, dispatch_uid="obs.publish")
    signals.task_prerun.connect(task_started, weak=False, dispatch_uid="obs.prerun")
    signals.task_postrun.connect(task_finished, weak=False, dispatch_uid="obs.postrun")
    signals.setup_logging.connect(setup_worker_logging, weak=False, dispatch_uid="obs.logging")
    signals.celeryd_init.connect(start_worker_metrics, weak=False, dispatch_uid="obs.metrics")
    signals.worker_process_shutdown.connect(
        child_process_ended, weak=False, dispatch_uid="obs.child_ended"
    )
