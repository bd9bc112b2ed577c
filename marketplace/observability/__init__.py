"""Watching production: health endpoints, Prometheus metrics, JSON logs with a request id.

- ``/healthz`` (the process answers) and ``/readyz`` (the database and the broker answer),
  served in front of the Flask app (``health``): no session, CSRF, rate limit or cache.
- Metrics (``metrics``) on a port of their own, never on the public site: gunicorn's master
  serves them for every web process (``gunicorn.conf.py``), the worker for itself
  (``tasks``).
- Log lines (``logs``): JSON in production, readable in development, each with the request
  id (``request_ids``) of the request that caused it, in the web and in the worker alike.
"""

from __future__ import annotations

from flask import Flask

from marketplace.observability import health, logs, metrics, request_ids, tasks


def init_app(app: Flask) -> None:
    """Called once from ``create_app``, after Celery and before the blueprints, so the
    request id is known before any other ``before_request`` runs."""
    logs.init_app(app)
    request_ids.init_app(app)
    metrics.init_app(app)
    tasks.init_app(app)
    health.init_app(app)
