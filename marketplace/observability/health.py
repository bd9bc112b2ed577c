"""``/healthz`` and ``/readyz``: for docker compose, Kubernetes and load balancers.

- ``/healthz``: the process is up and answers. No database, no broker: a liveness probe that
  restarted the web because PostgreSQL was down would only make things worse.
- ``/readyz``: the database and the broker answer. 503 with the names of what is down, so
  a load balancer sends no visitors to a process that cannot serve them.

Both answer in front of the Flask app, as WSGI middleware: no session, no log-in, no CSRF,
no rate limit and no page cache touch them, so a probe every few seconds costs almost
nothing and works while those are broken. They answer GET and HEAD only, in JSON.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from sqlalchemy import text

from marketplace.extensions import db

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
BROKER_TIMEOUT = 3.0

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def database_answers(app: Flask) -> bool:
    try:
        with app.app_context(), db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        log.warning("readyz: database unreachable (%s)", type(error).__name__)
        return False
    return True


def broker_answers(app: Flask) -> bool:
    celery = app.extensions["celery"]
    try:
        with celery.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT)
            connection.default_channel  # noqa: B018  (Redis: this PINGs the server)
    except Exception as error:
        log.warning("readyz: broker unreachable (%s)", type(error).__name__)
        return False
    return True


CHECKS: dict[str, Callable[[Flask], bool]] = {
    "database": database_answers,
    "broker": broker_answers,
}


def readiness(app: Flask) -> tuple[int, dict[str, Any]]:
    checks = {name: ("ok" if check(app) else "down") for name, check in CHECKS.items()}
    down = [name for name, state in checks.items() if state != "ok"]
    if down:
        return 503, {"status": "unavailable", "down": down, "checks": checks}
    return 200, {"status": "ready", "checks": checks}


class HealthMiddleware:
    def __init__(self, app: Flask, wrapped: WsgiApp) -> None:
        self.app = app
        self.wrapped = wrapped

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        if path not in (HEALTH_PATH, READY_PATH):
            return self.wrapped(environ, start_response)
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return _answer(start_response, 405, {"status": "method not allowed"}, method)
        if path == HEALTH_PATH:
            return _answer(start_response, 200, {"status": "ok"}, method)
        status, body = readiness(self.app)
        return _answer(start_response, status, body, method)


_REASONS = {200: "OK", 405: "METHOD NOT ALLOWED", 503: "SERVICE UNAVAILABLE"}


def _answer(
    start_response: Callable[..., Any], status: int, body: dict[str, Any], method: str
) -> list[bytes]:
    payload = json.dumps(body).encode()
    headers = [
        ("Content-Type", "application/json"),
        ("Content-Length", str(len(payload))),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ]
    if status == 405:
        headers.append(("Allow", "GET, HEAD"))
    start_response(f"{status} {_REASONS[status]}", headers)
    return [] if method == "HEAD" else [payload]


def init_app(app: Flask) -> None:
    app.wsgi_app = HealthMiddleware(app, app.wsgi_app)  # type: ignore[method-assign]
