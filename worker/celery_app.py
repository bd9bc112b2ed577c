"""The Celery app, made from the Flask app's config; every task runs in an app context.

Start a worker with ``celery -A worker.celery_app worker`` and beat with
``celery -A worker.celery_app beat``.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from typing import Any

from celery import Celery, Task
from flask import Flask

TASK_MODULES = ["worker.notifications", "worker.matching", "worker.housekeeping"]


def init_celery(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=FlaskTask)
    broker_url = app.config["CELERY_BROKER_URL"]
    celery.conf.update(
        broker_url=broker_url,
        task_ignore_result=True,
        # At-least-once delivery: a task is acknowledged only after it ran, and a task whose
        # worker died is handed to another worker. Tasks are idempotent by state, so a
        # second run finds the work done and does nothing.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        broker_transport_options=_transport_options(broker_url),
        beat_schedule={
            "sweep-outbox": {"task": "housekeeping.sweep_outbox", "schedule": 60.0},
            "expire-postings": {
                "task": "housekeeping.expire_postings",
                "schedule": timedelta(hours=1),
            },
        },
        beat_schedule_filename=f"{app.config['INSTANCE_PATH']}/celerybeat-schedule",
        imports=TASK_MODULES,
    )
    celery.set_default()
    app.extensions["celery"] = celery
    return celery


def _transport_options(broker_url: str) -> dict[str, Any]:
    if broker_url.startswith("redis"):
        # Celery's Redis guidance: a visibility timeout longer than the longest task (ours
        # take seconds), and short socket timeouts so a publish from the web fails fast
        # when Redis is down instead of hanging a request; the outbox sweep catches up.
        return {"visibility_timeout": 3600, "socket_timeout": 5, "socket_connect_timeout": 3}
    return {}


@cache
def _make_default() -> Celery:
    from marketplace import create_app

    return create_app().extensions["celery"]


def __getattr__(name: str) -> Any:
    # ``celery -A worker.celery_app`` looks up ``celery`` here: build the app only then,
    # so importing this module from create_app does not recurse.
    if name in {"celery", "app"}:
        return _make_default()
    raise AttributeError(name)
